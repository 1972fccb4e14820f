package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
    @Test
    void everyKeyOfAPartitionCarriesItsHashTag() {
        RedisKeys k = new RedisKeys("orders", 3);

        assertThat(List.of(
                        k.job("m1"),
                        k.ready("https://a:443"),
                        k.ring(),
                        k.ringSet(),
                        k.delayed(),
                        k.active(),
                        k.inflight(),
                        k.dead(),
                        k.outbox(),
                        k.idempotency("https://a:443", "k"),
                        k.claim("c"),
                        k.settled("c.1"),
                        k.heldSeries("ep_1")))
                .allSatisfy(key -> assertThat(key).startsWith("{hookshot:orders:3}:"));
        assertThat(k.job("m1")).isEqualTo("{hookshot:orders:3}:job:m1");
        assertThat(k.ready("https://a:443")).isEqualTo("{hookshot:orders:3}:ready:https://a:443");
    }

    @Test
    void scriptsDeriveJobReadyIdempotencyAndOutcomeKeysWithTheSameSuffixes() {
        String scripts = String.join(
                "\n",
                List.of(
                        LuaScript.ENQUEUE.source(),
                        LuaScript.CLAIM.source(),
                        LuaScript.SETTLE.source(),
                        LuaScript.REAP.source(),
                        LuaScript.RELEASE.source(),
                        LuaScript.EXTEND.source(),
                        LuaScript.ARCHIVE.source()));

        assertThat(scripts)
                .contains("prefix .. '" + RedisKeys.JOB + "'")
                .contains("prefix .. '" + RedisKeys.READY + "'")
                .contains("prefix .. '" + RedisKeys.IDEM + "' .. ep .. '|' .. idem")
                .contains("prefix .. '" + RedisKeys.OUTCOME + "' .. id")
                .doesNotContainPattern("prefix \\.\\. '(?!job:|ready:|idem:|outcome:)[a-z]+:'");
        assertThat(new RedisKeys("q", 0).outcome("msg_1")).isEqualTo("{hookshot:q:0}:" + RedisKeys.OUTCOME + "msg_1");
        assertThat(new RedisKeys("q", 0).idempotency("https://a:443", "k"))
                .isEqualTo("{hookshot:q:0}:" + RedisKeys.IDEM + "https://a:443|k");
    }

    @Test
    void queueNamesAreChecked() {
        assertThatThrownBy(() -> new RedisKeys("a b", 0)).hasMessageContaining("queue name must be");
        assertThatThrownBy(() -> new RedisKeys("{x}", 0)).hasMessageContaining("queue name must be");
        assertThatThrownBy(() -> new RedisKeys("q", -1)).hasMessageContaining("must not be negative");
    }
}
