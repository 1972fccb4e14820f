package io.hookshot.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.events.EventTypeName;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The payload check publishing uses: the event type's schema as PostgreSQL holds it, read again once a second. */
@ExtendWith(RealServers.class)
class PayloadSchemasIT {
    private static final byte[] STRING_AMOUNT = "{\"amount\": \"12\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPayloadIsCheckedAgainstItsTypesSchemaAsItIsNow(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            String name = "invoice.paid." + f.queue;
            EventTypeName type = new EventTypeName(name);
            f.registry.eventTypes().create(name, "", Optional.of("""
                    {"type": "object", "properties": {"amount": {"type": "integer"}}}"""));
            PayloadSchemas schemas = f.registry.payloadSchemas();

            assertThat(schemas.check(type, STRING_AMOUNT).map(PayloadProblem::describe))
                    .contains("payload at /amount: string found, integer expected");
            assertThat(schemas.check(type, "{\"amount\": 12}".getBytes(StandardCharsets.UTF_8)))
                    .isEmpty();
            assertThat(schemas.check(new EventTypeName("no.such.type." + f.queue), STRING_AMOUNT))
                    .as("no such type: nothing to check against")
                    .isEmpty();

            f.registry
                    .eventTypes()
                    .update(
                            type,
                            new EventTypeChanges(Optional.empty(), Optional.of(Optional.empty()), Optional.empty()));
            assertThat(schemas.check(type, STRING_AMOUNT))
                    .as("the schema read a moment ago")
                    .isPresent();
            f.clock.advance(PayloadSchemas.REFRESH.plus(Duration.ofMillis(1)));
            assertThat(schemas.check(type, STRING_AMOUNT))
                    .as("read again: the schema is gone")
                    .isEmpty();
        }
    }
}
