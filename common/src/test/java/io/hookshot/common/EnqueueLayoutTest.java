package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The layout of an enqueue call: a fan-out message adds its origin to the outbox record, queued by endpoint id. */
class EnqueueLayoutTest {
    private static final EnqueueLayout LAYOUT = new EnqueueLayout(new RedisKeys("q", 2), Duration.ofMinutes(5));

    private static Job job(Optional<EventOrigin> origin) {
        return new Job(
                new MessageId("msg_1"),
                URI.create("https://example.com/h"),
                Map.of(),
                new byte[0],
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.of("k"),
                List.of(),
                Instant.EPOCH,
                origin);
    }

    @Test
    void aPlainMessageHasThreeCallArgumentsAndTenOfItsOwnWithNoOriginAndNoOutcomeRequest() {
        EnqueueCall call = LAYOUT.call(job(Optional.empty()), Duration.ZERO);

        assertThat(call.args()).hasSize(EnqueueLayout.CALL_ARGS + EnqueueLayout.JOB_ARGS);
        assertThat(call.args().get(EnqueueLayout.CALL_ARGS + 1)).isEqualTo("https://example.com:443");
        assertThat(call.args().subList(call.args().size() - 2, call.args().size()))
                .containsExactly("", "");
    }

    @Test
    void anAwaitedMessageCarriesItsOutcomeRequestLast() {
        OutcomeRequest request = new OutcomeRequest("hookshot:q:outcomes:p1", Duration.ofMinutes(5));
        EnqueueCall call = LAYOUT.calls()
                .add(
                        job(Optional.empty()),
                        "https://example.com:443",
                        "{}",
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.of(request))
                .build()
                .getFirst();

        assertThat(call.args().getLast()).isEqualTo("300000 hookshot:q:outcomes:p1");
        assertThat(OutcomeRequest.fromWire(call.args().getLast())).contains(request);
    }

    @Test
    void aFanOutMessageNamesItsOriginForTheAcceptedRecordAndIsQueuedUnderItsEndpointId() {
        EnqueueCall call =
                LAYOUT.call(job(Optional.of(new EventOrigin("evt_1", "ep_9", "acme", "a.b"))), Duration.ZERO);

        assertThat(call.args().get(call.args().size() - 2)).isEqualTo("evt_1|ep_9|acme|a.b");
        assertThat(call.args().get(EnqueueLayout.CALL_ARGS + 1)).isEqualTo("ep_9");
    }
}
