package io.hookshot.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {
    @Test
    void spacesItemsToTheRateAndLetsTheFirstGoAtOnce() throws InterruptedException {
        Pacer pacer = new Pacer(20);
        long started = System.nanoTime();
        pacer.awaitTurn();
        long first = System.nanoTime() - started;
        for (int i = 0; i < 4; i++) {
            pacer.awaitTurn();
        }
        long all = System.nanoTime() - started;
        assertThat(Duration.ofNanos(first)).isLessThan(Duration.ofMillis(40));
        assertThat(Duration.ofNanos(all))
                .as("5 items at 20 a second: 4 gaps of 50 ms")
                .isBetween(Duration.ofMillis(195), Duration.ofSeconds(5));
    }

    @Test
    void anInterruptedWaitThrows() throws InterruptedException {
        Pacer pacer = new Pacer(1);
        pacer.awaitTurn();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(pacer::awaitTurn).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new Pacer(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate");
    }
}
