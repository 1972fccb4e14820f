package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API's /v1/event-types routes over real Redis, PostgreSQL and HTTP. */
@ExtendWith(RealServers.class)
class ApiEventTypesIT {
    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"amount\"]}";

    @Test
    void eventTypesAreAddedListedChangedAndArchived(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String name = "invoice.paid." + api.queue.queue;
            Response created = api.post(
                    "/v1/event-types",
                    "{\"name\":\"" + name + "\",\"description\":\"Paid\"," + "\"schema\":" + SCHEMA + "}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.json().get("name").asText()).isEqualTo(name);
            assertThat(created.json().get("schema").get("required").get(0).asText())
                    .isEqualTo("amount");
            assertThat(created.json().get("archived").asBoolean()).isFalse();

            assertThat(api.get("/v1/event-types").json().get("items").findValuesAsText("name"))
                    .contains(name);
            Response one = api.get("/v1/event-types/" + name);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().get("description").asText()).isEqualTo("Paid");

            Response changed = api.patch("/v1/event-types/" + name, "{\"description\":\"Settled\",\"schema\":null}");
            assertThat(changed.status()).as(changed.text()).isEqualTo(200);
            assertThat(changed.json().get("description").asText()).isEqualTo("Settled");
            assertThat(changed.json().get("schema").isNull()).isTrue();

            assertThat(api.delete("/v1/event-types/" + name).status()).isEqualTo(204);
            assertThat(api.get("/v1/event-types/" + name).json().get("archived").asBoolean())
                    .isTrue();
            assertThat(api.redis
                            .getMap(
                                    "hookshot:" + api.queue.queue + ":event-types",
                                    org.redisson.client.codec.StringCodec.INSTANCE)
                            .get(name))
                    .isEqualTo("archived");
            Response restored = api.patch("/v1/event-types/" + name, "{\"archived\":false}");
            assertThat(restored.json().get("archived").asBoolean()).isFalse();

            Response taken = api.post("/v1/event-types", "{\"name\":\"" + name + "\"}");
            assertThat(taken.status()).isEqualTo(409);
            assertThat(taken.json().get("field").asText()).isEqualTo("name");
            for (String path :
                    new String[] {"/v1/event-types/no.such." + api.queue.queue, "/v1/event-types/bad%20name"}) {
                assertThat(api.get(path).status()).as(path).isEqualTo(404);
                assertThat(api.patch(path, "{\"description\":\"x\"}").status())
                        .as(path)
                        .isEqualTo(404);
                assertThat(api.delete(path).status()).as(path).isEqualTo(404);
            }
            assertThat(api.call("GET", "/v1/event-types", null, null).status())
                    .as("needs the token")
                    .isEqualTo(401);
        }
    }

    @Test
    void aPublishedPayloadIsCheckedAgainstItsTypesSchemaNamingTheFailingPath(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String name = "refund.made." + api.queue.queue;
            String schema = "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"integer\"}}}";
            assertThat(api.post("/v1/event-types", "{\"name\":\"" + name + "\",\"schema\":" + schema + "}")
                            .status())
                    .isEqualTo(201);

            Response bad = api.post(
                    "/v1/tenants/acme/events", "{\"eventType\":\"" + name + "\",\"payload\":{\"amount\":\"ten\"}}");
            Response good =
                    api.post("/v1/tenants/acme/events", "{\"eventType\":\"" + name + "\",\"payload\":{\"amount\":10}}");

            assertThat(bad.status()).as(bad.text()).isEqualTo(400);
            assertThat(bad.text()).contains("payload").contains("/amount");
            assertThat(good.status()).as(good.text()).isEqualTo(202);
        }
    }

    @Test
    void badInputIsA400ThatNamesTheField(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String name = "order.shipped." + api.queue.queue;
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("", "body");
            bodies.put("{\"description\":\"no name\"}", "name");
            bodies.put("{\"name\":\"bad name\"}", "name");
            bodies.put("{\"name\":\"" + "x".repeat(129) + "\"}", "name");
            bodies.put("{\"name\":7}", "name");
            bodies.put("{\"name\":\"" + name + "\",\"schema\":[1]}", "schema");
            bodies.put("{\"name\":\"" + name + "\",\"schema\":{\"type\":\"intx\"}}", "schema");
            bodies.put("{\"name\":\"" + name + "\",\"schema\":{\"$ref\":\"http://127.0.0.1:9/s.json\"}}", "schema");
            bodies.put("{\"name\":\"" + name + "\",\"description\":\"" + "d".repeat(1025) + "\"}", "description");
            api.assertEachIsA400NamingItsField("/v1/event-types", bodies);
            assertThat(api.post("/v1/event-types", "{\"name\":\"" + name + "\",\"schema\":{\"type\":\"intx\"}}")
                            .json()
                            .get("detail")
                            .asText())
                    .contains("not a valid JSON Schema")
                    .contains("/type");
            assertThat(api.get("/v1/event-types/" + name).status())
                    .as("nothing was stored")
                    .isEqualTo(404);

            assertThat(api.post("/v1/event-types", "{\"name\":\"" + name + "\"}")
                            .status())
                    .isEqualTo(201);
            Response badArchived = api.patch("/v1/event-types/" + name, "{\"archived\":\"yes\"}");
            assertThat(badArchived.status()).isEqualTo(400);
            assertThat(badArchived.json().get("field").asText()).isEqualTo("archived");
            Response badSchema = api.patch("/v1/event-types/" + name, "{\"schema\":{\"minimum\":\"ten\"}}");
            assertThat(badSchema.json().get("field").asText()).isEqualTo("schema");
        }
    }
}
