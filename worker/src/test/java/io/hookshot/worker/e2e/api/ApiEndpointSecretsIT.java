package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An endpoint's secret routes, and the endpoint limit per tenant, over real Redis, PostgreSQL and HTTP. */
@ExtendWith(RealServers.class)
class ApiEndpointSecretsIT {
    private static final String GIVEN = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void aRotatedSecretKeepsSigningBesideTheNewOneForItsGracePeriod(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String base = "/v1/tenants/acme/endpoints";
            JsonNode created = api.post(base, "{\"url\": \"http://127.0.0.1:9/x\", \"secret\": \"" + GIVEN + "\"}")
                    .json();
            String secretPath = base + "/" + created.get("id").asText() + "/secret";
            assertThat(created.get("secret").asText()).isEqualTo(GIVEN);

            JsonNode secret = api.get(secretPath).json();
            assertThat(secret.get("secret").asText()).isEqualTo(GIVEN);
            assertThat(secret.get("previous")).isEmpty();

            Instant before = Instant.now();
            Response rotated = api.post(secretPath + "/rotate", "{\"graceSeconds\": 3600}");
            assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
            String next = rotated.json().get("secret").asText();
            assertThat(next).startsWith("whsec_").isNotEqualTo(GIVEN);
            JsonNode previous = rotated.json().get("previous");
            assertThat(previous).hasSize(1);
            assertThat(previous.get(0).get("secret").asText()).isEqualTo(GIVEN);
            assertThat(Instant.parse(previous.get(0).get("expiresAt").asText()))
                    .isBetween(
                            before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
            assertThat(api.get(secretPath).json()).isEqualTo(rotated.json());

            Response noGrace = api.post(secretPath + "/rotate", "");
            assertThat(noGrace.json().get("previous")).as("default grace: 24 h").hasSize(2);
            assertThat(Instant.parse(noGrace.json()
                            .get("previous")
                            .get(0)
                            .get("expiresAt")
                            .asText()))
                    .isAfter(Instant.now().plus(Duration.ofHours(23)));

            Response same = api.post(secretPath + "/rotate", "{\"secret\": \"" + GIVEN + "\"}");
            assertThat(same.status()).isEqualTo(409);
            assertThat(same.json().get("field").asText()).isEqualTo("secret");
            for (String body :
                    new String[] {"{\"graceSeconds\": -1}", "{\"graceSeconds\": 604801}", "{\"graceSeconds\": \"1h\"}"
                    }) {
                Response bad = api.post(secretPath + "/rotate", body);
                assertThat(bad.status()).as(body).isEqualTo(400);
                assertThat(bad.json().get("field").asText()).as(body).isEqualTo("graceSeconds");
            }
            Response badSecret = api.post(secretPath + "/rotate", "{\"secret\": \"nope\"}");
            assertThat(badSecret.json().get("field").asText()).isEqualTo("secret");
            assertThat(api.get(base + "/ep_0000/secret").status()).isEqualTo(404);
            assertThat(api.post(base + "/ep_0000/secret/rotate", "{}").status()).isEqualTo(404);
        }
    }

    @Test
    void aTenantHasAtMostTheConfiguredNumberOfEndpoints(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers, Map.of(RegistryConfig.MAX_ENDPOINTS_PER_TENANT, "2"))) {
            for (int i = 0; i < 2; i++) {
                assertThat(api.post("/v1/tenants/small/endpoints", "{\"url\": \"http://127.0.0.1:9/" + i + "\"}")
                                .status())
                        .isEqualTo(201);
            }
            Response third = api.post("/v1/tenants/small/endpoints", "{\"url\": \"http://127.0.0.1:9/3\"}");
            assertThat(third.status()).isEqualTo(409);
            assertThat(third.json().get("field").asText()).isEqualTo("tenant");
            assertThat(third.json().get("detail").asText()).contains("HOOKSHOT_MAX_ENDPOINTS_PER_TENANT");
            assertThat(api.get("/v1/tenants/small/endpoints").json().get("items"))
                    .hasSize(2);
            assertThat(api.post("/v1/tenants/other/endpoints", "{\"url\": \"http://127.0.0.1:9/o\"}")
                            .status())
                    .as("per tenant")
                    .isEqualTo(201);
        }
    }
}
