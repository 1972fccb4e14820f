package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The argument positions the call builders publish, which tests watching Redis (MONITOR) rely on. */
class ScriptCallsTest {
    private static final EndpointPolicy POLICY = EndpointPolicy.holdingFor(Duration.ofDays(1));
    private static final RedisKeys KEYS = new RedisKeys("q-1", 3);
    private static final AttemptRecord RECORD =
            new AttemptRecord("http://h/", 0, 5, 200, null, null, Map.of(), "ok", "w");

    @Test
    void theClaimIdSitsWhereClaimCallSays() {
        ScriptRunner.Call call = ClaimCall.of(KEYS, "c-7", 10, Duration.ofSeconds(30), 2, 100, POLICY);

        assertThat(call.args()[ClaimCall.CLAIM_ID_ARG]).isEqualTo("c-7");
        assertThat(call.keys()).contains(KEYS.claim("c-7"), KEYS.health(), KEYS.paused());
    }

    @Test
    void theFirstSettlementsIdAndTokenSitWhereSettleCallSays() {
        ScriptRunner.Call call = SettleCall.of(
                KEYS,
                Duration.ofSeconds(30),
                2,
                POLICY,
                List.of(
                        new Settlement.Delivered(new Lease(3, "m1", "c-7.0"), RECORD),
                        new Settlement.Dead(new Lease(3, "m2", "c-7.1"), RECORD, "gone")));

        assertThat(call.args()[SettleCall.FIRST_ID_ARG]).isEqualTo("m1");
        assertThat(call.args()[SettleCall.FIRST_ID_ARG + 1]).isEqualTo("c-7.0");
        assertThat(call.keys()).contains(KEYS.settled("c-7.0"), KEYS.health(), KEYS.paused());
    }

    @Test
    void leasesAreSentAsIdThenTokenAfterTheFixedArguments() {
        List<Lease> leases = List.of(new Lease(3, "m1", "t1"), new Lease(3, "m2", "t2"));

        assertThat(ExtendCall.of(KEYS, Duration.ofSeconds(30), leases).args())
                .containsExactly(KEYS.prefix(), "30000", "m1", "t1", "m2", "t2");
        assertThat(ReleaseCall.of(KEYS, leases).args()).containsExactly(KEYS.prefix(), "m1", "t1", "m2", "t2");
        assertThat(ArchiveCall.of(KEYS, List.of("m1", "m2")).args()).containsExactly(KEYS.prefix(), "m1", "m2");
    }
}
