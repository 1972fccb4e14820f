package io.hookshot.worker.e2e.api;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The event routes: publish, show one event with its messages, search a tenant's events; problems name the field. */
@ExtendWith(RealServers.class)
class ApiEventsIT {
    private static final String EVENTS = "/v1/tenants/acme/events";

    @Test
    void publishCountsTheMatchingEndpointsAndTheEventShowsEachMessage(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            mirror.activeTypes("invoice.paid");
            MirroredEndpoint all = endpoint("acme", receiver.url("/all"), Set.of(), Set.of(), newSecret());
            MirroredEndpoint eu =
                    endpoint("acme", receiver.url("/eu"), Set.of("invoice.paid"), Set.of("eu"), newSecret());
            MirroredEndpoint other =
                    endpoint("acme", receiver.url("/x"), Set.of("invoice.sent"), Set.of(), newSecret());
            mirror.put(all, eu, other);
            Worker worker = Worker.start(api.queue.config(Map.of()));
            try {
                String body = "{\"eventType\":\"invoice.paid\",\"payload\":{\"invoice\":7},\"channels\":[\"eu\"]}";
                Response published = api.call("POST", EVENTS, body, ApiFixture.TOKEN, Map.of("Idempotency-Key", "i7"));
                assertThat(published.status()).as(published.text()).isEqualTo(202);
                String id = published.json().get("id").asText();
                assertThat(id).startsWith("evt_");
                assertThat(published.json().get("eventType").asText()).isEqualTo("invoice.paid");
                assertThat(published.json().get("endpoints").asInt()).isEqualTo(2);
                Response again = api.call("POST", EVENTS, body, ApiFixture.TOKEN, Map.of("Idempotency-Key", "i7"));
                assertThat(again.json().get("id").asText())
                        .as("same key, same event")
                        .isEqualTo(id);

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    JsonNode event = api.get("/v1/events/" + id).json();
                    assertThat(event.get("messages")).hasSize(2);
                    assertThat(event.get("messages").findValuesAsText("status")).containsOnly("delivered");
                });
                JsonNode event = api.get("/v1/events/" + id).json();
                assertThat(event.get("tenant").asText()).isEqualTo("acme");
                assertThat(event.get("endpoints").asInt()).isEqualTo(2);
                assertThat(event.get("payload").get("invoice").asInt()).isEqualTo(7);
                assertThat(event.get("channels").get(0).asText()).isEqualTo("eu");
                assertThat(event.get("idempotencyKey").asText()).isEqualTo("i7");
                assertThat(event.get("messages").findValuesAsText("endpointId"))
                        .containsExactlyInAnyOrder(all.id().value(), eu.id().value());
                assertThat(event.get("messages").findValuesAsText("url"))
                        .containsExactlyInAnyOrder(receiver.url("/all"), receiver.url("/eu"));
                assertThat(event.get("messages").findValuesAsText("attempts")).containsOnly("1");
                assertThat(receiver.delivered()).hasSize(2);
                assertThat(api.get("/v1/events/evt_nothing").status()).isEqualTo(404);
            } finally {
                worker.close();
            }
        }
    }

    @Test
    void badInputIsA400NamingTheFieldAndPublishesNothing(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue)) {
            mirror.activeTypes("a.b");
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("{not json", "body");
            bodies.put("{\"payload\":{}}", "eventType");
            bodies.put("{\"eventType\":\"a.b\"}", "payload");
            bodies.put("{\"eventType\":\"no.such.type\",\"payload\":{}}", "eventType");
            bodies.put("{\"eventType\":\"-bad\",\"payload\":{}}", "eventType");
            bodies.put("{\"eventType\":\"a.b\",\"payload\":{},\"channels\":\"eu\"}", "channels");
            bodies.put("{\"eventType\":\"a.b\",\"payload\":{},\"channels\":[\"e u\"]}", "channels");
            bodies.put(
                    "{\"eventType\":\"a.b\",\"payload\":{},\"channels\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}",
                    "channels");
            api.assertEachIsA400NamingItsField(EVENTS, bodies);
            assertThat(api.post(EVENTS, "{\"eventType\":\"no.such.type\",\"payload\":{}}")
                            .json()
                            .get("detail")
                            .asText())
                    .contains("event type 'no.such.type' is not in the catalogue");
            Response badKey = api.call(
                    "POST",
                    EVENTS,
                    "{\"eventType\":\"a.b\",\"payload\":{}}",
                    ApiFixture.TOKEN,
                    Map.of("Idempotency-Key", "k".repeat(300)));
            assertThat(badKey.json().get("field").asText()).isEqualTo("Idempotency-Key");
            Response badTenant = api.post("/v1/tenants/a%20b/events", "{\"eventType\":\"a.b\",\"payload\":{}}");
            assertThat(badTenant.status()).isEqualTo(400);
            assertThat(badTenant.json().get("field").asText()).isEqualTo("tenant");
            assertThat(api.get("/v1/tenants/acme/events").json().get("items")).isEmpty();
        }
    }

    @Test
    void searchListsATenantsEventsNewestFirstByTypeAPageAtATime(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue)) {
            mirror.activeTypes("a.one", "a.two");
            Worker worker = Worker.start(api.queue.config(Map.of()));
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    String type = i < 5 ? "a.one" : "a.two";
                    ids.add(api.post(EVENTS, "{\"eventType\":\"" + type + "\",\"payload\":{\"i\":" + i + "}}")
                            .json()
                            .get("id")
                            .asText());
                }
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> ids.stream()
                                .allMatch(id -> api.get("/v1/events/" + id).status() == 200));

                List<String> listed = new ArrayList<>();
                String cursor = "";
                for (int page = 0; page < 10; page++) {
                    JsonNode body = api.get(EVENTS + "?limit=3" + cursor).json();
                    body.get("items").forEach(item -> {
                        listed.add(item.get("id").asText());
                        assertThat(item.has("payload"))
                                .as("no payload in a list")
                                .isFalse();
                        assertThat(item.get("endpoints").asInt()).isZero();
                    });
                    if (body.get("nextCursor").isNull()) {
                        break;
                    }
                    cursor = "&cursor=" + body.get("nextCursor").asText();
                }
                assertThat(listed).containsExactlyElementsOf(ids.reversed());
                assertThat(api.get(EVENTS + "?eventType=a.two")
                                .json()
                                .get("items")
                                .findValuesAsText("id"))
                        .containsExactly(ids.get(6), ids.get(5));
                assertThat(api.get("/v1/tenants/globex/events").json().get("items"))
                        .isEmpty();
                Response badLimit = api.get(EVENTS + "?limit=0");
                assertThat(badLimit.status()).isEqualTo(400);
                assertThat(badLimit.json().get("field").asText()).isEqualTo("limit");
                assertThat(api.get(EVENTS + "?since=soon").json().get("field").asText())
                        .isEqualTo("since");
            } finally {
                worker.close();
            }
        }
    }
}
