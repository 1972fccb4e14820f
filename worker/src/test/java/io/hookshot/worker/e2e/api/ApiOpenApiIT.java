package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.api.OpenApiDocument.Operation;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /openapi.json}: served without a token, it describes every route the server registers and no other,
 * says which need the token as the server enforces it, is accepted by a standard OpenAPI parser and validator, and
 * each of its examples matches its own schema. Real responses against it: {@link ApiOpenApiResponsesIT}.
 */
@ExtendWith(RealServers.class)
class ApiOpenApiIT {
    /** The dashboard's page and its static files: served by the server, but no part of the API it describes. */
    private static boolean dashboard(String route) {
        return route.equals("GET /") || route.startsWith("GET /dashboard/");
    }
    /** A route as the README's Admin API section names one: {@code `GET /v1/messages?status=...`}. */
    private static final Pattern README_ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) ([^`?\\s]+)[^`]*`");

    @Test
    void describesEveryRegisteredRouteAndNoOther(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            OpenApiDocument spec = OpenApiDocument.of(api);
            Set<String> registered = api.server.routes().stream()
                    .map(r -> r.method() + " " + r.path())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(registered)
                    .as("the routes listed are the server's, filters left out")
                    .contains("POST /v1/messages", "GET /health/ready", "GET /openapi.json")
                    .contains("GET /", "GET /dashboard/app.js", "GET /dashboard/style.css")
                    .noneMatch(route -> route.startsWith("BEFORE") || route.startsWith("AFTER"));
            registered.removeIf(ApiOpenApiIT::dashboard);
            assertThat(spec.routes()).containsExactlyInAnyOrderElementsOf(registered);
        }
    }

    @Test
    void theTokenIsRequiredExactlyWhereTheDescriptionSays(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            OpenApiDocument spec = OpenApiDocument.of(api);
            assertThat(spec.root.at("/components/securitySchemes/bearer/scheme").asText())
                    .isEqualTo("bearer");
            for (Operation op : spec.operations()) {
                boolean apiRoute = op.path().startsWith("/v1/") || op.path().startsWith("/api/webhooks");
                assertThat(spec.secured(op)).as(op.route()).isEqualTo(apiRoute);
                String path = op.path().replace("{tenant}", "acme").replaceAll("\\{[^}]+}", "x");
                Response anonymous = api.call(op.method(), path, op.method().equals("GET") ? null : "{}", null);
                if (spec.secured(op)) {
                    assertThat(anonymous.status()).as(op.route()).isEqualTo(401);
                    spec.assertDocuments(op.method(), op.path(), anonymous);
                } else {
                    assertThat(anonymous.status()).as(op.route()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aStandardValidatorAcceptsIt(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            OpenApiDocument spec = OpenApiDocument.of(api);
            assertThat(validatorMessages(spec.root.toString())).isEmpty();
            ObjectNode broken = spec.root.deepCopy();
            broken.remove("info");
            ((ObjectNode) broken.at("/paths/~1v1~1messages/post")).remove("responses");
            ((ObjectNode) broken.at("/paths/~1v1~1stats/get/responses/200/content/application~1json"))
                    .put("schema", "#/components/schemas/NoSuchSchema");
            assertThat(validatorMessages(broken.toString()))
                    .as("the validator does find faults")
                    .anySatisfy(m -> assertThat(m).contains("info"))
                    .anySatisfy(m -> assertThat(m).contains("responses"))
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }

    /** What swagger-parser's OpenAPI 3 parser and validator say about the description; empty when all is well. */
    private static List<String> validatorMessages(String description) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readContents(description, null, options).getMessages();
    }

    @Test
    void everyOperationWithABodyHasAnExampleThatMatchesItsSchema(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            OpenApiDocument spec = OpenApiDocument.of(api);
            Map<String, OpenApiDocument.Example> examples = spec.examples();
            assertThat(examples).hasSizeGreaterThan(40);
            examples.forEach((where, documented) -> {
                if (where.startsWith("GET /openapi.json ")) {
                    return; // the example of this description would be itself
                }
                assertThat(documented.example()).as("%s has an example", where).isNotNull();
                assertThat(spec.errors(documented.schema(), documented.example()))
                        .as(where)
                        .isEmpty();
            });
            for (Operation op : spec.operations()) {
                assertThat(op.node().get("responses").properties().stream()
                                .anyMatch(r -> r.getKey().startsWith("2")))
                        .as("%s documents its success", op.route())
                        .isTrue();
            }
        }
    }

    @Test
    void theReadmesAdminApiSectionNamesEveryDescribedRouteAndNoOther(TestServers servers) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int from = readme.indexOf("\n## Admin API");
        assertThat(from).as("the README has an Admin API section").isPositive();
        Matcher named = README_ROUTE.matcher(readme.substring(from, readme.indexOf("\n## ", from + 1)));
        try (ApiFixture api = new ApiFixture(servers)) {
            Set<String> described = OpenApiDocument.of(api).routes();
            Set<String> inReadme = new TreeSet<>();
            while (named.find()) {
                inReadme.add(unabbreviated(named.group(1), named.group(2), described));
            }
            assertThat(inReadme).containsExactlyInAnyOrderElementsOf(described);
        }
    }

    /** The README's {@code GET .../endpoints/{id}} as the one described route it abbreviates; others as they are. */
    private static String unabbreviated(String method, String path, Set<String> described) {
        if (!path.startsWith("...")) {
            return method + " " + path;
        }
        List<String> matches = described.stream()
                .filter(route -> route.startsWith(method + " ") && route.endsWith(path.substring(3)))
                .toList();
        assertThat(matches)
                .as("the README's %s %s stands for one route", method, path)
                .hasSize(1);
        return matches.getFirst();
    }
}
