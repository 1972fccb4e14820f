package io.hookshot.worker.queue;

import static io.hookshot.worker.queue.QueueScriptsFixture.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * The operational events the settle script records in the partition's ops stream: one per breaker transition and
 * per dead message, also when a call is sent twice; none while operational webhooks are off, and none of the
 * operational webhook's own endpoint.
 */
class OpsRecordsScriptIT {
    private static final String EP = Endpoints.keyOf(URI.create(A));
    private static final AttemptRecord FAILED = new AttemptRecord(A, 0, 5, 503, null, null, Map.of(), "", "w");
    private static final AttemptRecord OK = new AttemptRecord(A, 0, 5, 200, null, null, Map.of(), "", "w");

    @RegisterExtension
    final QueueScriptsFixture scripts = new QueueScriptsFixture();

    private List<Map<String, String>> records() {
        return scripts
                .redis
                .<String, String>getStream(scripts.keys().ops(), StringCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX)
                .values()
                .stream()
                .toList();
    }

    /** Claims one job and settles it, running the settle call twice as a re-sent call would. */
    private void attemptTwice(AttemptRecord record, boolean die) {
        ClaimedJob job = scripts.queue().claim(0, 1).jobs().getFirst();
        Settlement s = die
                ? new Settlement.Dead(job.lease(), record, "gone")
                : record.statusCode() == 200
                        ? new Settlement.Delivered(job.lease(), record)
                        : new Settlement.Retrying(job.lease(), record, Duration.ZERO);
        ScriptRunner.Call call = SettleCall.of(
                scripts.keys(),
                Duration.ofSeconds(30),
                scripts.settings().endpointCap(),
                scripts.settings().endpoints(),
                List.of(s));
        ScriptRunner runner = new ScriptRunner(scripts.redis);
        runner.run(call);
        runner.run(call);
    }

    private void openThenClose(EndpointPolicy policy) {
        scripts.usePolicy(4, policy);
        for (int i = 0; i < 4; i++) {
            scripts.enqueuer.enqueue("a" + i, A, Duration.ZERO);
        }
        attemptTwice(FAILED, false);
        attemptTwice(FAILED, false);
        scripts.redis.getMap(scripts.keys().health(), StringCodec.INSTANCE).fastPut(EP + "|p", "0");
        scripts.redis
                .getScoredSortedSet(scripts.keys().paused(), StringCodec.INSTANCE)
                .add(0, EP);
        attemptTwice(OK, false);
        attemptTwice(FAILED, true);
    }

    @Test
    void eachTransitionAndDeathIsRecordedOnceEvenWhenTheCallIsSentTwice() {
        openThenClose(new EndpointPolicy(2, Duration.ofHours(1), 0).notifying("https://ops.example:443"));

        List<Map<String, String>> records = records();
        assertThat(records)
                .extracting(r -> r.get("t"))
                .containsExactly("endpoint.circuit_opened", "endpoint.circuit_closed", "message.dead");
        assertThat(records).allSatisfy(r -> {
            assertThat(r).containsEntry("ep", EP).containsEntry("tenant", "");
            assertThat(r.get("at")).matches("\\d+");
        });
        assertThat(records.get(0)).containsEntry("failures", "2").containsKey("data");
        assertThat(records.get(1).get("since")).matches("\\d+");
        assertThat(records.get(2))
                .containsEntry("reason", "gone")
                .containsKey("id")
                .containsKey("n");
    }

    @Test
    void nothingIsRecordedWhileOperationalWebhooksAreOff() {
        openThenClose(new EndpointPolicy(2, Duration.ofHours(1), 0));

        assertThat(records()).isEmpty();
    }

    @Test
    void theOperationalWebhooksOwnEndpointRecordsNothing() {
        openThenClose(new EndpointPolicy(2, Duration.ofHours(1), 0).notifying(EP));

        assertThat(records()).isEmpty();
    }
}
