package io.hookshot.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.worker.queue.ClaimedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fetcher's step ({@link Fetcher#claimRound()}) on a real Redis, with a clock the test moves and no thread: how
 * long it sleeps, and that a hint, even one racing with a claim, is never lost.
 */
class FetcherIT {
    private static final Duration POLL = Duration.ofSeconds(5);

    @RegisterExtension
    final RunLoopFixture loop = new RunLoopFixture();

    private final ManualTicker ticker = new ManualTicker();
    private final List<String> claimed = new ArrayList<>();
    /** Runs while the fetcher hands over a claimed job: after the claim script answered, before its answer is kept. */
    private Runnable duringHandOver = () -> {};

    private Fetcher fetcher;

    @BeforeEach
    void newFetcher() {
        fetcher = new Fetcher(loop.queue(Duration.ofSeconds(30)), new Semaphore(10), POLL, ticker, this::handOver);
    }

    private void handOver(ClaimedJob job) {
        claimed.add(job.id());
        duringHandOver.run();
    }

    @Test
    void withNothingToClaimLooksAgainAfterThePollIntervalWhichBoundsALostHint() {
        assertThat(fetcher.claimRound()).isEqualTo(POLL);

        loop.enqueue("a1", Duration.ZERO); // its hint lost
        ticker.advance(Duration.ofSeconds(3));
        assertThat(fetcher.claimRound())
                .as("the partition is not looked at before its time")
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(claimed).isEmpty();

        ticker.advance(Duration.ofSeconds(2));
        assertThat(fetcher.claimRound())
                .as("claimed something: go again at once")
                .isZero();
        assertThat(claimed).containsExactly("a1");
        assertThat(fetcher.claimRound()).isEqualTo(POLL);
    }

    @Test
    void withOnlyDelayedJobsLooksAgainWhenTheEarliestIsDue() {
        loop.enqueue("later", Duration.ofMinutes(1));
        loop.enqueue("soon", Duration.ofSeconds(2));

        Duration sleep = fetcher.claimRound();
        assertThat(sleep)
                .as("due in 2 s by Redis's clock, some of which passed since the enqueue")
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        ticker.advance(Duration.ofMillis(500));
        assertThat(fetcher.claimRound()).isEqualTo(sleep.minusMillis(500));
        assertThat(claimed).isEmpty();
    }

    @Test
    void aJobDueAfterThePollIntervalIsLookedForAfterThePollInterval() {
        loop.enqueue("later", Duration.ofMinutes(1));

        assertThat(fetcher.claimRound()).isEqualTo(POLL);
    }

    @Test
    void aHintLooksAtThePartitionAtOnce() {
        assertThat(fetcher.claimRound()).isEqualTo(POLL);
        loop.enqueue("a1", Duration.ZERO);
        assertThat(fetcher.claimRound()).as("without a hint the job waits").isEqualTo(POLL);

        fetcher.hints().dueIn(0, Duration.ZERO);

        assertThat(fetcher.claimRound()).isZero();
        assertThat(claimed).containsExactly("a1");
    }

    @Test
    void aHintForLaterBringsTheNextLookForwardButNeverPutsItOff() {
        assertThat(fetcher.claimRound()).isEqualTo(POLL);
        fetcher.hints().dueIn(0, Duration.ofSeconds(10));
        assertThat(fetcher.claimRound()).isEqualTo(POLL);

        fetcher.hints().dueIn(0, Duration.ofSeconds(2));
        loop.enqueue("a1", Duration.ZERO);
        assertThat(fetcher.claimRound()).isEqualTo(Duration.ofSeconds(2));
        assertThat(claimed).isEmpty();

        ticker.advance(Duration.ofSeconds(2));
        assertThat(fetcher.claimRound()).isZero();
        assertThat(claimed).containsExactly("a1");
    }

    @Test
    void aHintThatRacesWithAClaimIsNotLost() {
        loop.enqueue("a1", Duration.ZERO);
        // The claim leases a1 and answers that nothing else waits; before the fetcher keeps that answer, a2 is
        // enqueued and its hint arrives.
        duringHandOver = () -> {
            duringHandOver = () -> {};
            loop.enqueue("a2", Duration.ZERO);
            fetcher.hints().dueIn(0, Duration.ZERO);
        };

        assertThat(fetcher.claimRound()).isZero();
        assertThat(claimed).containsExactly("a1");

        assertThat(fetcher.claimRound())
                .as("a2 claimed at once, not after the poll interval")
                .isZero();
        assertThat(claimed).containsExactly("a1", "a2");
        assertThat(fetcher.claimRound()).isEqualTo(POLL);
    }
}
