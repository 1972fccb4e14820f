package io.hookshot.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Event types' JSON Schemas: checked to be schemas, never fetched from elsewhere, and the payload check's paths. */
class PayloadSchemaTest {
    private static final String ORDER = """
            {"type": "object", "required": ["amount"],
             "properties": {"amount": {"type": "integer"}, "items": {"type": "array", "items": {"type": "string"}}}}""";

    @Test
    void aPayloadThatFailsTheSchemaIsToldTheFailingPath() {
        PayloadSchema schema = PayloadSchema.parse(ORDER);

        assertThat(schema.check(bytes("{\"amount\": 5, \"items\": [\"a\"]}"))).isEmpty();
        assertThat(schema.check(bytes("{\"amount\": \"5\"}")))
                .contains(new PayloadProblem("/amount", "string found, integer expected"));
        assertThat(schema.check(bytes("{\"amount\": 5, \"items\": [\"a\", 7]}")).map(PayloadProblem::describe))
                .contains("payload at /items/1: integer found, string expected");
        assertThat(schema.check(bytes("{}")).map(PayloadProblem::path)).contains("");
        assertThat(schema.check(bytes("{}")).map(PayloadProblem::describe).orElseThrow())
                .startsWith("payload: ")
                .contains("amount");
        assertThat(schema.check(bytes("[1,"))).contains(new PayloadProblem("", "not valid JSON"));
        assertThat(schema.check(bytes(""))).contains(new PayloadProblem("", "empty, not JSON"));
    }

    @Test
    void anInvalidSchemaIsRefusedNamingWhereItIsWrong() {
        assertThatThrownBy(() -> PayloadSchema.parse("{\"properties\": {\"a\": {\"type\": \"intx\"}}}"))
                .isInstanceOf(InvalidRegistryInputException.class)
                .hasMessageContaining("not a valid JSON Schema")
                .hasMessageContaining("/properties/a/type")
                .extracting(e -> ((InvalidRegistryInputException) e).field())
                .isEqualTo("schema");
        assertThatThrownBy(() -> PayloadSchema.parse("{\"minLength\": -1}")).hasMessageContaining("/minLength");
        assertThatThrownBy(() -> PayloadSchema.parse("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> PayloadSchema.parse("{\"type\": ")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> PayloadSchema.parse("{\"$schema\": \"https://example.com/my-dialect\"}"))
                .hasMessageContaining("$schema must name draft 4, 6, 7, 2019-09 or 2020-12");
        assertThatThrownBy(() -> PayloadSchema.parse("{\"$ref\": \"#/$defs/missing\"}"))
                .hasMessageContaining("cannot be used");
        assertThatThrownBy(() -> PayloadSchema.parse("{\"description\": \"" + "x".repeat(70_000) + "\"}"))
                .hasMessageContaining("larger than " + PayloadSchema.MAX_SCHEMA_BYTES);
    }

    @Test
    void olderDraftsAndInnerReferencesAreAccepted() {
        PayloadSchema draft7 = PayloadSchema.parse("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"id": {"type": "string"}},
                 "properties": {"id": {"$ref": "#/definitions/id"}}}""");
        assertThat(draft7.check(bytes("{\"id\": 3}")).map(PayloadProblem::path)).contains("/id");
        assertThat(PayloadSchema.parse(ORDER).json()).doesNotContain("\n").startsWith("{\"type\":\"object\"");
    }

    @Test
    void aRemoteReferenceIsRefusedWithoutAnyConnection() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String base = "http://127.0.0.1:" + listener.getLocalPort();
            for (String schema : new String[] {
                "{\"$ref\": \"" + base + "/order.json\"}",
                "{\"$id\": \"" + base + "/root.json\", \"properties\": {\"a\": {\"$ref\": \"other.json\"}}}"
            }) {
                assertThatThrownBy(() -> PayloadSchema.parse(schema))
                        .as(schema)
                        .isInstanceOf(InvalidRegistryInputException.class)
                        .hasMessageContaining("a $ref may point inside the schema only");
            }
            listener.setSoTimeout(200);
            assertThat(accepted(listener))
                    .as("nothing connected to the referenced server")
                    .isEmpty();
        }
    }

    private static Optional<String> accepted(ServerSocket listener) throws IOException {
        try (var socket = listener.accept()) {
            return Optional.of(socket.getRemoteSocketAddress().toString());
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
