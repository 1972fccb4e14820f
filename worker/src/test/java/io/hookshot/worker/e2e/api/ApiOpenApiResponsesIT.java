package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real answers of every kind of route (registry, messages, dead letters, events, stats, the original routes, health,
 * problems) match the schema {@code GET /openapi.json} documents for their route and status, over real Redis,
 * PostgreSQL, a worker and receivers; and the documented examples of a created endpoint and a message have the
 * fields the real ones have.
 */
@ExtendWith(RealServers.class)
class ApiOpenApiResponsesIT {

    @Test
    void realResponsesMatchTheDocumentedSchemas(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver ok = TestReceiver.alwaysOk();
                TestReceiver gone = TestReceiver.answering(Answer.status(410))) {
            OpenApiDocument spec = OpenApiDocument.of(api);
            Checked call = new Checked(api, spec);
            String tenant = "acme-" + api.queue.queue;
            String type = "invoice.paid";
            call.expect(201, "POST", "/v1/event-types", "/v1/event-types", """
                    {"name": "invoice.paid", "description": "An invoice was paid",
                     "schema": {"type": "object", "properties": {"invoice": {"type": "integer"}}}}""");
            call.expect(200, "GET", "/v1/event-types", "/v1/event-types", null);
            call.expect(200, "GET", "/v1/event-types/{name}", "/v1/event-types/" + type, null);
            call.expect(200, "PATCH", "/v1/event-types/{name}", "/v1/event-types/" + type, "{\"description\": null}");
            call.expect(409, "POST", "/v1/event-types", "/v1/event-types", "{\"name\": \"invoice.paid\"}");

            String endpoints = "/v1/tenants/" + tenant + "/endpoints";
            String ep = "/v1/tenants/{tenant}/endpoints/{id}";
            Response created = call.expect(
                    201, "POST", "/v1/tenants/{tenant}/endpoints", endpoints, """
                    {"url": "%s", "eventTypes": ["invoice.paid"], "channels": ["eu"], "rateLimit": 50,
                     "headers": {"X-Team": "billing"}, "metadata": {"owner": "ops"}}""".formatted(ok.url("/ledger")));
            String id = created.json().get("id").asText();
            String one = endpoints + "/" + id;
            assertThat(fields(created.json()))
                    .as("the documented example of a created endpoint has the real one's fields")
                    .isEqualTo(fields(example(spec, "POST", "/v1/tenants/{tenant}/endpoints", 201)));
            call.expect(200, "GET", "/v1/tenants/{tenant}/endpoints", endpoints, null);
            call.expect(200, "GET", ep, one, null);
            call.expect(200, "PATCH", ep, one, "{\"rateLimit\": null, \"description\": \"EU ledger\"}");
            call.expect(200, "GET", ep + "/secret", one + "/secret", null);
            call.expect(200, "POST", ep + "/secret/rotate", one + "/secret/rotate", "{\"graceSeconds\": 60}");
            call.expect(202, "POST", ep + "/test", one + "/test", "{\"eventType\": \"invoice.paid\"}");
            call.expect(400, "POST", ep + "/recover", one + "/recover", null);

            String delivered = call.expect(
                            202, "POST", "/v1/messages", "/v1/messages", """
                            {"url": "%s", "payload": {"order": 42}, "retrySchedule": ["1s"]}""".formatted(ok.url("/orders")))
                    .json()
                    .get("id")
                    .asText();
            String dead = call.expect(202, "POST", "/api/webhooks", "/api/webhooks", """
                            {"target_url": "%s", "payload": [1, 2], "retry_config": {"max_attempts": 2}}""".formatted(gone.url("/old")))
                    .json()
                    .get("id")
                    .asText();
            String event = call.expect(
                            202, "POST", "/v1/tenants/{tenant}/events", "/v1/tenants/" + tenant + "/events", """
                            {"eventType": "invoice.paid", "payload": {"invoice": 7}, "channels": ["eu"]}""")
                    .json()
                    .get("id")
                    .asText();
            call.expect(400, "POST", "/v1/tenants/{tenant}/events", "/v1/tenants/" + tenant + "/events", """
                    {"eventType": "invoice.paid", "payload": {"invoice": "seven"}}""");

            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                api.queue.awaitFinal(List.of(delivered, dead), Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> {
                            assertThat(api.get("/v1/events/" + event).status()).isEqualTo(200);
                            assertThat(api.get("/v1/dead-letters/" + dead).status())
                                    .isEqualTo(200);
                        });
            }

            Response message = call.expect(200, "GET", "/v1/messages/{id}", "/v1/messages/" + delivered, null);
            assertThat(fields(message.json())).isEqualTo(fields(example(spec, "GET", "/v1/messages/{id}", 200)));
            call.expect(200, "GET", "/v1/messages/{id}/attempts", "/v1/messages/" + delivered + "/attempts", null);
            call.expect(200, "GET", "/v1/messages", "/v1/messages?status=delivered&since=1h&limit=5", null);
            call.expect(404, "GET", "/v1/messages/{id}", "/v1/messages/msg_nope", null);
            call.expect(400, "GET", "/v1/messages", "/v1/messages?limit=0", null);
            call.expect(200, "GET", "/v1/dead-letters", "/v1/dead-letters?since=1h", null);
            call.expect(200, "GET", "/v1/dead-letters/{id}", "/v1/dead-letters/" + dead, null);
            call.expect(200, "POST", "/v1/dead-letters/replay", "/v1/dead-letters/replay?dryRun=true&since=1h", null);
            call.expect(200, "DELETE", "/v1/dead-letters", "/v1/dead-letters?dryRun=true&since=1h", null);
            call.expect(200, "GET", "/api/webhooks/{id}/status", "/api/webhooks/" + dead + "/status", null);
            call.expect(200, "GET", "/api/webhooks/{id}/attempts", "/api/webhooks/" + dead + "/attempts", null);
            call.expect(200, "GET", "/v1/events/{id}", "/v1/events/" + event, null);
            call.expect(200, "GET", "/v1/tenants/{tenant}/events", "/v1/tenants/" + tenant + "/events", null);
            call.expect(200, "GET", ep + "/stats", one + "/stats", null);
            call.expect(200, "POST", ep + "/recover", one + "/recover?since=1h&rate=5", null);
            call.expect(200, "GET", "/v1/stats", "/v1/stats", null);
            call.expect(200, "GET", "/v1/origins/health", "/v1/origins/health", null);
            call.expect(202, "POST", "/v1/dead-letters/{id}/replay", "/v1/dead-letters/" + dead + "/replay", null);
            call.expect(404, "POST", "/v1/dead-letters/{id}/replay", "/v1/dead-letters/" + dead + "/replay", null);

            call.expect(204, "DELETE", ep, one, null);
            call.expect(404, "DELETE", ep, one, null);
            call.expect(204, "DELETE", "/v1/event-types/{name}", "/v1/event-types/" + type, null);
            for (String probe : List.of("/health/live", "/health/ready", "/api/health")) {
                spec.assertDocuments("GET", probe, api.call("GET", probe, null, null));
            }
        }
    }

    private static JsonNode example(OpenApiDocument spec, String method, String path, int status) {
        return spec.response(spec.operation(method, path), status)
                .get("content")
                .get("application/json")
                .get("example");
    }

    private static Set<String> fields(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Calls the API with the token and checks the answer against the description. */
    private record Checked(ApiFixture api, OpenApiDocument spec) {
        /** {@code template}: the route's path as documented; {@code path}: the one called. */
        Response expect(int status, String method, String template, String path, String body) {
            Response response = api.call(method, path, body, ApiFixture.TOKEN);
            assertThat(response.status())
                    .as("%s %s: %s", method, path, response.text())
                    .isEqualTo(status);
            spec.assertDocuments(method, template, response);
            return response;
        }
    }
}
