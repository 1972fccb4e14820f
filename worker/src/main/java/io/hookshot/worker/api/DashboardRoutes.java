package io.hookshot.worker.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: static files (the page, its script as a few ES modules, a style sheet) from the class path, served
 * without a token at {@value #PAGE_PATH} and under {@value #ASSET_PREFIX}. The page itself holds no data: its script
 * calls the {@code /v1} API with the token the user gives it. Every response carries {@link #SECURITY_HEADERS} (no
 * inline script or style, no sniffing, no referrer). Files are read once, at construction. Immutable and thread-safe.
 */
final class DashboardRoutes {
    static final String PAGE_PATH = "/";
    static final String ASSET_PREFIX = "/dashboard/";
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");
    private static final String RESOURCES = "/io/hookshot/dashboard/";

    /** A file to serve: its bytes and content type. */
    private record StaticFile(byte[] bytes, String contentType) {}

    /** The script's ES modules: {@code app.js} imports the others. */
    static final List<String> SCRIPTS = List.of(
            "app.js", "core.js", "chart.js", "messages.js", "dead-letters.js", "tenants.js", "events.js", "origins.js");

    private final StaticFile page = load("index.html", "text/html; charset=utf-8");
    private final Map<String, StaticFile> assets = assets();

    void register(RoutesConfig routes) {
        routes.get(PAGE_PATH, ctx -> serve(ctx, page));
        assets.forEach((name, file) -> routes.get(ASSET_PREFIX + name, ctx -> serve(ctx, file)));
    }

    private static Map<String, StaticFile> assets() {
        Map<String, StaticFile> files = new LinkedHashMap<>();
        SCRIPTS.forEach(name -> files.put(name, load(name, "text/javascript; charset=utf-8")));
        files.put("style.css", load("style.css", "text/css; charset=utf-8"));
        return Map.copyOf(files);
    }

    private static void serve(Context ctx, StaticFile file) {
        SECURITY_HEADERS.forEach(ctx::header);
        ctx.contentType(file.contentType()).result(file.bytes());
    }

    private static StaticFile load(String name, String contentType) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the class path ("
                        + RESOURCES + name + "): a packaging bug");
            }
            return new StaticFile(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + name, e);
        }
    }
}
