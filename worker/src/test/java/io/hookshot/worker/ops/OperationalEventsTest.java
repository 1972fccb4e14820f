package io.hookshot.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.worker.queue.AttemptRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationalEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATTEMPT = new AttemptRecord(
                    "https://a.example/h", 1_764_806_400_000L, 12, 503, null, null, Map.of(), "down", "w1")
            .toJson();

    private static JsonNode payload(Map<String, String> fields) throws Exception {
        return JSON.readTree(OperationalEvents.payload(new OpsRecord(3, "1764806400000-0", fields)));
    }

    @Test
    void theIdIsMadeFromThePartitionAndTheEntrySoThatARecordReadTwiceMakesOneMessage() {
        OpsRecord r = new OpsRecord(3, "1764806400000-7", Map.of("t", OperationalEvents.MESSAGE_DEAD));

        assertThat(OperationalEvents.messageId(r).value()).isEqualTo("msg_op_3_1764806400000-7");
        assertThat(OperationalEvents.messageId(new OpsRecord(3, "1764806400000-7", Map.of())))
                .isEqualTo(OperationalEvents.messageId(r));
    }

    @Test
    void aCircuitOpenedOfARegisteredEndpointNamesItsTenantAndTheLastAttempt() throws Exception {
        JsonNode body = payload(Map.of(
                "t", "endpoint.circuit_opened",
                "ep", "ep_abc",
                "tenant", "acme",
                "at", "1764806400000",
                "id", "msg_1",
                "failures", "10",
                "data", ATTEMPT));

        assertThat(body.get("type").asText()).isEqualTo("endpoint.circuit_opened");
        assertThat(body.get("timestamp").asText()).isEqualTo("2025-12-04T00:00:00Z");
        JsonNode data = body.get("data");
        assertThat(data.get("tenant").asText()).isEqualTo("acme");
        assertThat(data.get("endpointId").asText()).isEqualTo("ep_abc");
        assertThat(data.has("origin")).isFalse();
        assertThat(data.get("failures").asInt()).isEqualTo(10);
        assertThat(data.get("messageId").asText()).isEqualTo("msg_1");
        assertThat(data.get("lastAttempt").get("statusCode").asInt()).isEqualTo(503);
    }

    @Test
    void anOriginsEventsNameTheOrigin() throws Exception {
        JsonNode data = payload(Map.of(
                        "t", "endpoint.circuit_closed",
                        "ep", "https://a.example:443",
                        "tenant", "",
                        "at", "1764806460000",
                        "since", "1764806400000"))
                .get("data");

        assertThat(data.get("origin").asText()).isEqualTo("https://a.example:443");
        assertThat(data.has("endpointId")).isFalse();
        assertThat(data.get("failingSince").asText()).isEqualTo("2025-12-04T00:00:00Z");
    }

    @Test
    void aDisabledEndpointCarriesItsReasonAndADeadMessageItsAttempt() throws Exception {
        JsonNode disabled = payload(Map.of(
                        "t", "endpoint.disabled",
                        "ep", "ep_abc",
                        "tenant", "acme",
                        "at", "1764806400000",
                        "reason", "maintenance",
                        "since", ""))
                .get("data");
        JsonNode dead = payload(Map.of(
                        "t", "message.dead",
                        "ep", "ep_abc",
                        "tenant", "acme",
                        "at", "1764806400000",
                        "id", "msg_2",
                        "n", "8",
                        "reason", "gone",
                        "data", "not json"))
                .get("data");

        assertThat(disabled.get("reason").asText()).isEqualTo("maintenance");
        assertThat(disabled.get("failingSince").isNull()).isTrue();
        assertThat(dead.get("messageId").asText()).isEqualTo("msg_2");
        assertThat(dead.get("attempt").asInt()).isEqualTo(8);
        assertThat(dead.get("reason").asText()).isEqualTo("gone");
        assertThat(dead.get("lastAttempt").isEmpty())
                .as("an unreadable attempt is left out")
                .isTrue();
    }
}
