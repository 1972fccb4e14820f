package io.hookshot.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.worker.queue.Lease;
import org.junit.jupiter.api.Test;

class InFlightTest {
    private static final Lease FIRST = new Lease(0, "m1", "claim-1.1");
    private static final Lease LATER = new Lease(0, "m1", "claim-7.3");

    @Test
    void aLeaseIsDeliveringUntilItsOutcomeIsHandedOver() {
        InFlight inFlight = new InFlight();
        inFlight.add(FIRST);
        assertThat(inFlight.delivering("m1")).isTrue();

        inFlight.settling(FIRST);
        assertThat(inFlight.delivering("m1")).isFalse();
        assertThat(inFlight.snapshot()).as("still renewed while settling").containsExactly(FIRST);

        inFlight.remove(FIRST);
        assertThat(inFlight.snapshot()).isEmpty();
        assertThat(inFlight.delivering("m1")).isFalse();
    }

    @Test
    void anOlderLeaseOfTheSameJobChangesNothing() {
        InFlight inFlight = new InFlight();
        inFlight.add(LATER);

        inFlight.settling(FIRST);
        inFlight.remove(FIRST);

        assertThat(inFlight.delivering("m1")).isTrue();
        assertThat(inFlight.snapshot()).containsExactly(LATER);
        assertThat(inFlight.size()).isEqualTo(1);
    }
}
