package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.RedisKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptRunnerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "{hookshot:q:3}:job:a,  hookshot:q:3",
        "x{tag}y{other},        tag",
        "no-tag,                no-tag",
        "{}empty,               {}empty",
        "open{only,             open{only"
    })
    void hashTagIsThePartRedisClusterHashes(String key, String tag) {
        assertThat(ScriptRunner.hashTag(key)).isEqualTo(tag);
    }

    @ParameterizedTest(name = "partition {0}")
    @CsvSource({"0", "7", "1023"})
    void everyKeyOfAPartitionHasThePartitionsTag(int partition) {
        RedisKeys k = new RedisKeys("q", partition);
        String tag = "hookshot:q:" + partition;

        assertThat(java.util.stream.Stream.of(
                        k.job("j"),
                        k.ready("http://h:80"),
                        k.ring(),
                        k.ringSet(),
                        k.delayed(),
                        k.active(),
                        k.inflight(),
                        k.dead(),
                        k.outbox(),
                        k.idempotency("http://h:80", "k{x}"),
                        k.claim("c"),
                        k.settled("c.1")))
                .allSatisfy(key -> assertThat(ScriptRunner.hashTag(key)).isEqualTo(tag));
    }
}
