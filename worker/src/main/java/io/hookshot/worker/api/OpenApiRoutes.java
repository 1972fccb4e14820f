package io.hookshot.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@code GET /openapi.json}, without a token: the admin API's OpenAPI 3.1 description. It is written as YAML
 * ({@value #RESOURCE} on the class path) and served as JSON, converted at the first request and kept from then on.
 * Immutable and thread-safe.
 */
final class OpenApiRoutes {
    static final String PATH = "/openapi.json";
    static final String RESOURCE = "/io/hookshot/api/openapi.yaml";

    void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(Cached.JSON));
    }

    /** The description as JSON bytes, read on first use (the class is initialised then, once). */
    private static final class Cached {
        static final byte[] JSON = toJson(RESOURCE);
    }

    private static byte[] toJson(String resource) {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the OpenAPI description is missing from the class path (" + resource + "): a packaging bug");
            }
            LoaderOptions options = new LoaderOptions();
            Object document = new Yaml(
                            new SafeConstructor(options),
                            new Representer(new DumperOptions()),
                            new DumperOptions(),
                            options,
                            new TextTimestamps())
                    .load(in);
            return new ObjectMapper().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the OpenAPI description (" + resource + ") cannot be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI description " + resource, e);
        }
    }

    /**
     * YAML 1.1's implicit types without timestamps: an unquoted date-time in an example stays the text it is in JSON,
     * instead of becoming a {@link java.util.Date}.
     */
    private static final class TextTimestamps extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
