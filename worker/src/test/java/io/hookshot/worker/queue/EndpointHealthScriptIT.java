package io.hookshot.worker.queue;

import static io.hookshot.worker.queue.QueueScriptsFixture.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/**
 * Endpoint health in the claim and settle scripts: the breaker opens, holds, probes and closes into slow start; 429s
 * and timeouts halve the concurrency limit; Retry-After pauses the endpoint; rate limits space the claims. Time
 * passing is simulated by moving a pause's end into the past (the scripts read only the Redis server's clock).
 */
class EndpointHealthScriptIT {
    private static final String EP = Endpoints.keyOf(URI.create(A));

    @RegisterExtension
    final QueueScriptsFixture scripts = new QueueScriptsFixture();

    private static AttemptRecord answered(int status, Map<String, String> headers) {
        return new AttemptRecord(A, 0, 5, status, null, null, headers, "", "test-worker");
    }

    /** The endpoint's health fields, without the endpoint's prefix: {@code f}, {@code s}, {@code c}... */
    private Map<String, String> health() {
        return scripts
                .redis
                .<String, String>getMap(scripts.keys().health(), StringCodec.INSTANCE)
                .readAllMap()
                .entrySet()
                .stream()
                .filter(e -> e.getKey().startsWith(EP + "|"))
                .collect(Collectors.toMap(e -> e.getKey().substring(EP.length() + 1), Map.Entry::getValue));
    }

    private void enqueue(int n) {
        for (int i = 0; i < n; i++) {
            scripts.enqueuer.enqueue("a" + i, A, Duration.ZERO);
        }
    }

    /** Claims one job and settles it as {@code record} says: delivered on a 2xx, else retrying at once. */
    private void attempt(AttemptRecord record) {
        ClaimedJob job = scripts.queue().claim(0, 1).jobs().getFirst();
        settle(job, record);
    }

    private void settle(ClaimedJob job, AttemptRecord record) {
        Settlement s = record.statusCode() != null && record.statusCode() == 200
                ? new Settlement.Delivered(job.lease(), record)
                : new Settlement.Retrying(job.lease(), record, Duration.ZERO);
        assertThat(scripts.queue().settle(List.of(s))).containsExactly(SettleResult.SETTLED);
    }

    /** Ends the endpoint's pause now, as if its time had come. */
    private void endPause() {
        scripts.redis.getMap(scripts.keys().health(), StringCodec.INSTANCE).fastPut(EP + "|p", "0");
        scripts.redis
                .getScoredSortedSet(scripts.keys().paused(), StringCodec.INSTANCE)
                .add(0, EP);
    }

    private void openBreaker() {
        scripts.usePolicy(4, new EndpointPolicy(2, Duration.ofHours(1), 0));
        enqueue(5);
        attempt(answered(503, Map.of()));
        assertThat(health()).containsEntry("f", "1").doesNotContainKey("s");
        attempt(answered(503, Map.of()));
        assertThat(health()).containsEntry("f", "2").containsEntry("s", "open").containsEntry("i", "5000");
    }

    @Test
    void theBreakerOpensAtTheThresholdAndHoldsTheEndpointsJobsUntilTheProbe() {
        openBreaker();

        ClaimResult held = scripts.queue().claim(0, 10);

        assertThat(held.jobs()).isEmpty();
        assertThat(held.nextDue())
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5)));
        assertThat(scripts.job("a2")).as("held, not attempted").containsEntry("att", "0");
    }

    @Test
    void oneProbeGoesOutAndItsSuccessClosesTheBreakerIntoSlowStart() {
        openBreaker();
        endPause();

        List<ClaimedJob> probe = scripts.queue().claim(0, 10).jobs();
        assertThat(probe).hasSize(1);
        assertThat(health()).containsEntry("s", "half");
        assertThat(scripts.queue().claim(0, 10).jobs())
                .as("one probe at a time")
                .isEmpty();

        settle(probe.getFirst(), answered(200, Map.of()));
        assertThat(health())
                .doesNotContainKeys("s", "f", "p")
                .containsEntry("c", "1")
                .containsEntry("ss", "1");
        List<ClaimedJob> first = scripts.queue().claim(0, 10).jobs();
        assertThat(first).hasSize(1);
        settle(first.getFirst(), answered(200, Map.of()));
        assertThat(health()).containsEntry("c", "2");
        assertThat(scripts.queue().claim(0, 10).jobs()).hasSize(2);
    }

    @Test
    void aFailedProbeReopensTheBreakerWithTheIntervalDoubled() {
        openBreaker();
        endPause();

        attempt(answered(500, Map.of()));

        assertThat(health()).containsEntry("s", "open").containsEntry("i", "10000");
        assertThat(scripts.queue().claim(0, 10).nextDue())
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10)));
    }

    @Test
    void pastTheLongestHoldAnOpenBreakerHoldsNothing() {
        scripts.usePolicy(4, new EndpointPolicy(2, Duration.ZERO, 0));
        enqueue(3);
        attempt(answered(503, Map.of()));
        attempt(answered(503, Map.of()));

        assertThat(health()).containsEntry("s", "open").doesNotContainKey("p");
        assertThat(scripts.queue().claim(0, 10).jobs()).hasSize(3);
    }

    @Test
    void tooManyRequestsAndTimeoutsHalveTheConcurrencyLimitAndARunOfSuccessesRaisesIt() {
        scripts.usePolicy(8, new EndpointPolicy(100, Duration.ofHours(1), 0));
        enqueue(14);
        attempt(answered(429, Map.of()));
        assertThat(health()).containsEntry("c", "4");
        attempt(new AttemptRecord(A, 0, 5, null, "timeout", "slow", Map.of(), "", "test-worker"));
        assertThat(health()).containsEntry("c", "2").containsEntry("f", "2");

        for (int i = 0; i < 10; i++) {
            attempt(answered(200, Map.of()));
        }

        assertThat(health()).containsEntry("c", "3").doesNotContainKeys("f", "s");
        assertThat(scripts.queue().claim(0, 10).jobs()).as("3 of the 4 left").hasSize(3);
    }

    @Test
    void aRetryAfterOnA429PausesTheWholeEndpoint() {
        enqueue(2);
        attempt(answered(429, Map.of("retry-after", "3")));

        ClaimResult paused = scripts.queue().claim(0, 10);

        assertThat(paused.jobs()).isEmpty();
        assertThat(paused.nextDue())
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3)));
    }

    @Test
    void aRateLimitLetsABurstOfATenthOfASecondThenSpacesTheClaims() {
        scripts.usePolicy(10, EndpointPolicy.holdingFor(Duration.ofHours(1)));
        OriginRateLimits.apply(scripts.redis, scripts.settings().queue(), 1, Map.of(EP, 20));
        enqueue(6);

        assertThat(scripts.queue().claim(0, 10).jobs())
                .as("20/s allows a burst of 2")
                .hasSize(2);
        ClaimResult next = scripts.queue().claim(0, 10);
        assertThat(next.jobs()).hasSizeLessThanOrEqualTo(1);
        assertThat(health()).containsEntry("l", "20").containsKey("t");
        assertThat(next.nextDue()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(50)));
    }

    @Test
    void originRateLimitsReplaceTheConfiguredOnesAndLeaveEndpointIdsAlone() {
        String queue = scripts.settings().queue();
        var health = scripts.redis.<String, String>getMap(scripts.keys().health(), StringCodec.INSTANCE);
        OriginRateLimits.apply(scripts.redis, queue, 1, Map.of(EP, 20));
        health.fastPut("ep_1|l", "5");

        OriginRateLimits.apply(scripts.redis, queue, 1, Map.of("https://b.example:443", 7));

        assertThat(health.readAllMap())
                .containsEntry("ep_1|l", "5")
                .containsEntry("https://b.example:443|l", "7")
                .doesNotContainKey(EP + "|l");
    }
}
