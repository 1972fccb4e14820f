package io.hookshot.worker.queue;

import static io.hookshot.worker.queue.QueueScriptsFixture.A;
import static io.hookshot.worker.queue.QueueScriptsFixture.RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.OutcomeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RTopic;
import org.redisson.client.codec.StringCodec;

/**
 * The outcome a producer awaits (include/outcome.lua), written by the scripts that settle a job for good: once per
 * job however often the call is re-sent, with the same text as record and notification; nothing for a job that did
 * not ask.
 */
class OutcomeScriptsIT {
    private static final Duration KEEP = Duration.ofMinutes(5);

    @RegisterExtension
    final QueueScriptsFixture scripts = new QueueScriptsFixture();

    private OutcomeRequest request;
    private final Queue<String> notices = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void listen() {
        request = new OutcomeRequest("hookshot:" + scripts.settings().queue() + ":outcomes:p1", KEEP);
        RTopic topic = scripts.redis.getTopic(request.channel(), StringCodec.INSTANCE);
        topic.addListener(String.class, (channel, message) -> notices.add(message));
    }

    private String record(String id) {
        return scripts.redis
                .<String>getBucket(scripts.keys().outcome(id), StringCodec.INSTANCE)
                .get();
    }

    @Test
    void aDeliveredJobThatAskedGetsOneRecordAndOneNotificationAlthoughSettledTwice() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO, Optional.of(request));
        assertThat(scripts.job("a1")).containsEntry(OutcomeRequest.JOB_FIELD, request.wireForm());
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        Settlement delivered = new Settlement.Delivered(claimed.lease(), RECORD);

        scripts.queue().settle(List.of(delivered));
        scripts.queue().settle(List.of(delivered));

        String expected = String.join("\n", "m", "a1", "delivered", "1", "", RECORD.toJson());
        assertThat(record("a1")).isEqualTo(expected);
        assertThat(scripts.redis.getBucket(scripts.keys().outcome("a1")).remainTimeToLive())
                .isBetween(1L, KEEP.toMillis());
        await().atMost(Duration.ofSeconds(5)).until(() -> !notices.isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> notices.size() == 1);
        assertThat(notices).containsExactly(expected);
    }

    @Test
    void aJobThatDidNotAskLeavesNoRecordAndPublishesNothing() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a2", A, Duration.ZERO, Optional.of(request));
        assertThat(scripts.job("a1")).doesNotContainKey(OutcomeRequest.JOB_FIELD);
        List<ClaimedJob> claimed = scripts.queue().claim(0, 2).jobs();

        scripts.queue()
                .settle(List.of(
                        new Settlement.Delivered(claimed.get(0).lease(), RECORD),
                        new Settlement.Dead(claimed.get(1).lease(), RECORD, "gone: the receiver answered 410")));

        assertThat(record("a1")).isNull();
        assertThat(record("a2"))
                .isEqualTo(
                        String.join("\n", "m", "a2", "dead", "1", "gone: the receiver answered 410", RECORD.toJson()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !notices.isEmpty());
        assertThat(notices).allSatisfy(n -> assertThat(n).startsWith("m\na2\n"));
    }

    @Test
    void aRetryIsNoOutcome() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO, Optional.of(request));
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();

        scripts.queue().settle(List.of(new Settlement.Retrying(claimed.lease(), RECORD, Duration.ofMinutes(1))));

        assertThat(record("a1")).isNull();
        assertThat(scripts.job("a1")).containsEntry(OutcomeRequest.JOB_FIELD, request.wireForm());
    }

    @Test
    void aJobStoredBeforeTakesTheRequestOfAnAwaitingSendOfIt() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);

        List<Object> again = scripts.enqueuer.enqueue("a1", A, Duration.ZERO, Optional.of(request));

        assertThat(again).containsExactly(0L, "a1");
        assertThat(scripts.job("a1")).containsEntry(OutcomeRequest.JOB_FIELD, request.wireForm());
    }

    @Test
    void aJobTheReaperKillsGetsItsOutcomeWithoutAttemptDetails() {
        scripts.useLease(Duration.ofMillis(100), 2);
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO, Optional.of(request));
        scripts.queue().claim(0, 1);
        await().atMost(Duration.ofSeconds(3)).until(() -> scripts.queue().reap() == 1);
        assertThat(record("a1")).as("requeued: no outcome yet").isNull();
        scripts.queue().claim(0, 1);

        await().atMost(Duration.ofSeconds(3)).until(() -> scripts.queue().reap() == 1);

        assertThat(record("a1")).startsWith("m\na1\ndead\n2\nstalled 2 times").endsWith("\n");
    }
}
