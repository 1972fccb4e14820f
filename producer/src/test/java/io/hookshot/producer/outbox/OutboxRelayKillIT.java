package io.hookshot.producer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Relays side by side, and relays killed mid-way: every committed message reaches the queue exactly once. */
@ExtendWith(RealServers.class)
class OutboxRelayKillIT {
    private static final int ROWS = 300;

    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void twoRelaysSideBySideRelayEachRowOnce(OutboxDatabase database, TestServers servers) throws Exception {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            List<String> ids = commitMessages(f);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> relayed = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    OutboxRelay relay = f.relay(10);
                    relayed.add(threads.submit(() -> {
                        int rows = 0;
                        for (int batch = 0; batch < 2 * ROWS && relay.rowsWaiting() > 0; batch++) {
                            rows += relay.relayOnce();
                        }
                        return rows;
                    }));
                }
                int total = 0;
                for (Future<Integer> r : relayed) {
                    total += r.get();
                }
                assertThat(total).as("rows relayed by both relays together").isEqualTo(ROWS);
            } finally {
                threads.shutdownNow();
            }
            assertThat(f.readyIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
            assertThat(f.rowsLeft()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void aRelaySigkilledMidwayLosesAndDuplicatesNothing(OutboxDatabase database, TestServers servers) throws Exception {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            List<String> ids = commitMessages(f);
            try (RelayProcess first = RelayProcess.start(database, servers, f, 5, "outbox-relay-killed")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> f.rowsLeft() < ROWS * 2 / 3);
                first.kill();
                assertThat(first.isAlive()).isFalse();
            }
            long leftByTheKilled = f.rowsLeft();
            assertThat(leftByTheKilled).as("the kill came mid-way").isPositive();

            try (RelayProcess second = RelayProcess.start(database, servers, f, 5, "outbox-relay-second")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> f.rowsLeft() == 0);
            }
            assertThat(f.readyIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    private static List<String> commitMessages(OutboxFixture f) throws Exception {
        List<String> ids = new ArrayList<>();
        f.commit(c -> {
            for (int i = 0; i < ROWS; i++) {
                ids.add(f.outbox.send(c, OutboxFixture.message(i)).value());
            }
        });
        return ids;
    }
}
