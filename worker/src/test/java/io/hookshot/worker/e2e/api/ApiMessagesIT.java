package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API's /v1/messages routes, auth, problems and health, over real Redis, Postgres and HTTP. */
@ExtendWith(RealServers.class)
class ApiMessagesIT {

    @Test
    void apiRoutesNeedTheTokenButHealthAndMetricsDoNot(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            for (String path : List.of("/v1/messages", "/v1/stats", "/v1/dead-letters", "/api/webhooks/x/status")) {
                Response missing = api.call("GET", path, null, null);
                assertThat(missing.status()).as(path).isEqualTo(401);
                assertThat(missing.contentType()).startsWith("application/problem+json");
                assertThat(missing.json().get("detail").asText()).contains("Authorization: Bearer");
                Response wrong = api.call("GET", path, null, ApiFixture.TOKEN + "x");
                assertThat(wrong.status()).as(path).isEqualTo(401);
                assertThat(wrong.text()).doesNotContain(ApiFixture.TOKEN);
            }
            assertThat(api.call("GET", "/v1/messages", null, "Basic abc").status())
                    .isEqualTo(401);
            assertThat(api.get("/v1/messages").status()).isEqualTo(200);
            assertThat(api.call("GET", "/health/live", null, null).status()).isEqualTo(200);
            Response ready = api.call("GET", "/health/ready", null, null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("checks").get("redis").asText()).isEqualTo("ok");
            assertThat(ready.json().get("checks").get("postgres").asText()).isEqualTo("ok");
            assertThat(api.call("GET", "/api/health", null, null)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("ok");
            Response metrics = api.call("GET", "/metrics", null, null);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain");
        }
    }

    @Test
    void badInputIsA400ThatNamesTheField(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String ok = "\"url\":\"http://127.0.0.1:9/x\",\"payload\":{}";
            Map<String, String> bodies = new java.util.LinkedHashMap<>();
            bodies.put("{not json", "body");
            bodies.put("[1,2]", "body");
            bodies.put("{\"payload\":{}}", "url");
            bodies.put("{\"url\":42,\"payload\":{}}", "url");
            bodies.put("{\"url\":\"ftp://example.com/x\",\"payload\":{}}", "url");
            bodies.put("{\"url\":\"http://127.0.0.1:9/x\"}", "payload");
            bodies.put("{" + ok + ",\"headers\":{\"webhook-id\":\"x\"}}", "headers");
            bodies.put("{" + ok + ",\"headers\":{\"X-A\":1}}", "headers");
            bodies.put("{" + ok + ",\"delay\":\"soon\"}", "delay");
            bodies.put("{" + ok + ",\"delay\":\"-5s\"}", "delay");
            bodies.put("{" + ok + ",\"retrySchedule\":\"often\"}", "retrySchedule");
            bodies.put("{" + ok + ",\"retrySchedule\":true}", "retrySchedule");
            bodies.put("{" + ok + ",\"id\":\"msg.1\"}", "id");
            bodies.put("{" + ok + ",\"id\":7}", "id");
            api.assertEachIsA400NamingItsField("/v1/messages", bodies);
            assertThat(api.post("/v1/messages", "{\"url\":\"ftp://example.com/x\",\"payload\":{}}")
                            .json()
                            .get("detail")
                            .asText())
                    .as("one message: what is wrong, no batch")
                    .isEqualTo("url scheme must be" + " http or https, got 'ftp'");
            Response badKey = api.call(
                    "POST", "/v1/messages", "{" + ok + "}", ApiFixture.TOKEN, Map.of("Idempotency-Key", "has space"));
            assertThat(badKey.json().get("field").asText()).isEqualTo("Idempotency-Key");

            Map<String, String> queries = Map.of(
                    "status=lost",
                    "status",
                    "since=yesterday",
                    "since",
                    "until=later",
                    "until",
                    "limit=0",
                    "limit",
                    "limit=5000",
                    "limit",
                    "limit=many",
                    "limit",
                    "cursor=bm9wZQ",
                    "cursor",
                    "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
                    "until");
            queries.forEach((query, field) -> {
                Response r = api.get("/v1/messages?" + query);
                assertThat(r.status()).as(query).isEqualTo(400);
                assertThat(r.json().get("field").asText()).as(query).isEqualTo(field);
            });
        }
    }

    @Test
    void unknownIdsAndRoutesAre404Problems(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            for (String path : List.of(
                    "/v1/messages/msg_nope",
                    "/v1/messages/msg_nope/attempts",
                    "/v1/dead-letters/msg_nope",
                    "/api/webhooks/msg_nope/status",
                    "/api/webhooks/msg_nope/attempts",
                    "/v1/nothing-here")) {
                Response r = api.get(path);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            }
            assertThat(api.post("/v1/dead-letters/msg_nope/replay", null).status())
                    .isEqualTo(404);
            assertThat(api.delete("/v1/dead-letters/msg_nope").status()).isEqualTo(404);
        }
    }

    @Test
    void anEnqueuedMessageIsDeliveredAndShowsItsStatusAndAttempts(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            Response accepted = api.call(
                    "POST",
                    "/v1/messages",
                    "{\"url\":\"" + receiver.url("/hook")
                            + "\",\"payload\":{\"order\":7},\"headers\":{\"X-Tenant\":\"acme\"},\"retrySchedule\":[\"1s\"]}",
                    ApiFixture.TOKEN,
                    Map.of("Idempotency-Key", "order-7"));
            assertThat(accepted.status()).isEqualTo(202);
            String id = accepted.json().get("id").asText();
            Response again = api.call(
                    "POST",
                    "/v1/messages",
                    "{\"url\":\"" + receiver.url("/hook") + "\",\"payload\":{\"order\":7}}",
                    ApiFixture.TOKEN,
                    Map.of("Idempotency-Key", "order-7"));
            assertThat(again.json().get("id").asText()).isEqualTo(id);
            String ownId = "order-8-" + System.nanoTime();
            String withId = "{\"id\":\"" + ownId + "\",\"url\":\"" + receiver.url("/hook") + "\",\"payload\":{}}";
            assertThat(api.post("/v1/messages", withId).json().get("id").asText())
                    .isEqualTo(ownId);
            assertThat(api.post("/v1/messages", withId).json().get("id").asText())
                    .as("the same id again is the same message")
                    .isEqualTo(ownId);

            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(api.get("/v1/messages/" + id)
                                        .json()
                                        .get("status")
                                        .asText())
                                .isEqualTo("delivered"));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !receiver.receivedFor(ownId).isEmpty());
            }
            assertThat(receiver.receivedFor(ownId))
                    .as("sent once, under the caller's id")
                    .hasSize(1);
            assertThat(receiver.receivedFor(id)).singleElement().satisfies(r -> {
                assertThat(r.body()).isEqualTo("{\"order\":7}");
                assertThat(r.headers()).containsEntry("x-tenant", "acme");
            });
            JsonNode attempts =
                    api.get("/v1/messages/" + id + "/attempts").json().get("attempts");
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).get("statusCode").asInt()).isEqualTo(200);
            assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("delivered");
        }
    }

    @Test
    void searchPagesThroughEveryMatchNewestFirst(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            Instant base = Instant.parse("2026-03-01T00:00:00Z");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Two rows share each creation time: the id breaks the tie.
                Instant created = base.plusSeconds(i / 2);
                String id = "msg_search_" + i;
                String status = i % 2 == 0 ? "delivered" : "dead";
                api.queue
                        .database
                        .jdbi()
                        .useHandle(h -> h.execute(
                                """
                        insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at)
                        values (?, ?, ?, ?, 1, ?, ?)""",
                                id,
                                api.queue.queue,
                                "http://127.0.0.1:9/s",
                                status,
                                java.sql.Timestamp.from(created),
                                java.sql.Timestamp.from(created)));
                expected.addFirst(id);
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Response page = api.get("/v1/messages?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.status()).isEqualTo(200);
                page.json().get("items").forEach(m -> seen.add(m.get("id").asText()));
                cursor = page.json().get("nextCursor").isNull()
                        ? null
                        : page.json().get("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(expected);

            assertThat(api.get("/v1/messages?status=dead").json().get("items"))
                    .hasSize(4)
                    .allSatisfy(m -> assertThat(m.get("status").asText()).isEqualTo("dead"));
            assertThat(api.get("/v1/messages?since=2026-03-01T00:00:02Z&until=2026-03-01T00:00:03Z")
                            .json()
                            .get("items"))
                    .extracting(m -> m.get("id").asText())
                    .containsExactly("msg_search_5", "msg_search_4");
            assertThat(api.get("/v1/messages?url=http://127.0.0.1:9/other")
                            .json()
                            .get("items"))
                    .isEmpty();
        }
    }
}
