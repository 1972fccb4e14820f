package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.codec.StringCodec;

/** The admin API's /v1/tenants/{tenant}/endpoints routes over real Redis, PostgreSQL and HTTP. */
@ExtendWith(RealServers.class)
class ApiEndpointsIT {

    @Test
    void endpointsAreRegisteredListedChangedAndDeleted(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String tenant = "acme-" + api.queue.queue;
            String base = "/v1/tenants/" + tenant + "/endpoints";
            Response created = api.post(base, """
                    {"url": "http://127.0.0.1:9/hooks", "eventTypes": ["invoice.paid", "invoice.sent"],
                     "channels": ["eu"], "description": "Billing", "headers": {"X-Team": "billing"},
                     "rateLimit": 50, "metadata": {"owner": "ops"}}""");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            JsonNode e = created.json();
            String id = e.get("id").asText();
            assertThat(id).matches("ep_[0-9a-f]{32}");
            assertThat(e.get("secret").asText()).startsWith("whsec_");
            assertThat(e.get("tenant").asText()).isEqualTo(tenant);
            assertThat(e.get("eventTypes").toString()).isEqualTo("[\"invoice.paid\",\"invoice.sent\"]");
            assertThat(e.get("headers").get("X-Team").asText()).isEqualTo("billing");
            assertThat(e.get("rateLimit").asInt()).isEqualTo(50);
            assertThat(e.get("disabled").asBoolean()).isFalse();
            assertThat(mirrored(api, tenant, id).url()).hasToString("http://127.0.0.1:9/hooks");

            Response list = api.get(base);
            assertThat(list.json().get("items")).hasSize(1);
            assertThat(list.json().get("items").get(0).has("secret"))
                    .as("never listed")
                    .isFalse();
            Response one = api.get(base + "/" + id);
            assertThat(one.json().get("description").asText()).isEqualTo("Billing");
            assertThat(one.json().has("secret")).isFalse();

            Response disabled = api.patch(base + "/" + id, "{\"disabled\": true, \"disabledReason\": \"migrating\"}");
            assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
            assertThat(disabled.json().get("disabledReason").asText()).isEqualTo("migrating");
            assertThat(mirrored(api, tenant, id).disabled()).isTrue();
            Response reset = api.patch(
                    base + "/" + id,
                    "{\"rateLimit\": null, \"eventTypes\": null,"
                            + " \"url\": \"http://127.0.0.1:9/v2\", \"disabled\": false}");
            assertThat(reset.json().get("rateLimit").isNull()).isTrue();
            assertThat(reset.json().get("eventTypes")).isEmpty();
            assertThat(reset.json().get("disabledReason").isNull()).isTrue();
            assertThat(reset.json().get("channels").get(0).asText())
                    .as("not named: unchanged")
                    .isEqualTo("eu");
            assertThat(mirrored(api, tenant, id).url()).hasToString("http://127.0.0.1:9/v2");

            assertThat(api.get("/v1/tenants/globex/endpoints/" + id).status())
                    .as("another tenant's")
                    .isEqualTo(404);
            assertThat(api.delete(base + "/" + id).status()).isEqualTo(204);
            assertThat(api.get(base + "/" + id).status()).isEqualTo(404);
            assertThat(api.delete(base + "/" + id).status()).isEqualTo(404);
            assertThat(api.patch(base + "/ep_nope", "{}").status()).isEqualTo(404);
            assertThat(api.get(base).json().get("items")).isEmpty();
            assertThat(api.redis
                            .<String, String>getMap(
                                    EventKeys.endpoints(api.queue.queue, new TenantId(tenant)), StringCodec.INSTANCE)
                            .readAllMap())
                    .as("deleted from the mirror, which keeps its version")
                    .containsOnlyKeys(EventKeys.VERSION_FIELD);
        }
    }

    @Test
    void badInputIsA400ThatNamesTheFieldAndStoresNothing(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String base = "/v1/tenants/initech-" + api.queue.queue + "/endpoints";
            String url = "\"url\": \"http://127.0.0.1:9/x\"";
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("{}", "url");
            bodies.put("{\"url\": \"ftp://example.com/x\"}", "url");
            bodies.put("{\"url\": \"http://10.0.0.7/x\"}", "url");
            bodies.put("{\"url\": \"http://169.254.169.254/latest\"}", "url");
            bodies.put("{\"url\": \"http://[fe80::1]/x\"}", "url");
            bodies.put("{" + url + ", \"eventTypes\": \"invoice.paid\"}", "eventTypes");
            bodies.put("{" + url + ", \"eventTypes\": [\"bad type\"]}", "eventTypes");
            bodies.put("{" + url + ", \"channels\": [\"a b\"]}", "channels");
            bodies.put(
                    "{" + url + ", \"channels\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\","
                            + "\"11\"]}",
                    "channels");
            bodies.put("{" + url + ", \"headers\": {\"webhook-id\": \"x\"}}", "headers");
            bodies.put("{" + url + ", \"headers\": {\"X-A\": 1}}", "headers");
            bodies.put("{" + url + ", \"secret\": \"whsec_short\"}", "secret");
            bodies.put("{" + url + ", \"rateLimit\": 0}", "rateLimit");
            bodies.put("{" + url + ", \"rateLimit\": 1.5}", "rateLimit");
            bodies.put("{" + url + ", \"disabled\": \"no\"}", "disabled");
            bodies.put("{" + url + ", \"disabledReason\": \"why\"}", "disabledReason");
            bodies.put("{" + url + ", \"metadata\": {\"k\": 1}}", "metadata");
            bodies.put("{" + url + ", \"description\": \"" + "d".repeat(1025) + "\"}", "description");
            api.assertEachIsA400NamingItsField(base, bodies);
            assertThat(api.post(base, "{\"url\": \"http://10.0.0.7/x\"}")
                            .json()
                            .get("detail")
                            .asText())
                    .contains("private network");
            assertThat(api.post(base, "{" + url + ", \"secret\": \"whsec_c2VjcmV0\"}")
                            .text())
                    .doesNotContain("c2VjcmV0");
            Response badTenant = api.post("/v1/tenants/a%20b/endpoints", "{" + url + "}");
            assertThat(badTenant.status()).isEqualTo(400);
            assertThat(badTenant.json().get("field").asText()).isEqualTo("tenant");
            assertThat(api.get(base).json().get("items")).as("nothing stored").isEmpty();

            String id = api.post(base, "{" + url + "}").json().get("id").asText();
            Response badPatch = api.patch(base + "/" + id, "{\"url\": \"http://192.168.0.1/\"}");
            assertThat(badPatch.json().get("field").asText()).isEqualTo("url");
            assertThat(api.get(base + "/" + id).json().get("url").asText()).isEqualTo("http://127.0.0.1:9/x");
        }
    }

    private static MirroredEndpoint mirrored(ApiFixture api, String tenant, String id) {
        String json = api.redis
                .<String, String>getMap(
                        EventKeys.endpoints(api.queue.queue, new TenantId(tenant)), StringCodec.INSTANCE)
                .get(id);
        assertThat(json).as("mirror of " + id).isNotNull();
        return EndpointMirrorCodec.decode(json);
    }
}
