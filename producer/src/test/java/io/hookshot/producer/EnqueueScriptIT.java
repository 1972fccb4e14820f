package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.EnqueueCall;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.exceptions.JedisDataException;

/** The {@code enqueue} script driven directly, laid out by {@link EnqueueLayout}: its answers and its checks. */
class EnqueueScriptIT {
    private static final String URL = "https://receiver.example.com/hooks";
    private static final String ENDPOINT = "https://receiver.example.com:443";

    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    private final RedisKeys keys = new RedisKeys(TestServers.newQueue(), 0);
    private final EnqueueLayout layout = new EnqueueLayout(keys, Duration.ofMinutes(5));

    @BeforeEach
    void loadScript() {
        fixture.redis.scriptLoad(LuaScript.ENQUEUE.source());
    }

    private static Job job(String id, Optional<String> idempotencyKey) {
        return new Job(
                new MessageId(id),
                URI.create(URL),
                Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                idempotencyKey,
                List.of(),
                Instant.now());
    }

    private EnqueueCall threeJobs(EnqueueLayout layout) {
        EnqueueLayout.Calls calls = layout.calls();
        for (Job job : List.of(job("m1", Optional.empty()), job("m2", Optional.of("k")), job("m3", Optional.empty()))) {
            calls.add(
                    job,
                    ENDPOINT,
                    JobCodec.encode(job),
                    job.id().value().equals("m3") ? Duration.ofMinutes(1) : Duration.ZERO,
                    Optional.empty());
        }
        return calls.build().getFirst();
    }

    private Object run(List<String> callKeys, List<String> args) {
        return fixture.redis.evalsha(LuaScript.ENQUEUE.sha1(), callKeys, args);
    }

    private Object run(EnqueueCall call) {
        return run(call.keys(), call.args());
    }

    @Test
    void aCallOfOneJobAnswersAsTheOneJobScriptDid() {
        EnqueueCall call = layout.call(job("m1", Optional.empty()), Duration.ZERO);

        assertThat(run(call)).isEqualTo(List.of(1L, "m1"));
        assertThat(run(call)).isEqualTo(List.of(0L, "m1"));
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1)).containsExactly("m1");
    }

    @Test
    void aCallRunTwiceChangesNothingTheSecondTime() {
        EnqueueCall call = threeJobs(layout);

        assertThat(run(call)).isEqualTo(List.of(1L, "m1", 1L, "m2", 1L, "m3"));
        assertThat(run(call)).isEqualTo(List.of(0L, "m1", 0L, "m2", 0L, "m3"));
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1)).containsExactly("m1", "m2");
        assertThat(fixture.redis.zrange(keys.delayed(), 0, -1)).containsExactly("m3");
        assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(3);
        assertThat(fixture.redis.get(keys.idempotency(ENDPOINT, "k"))).isEqualTo("m2");
    }

    @Test
    void aMalformedCallIsRefusedWholeAndWritesNothing() {
        EnqueueCall call = threeJobs(layout);
        int m3 = 3 + 2 * 10;
        List<UnaryOperator<List<String>>> breakages = List.of(
                args -> args.subList(0, args.size() - 1),
                args -> args.subList(0, 3),
                args -> with(args, m3 + 3, "-1"),
                args -> with(args, m3 + 3, "soon"),
                args -> with(args, m3 + 4, "tomorrow"),
                args -> with(args, 2, "0"));

        for (UnaryOperator<List<String>> breakage : breakages) {
            List<String> broken = breakage.apply(call.args());
            assertThatThrownBy(() -> run(call.keys(), broken))
                    .as("%s", broken)
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("enqueue: ");
        }
        assertThat(fixture.keysMatching(keys.prefix() + "*")).isEmpty();
    }

    @Test
    void anIdempotencyWindowIsNeededOnlyByJobsWithAKey() {
        EnqueueLayout noWindow = new EnqueueLayout(keys, Duration.ZERO);

        assertThat(run(noWindow.call(job("m9", Optional.empty()), Duration.ZERO)))
                .isEqualTo(List.of(1L, "m9"));
        assertThatThrownBy(() -> run(threeJobs(noWindow))).hasMessageContaining("job m2 has an idempotency key");
        assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(1);
    }

    private static List<String> with(List<String> args, int index, String value) {
        List<String> changed = new ArrayList<>(args);
        changed.set(index, value);
        return changed;
    }
}
