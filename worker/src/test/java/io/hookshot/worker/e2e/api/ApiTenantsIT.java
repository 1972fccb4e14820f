package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /v1/tenants}: the registry's tenants by id with their endpoint counts, a page at a time. */
@ExtendWith(RealServers.class)
class ApiTenantsIT {

    @Test
    void tenantsAreListedByIdWithTheirEndpointCountsAPageAtATime(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            Instant before = Instant.now().minusSeconds(1);
            assertThat(api.get("/v1/tenants").json().get("items")).isEmpty();
            register(api, "beta", false);
            register(api, "alpha", false);
            register(api, "alpha", true);
            register(api, "alpha", false);
            String gone = register(api, "gamma", false);
            assertThat(api.delete("/v1/tenants/gamma/endpoints/" + gone).status())
                    .isEqualTo(204);
            register(api, "delta.eu", true);

            Response all = api.get("/v1/tenants");
            assertThat(all.status()).as(all.text()).isEqualTo(200);
            assertThat(ids(all.json())).containsExactly("alpha", "beta", "delta.eu", "gamma");
            assertThat(all.json().get("nextCursor").isNull()).isTrue();
            JsonNode alpha = all.json().get("items").get(0);
            assertThat(alpha.get("endpoints").asLong()).isEqualTo(3);
            assertThat(alpha.get("disabledEndpoints").asLong()).isEqualTo(1);
            assertThat(Instant.parse(alpha.get("createdAt").asText())).isAfter(before);
            assertThat(Instant.parse(alpha.get("updatedAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(alpha.get("createdAt").asText()));
            JsonNode gamma = all.json().get("items").get(3);
            assertThat(gamma.get("endpoints").asLong())
                    .as("a tenant whose endpoints were all deleted is still known")
                    .isZero();
            assertThat(all.json().get("items").get(2).get("disabledEndpoints").asLong())
                    .isEqualTo(1);

            List<String> paged = new ArrayList<>();
            Response page = api.get("/v1/tenants?limit=3");
            paged.addAll(ids(page.json()));
            assertThat(paged).containsExactly("alpha", "beta", "delta.eu");
            String cursor = page.json().get("nextCursor").asText();
            page = api.get("/v1/tenants?limit=3&cursor=" + cursor);
            assertThat(ids(page.json())).containsExactly("gamma");
            assertThat(page.json().get("nextCursor").isNull()).isTrue();
            assertThat(ids(api.get("/v1/tenants?limit=4").json())).hasSize(4);
            assertThat(api.get("/v1/tenants?limit=4").json().get("nextCursor").isNull())
                    .as("no empty last page")
                    .isTrue();
        }
    }

    @Test
    void badParametersAreRefusedNamingThemAndTheRouteNeedsTheToken(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            for (String bad : List.of("limit=0", "limit=1001", "limit=many")) {
                Response r = api.get("/v1/tenants?" + bad);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("field").asText()).isEqualTo("limit");
                assertThat(r.json().get("detail").asText()).contains("1 to 1000");
            }
            // Not base64; a message search's cursor ("1700000000.0:msg_a"); a cursor of a bad tenant id ("tenant:a b").
            for (String bad : List.of("not-base64!", "MTcwMDAwMDAwMC4wOm1zZ19h", "dGVuYW50OmEgYg")) {
                Response r = api.get("/v1/tenants?cursor=" + bad);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.json().get("field").asText()).isEqualTo("cursor");
                assertThat(r.json().get("detail").asText()).contains("nextCursor");
            }
            assertThat(api.call("GET", "/v1/tenants", null, null).status()).isEqualTo(401);
            assertThat(api.call("GET", "/v1/tenants", null, ApiFixture.TOKEN + "x")
                            .status())
                    .isEqualTo(401);
        }
    }

    private static String register(ApiFixture api, String tenant, boolean disabled) {
        Response r = api.post(
                "/v1/tenants/" + tenant + "/endpoints",
                "{\"url\": \"http://127.0.0.1:9/" + tenant + "\", \"disabled\": " + disabled + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }
}
