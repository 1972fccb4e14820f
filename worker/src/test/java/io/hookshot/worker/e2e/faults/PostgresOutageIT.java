package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.MessageId;
import io.hookshot.common.RetrySchedule;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Postgres unreachable for 30 s under load: deliveries go on, and dead jobs wait in Redis; afterwards the history is
 * complete, with one row per attempt, and every dead job is in the dead-letter archive.
 */
@ExtendWith(RealServers.class)
class PostgresOutageIT {
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int WAVES = 10;
    private static final int PER_WAVE = 20;
    private static final int DOOMED = 20;
    /** One retry, soon: a doomed message dies after 2 attempts, well within the outage. */
    private static final RetrySchedule SHORT = RetrySchedule.parse("100ms");

    @Test
    void deliveryContinuesWhilePostgresIsDownAndTheHistoryCatchesUpExactlyOnce(TestServers servers)
            throws InterruptedException {
        String jdbcUrl = servers.database().jdbcUrl();
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        assertThat(m.find()).as("host and port in %s", jdbcUrl).isTrue();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk();
                TestReceiver failing = TestReceiver.answering(Answer.status(500));
                TcpProxy postgres = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            String proxiedUrl = m.replaceFirst("//127.0.0.1:" + postgres.port());
            Worker worker = Worker.start(fixture.config(Map.of(WorkerConfig.DATABASE_URL, proxiedUrl)));
            try {
                List<String> before = fixture.sendMany(receiver.url("/pg/"), 100);
                fixture.awaitFinal(before, Duration.ofSeconds(30));

                postgres.block();
                long down = System.nanoTime();
                List<String> during = new ArrayList<>();
                List<String> doomed = sendDoomed(fixture, failing);
                for (int wave = 0; wave < WAVES; wave++) {
                    during.addAll(fixture.sendMany(receiver.url("/pg/" + wave + "/"), PER_WAVE));
                    TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis() / WAVES / 2);
                }
                await().atMost(OUTAGE).until(() -> receiver.delivered().containsAll(during));
                await().atMost(OUTAGE)
                        .untilAsserted(() -> assertThat(fixture.inspect().dead())
                                .as("dead jobs wait in Redis for Postgres")
                                .isEqualTo(DOOMED));
                // The fault lasts its full length whatever the load did meanwhile: this holds it, it waits for nothing.
                TimeUnit.NANOSECONDS.sleep(Math.max(0, OUTAGE.toNanos() - (System.nanoTime() - down)));
                assertThat(fixture.countWithStatus(during, MessageStatus.DELIVERED))
                        .as("nothing reaches Postgres while it is down")
                        .isZero();
                Duration outage = Duration.ofNanos(System.nanoTime() - down);

                postgres.unblock();
                List<String> all = new ArrayList<>(before);
                all.addAll(during);
                all.addAll(doomed);
                fixture.awaitFinal(all, Duration.ofSeconds(60));
                fixture.assertDeliveredOrArchived(all);
                assertThat(fixture.countWithStatus(all, MessageStatus.DELIVERED))
                        .isEqualTo(100 + WAVES * PER_WAVE);
                assertThat(fixture.countWithStatus(doomed, MessageStatus.DEAD)).isEqualTo(DOOMED);
                assertThat(before)
                        .allSatisfy(
                                id -> assertThat(fixture.history.attempts(id)).hasSize(1));
                assertThat(during)
                        .allSatisfy(
                                id -> assertThat(fixture.history.attempts(id)).hasSize(1));
                assertThat(doomed)
                        .allSatisfy(
                                id -> assertThat(fixture.history.attempts(id)).hasSize(2));
                assertThat(receiver.repeatedRequests()).isZero();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> fixture.inspect().dead() == 0);
                System.err.printf(
                        "postgres outage: %d s; %d delivered and %d dead meanwhile; afterwards %d of %d in"
                                + " the history with one row per attempt, %d dead letters archived%n",
                        outage.toSeconds(),
                        during.size(),
                        doomed.size(),
                        all.size(),
                        all.size(),
                        doomed.stream()
                                .filter(id -> fixture.history.findDeadLetter(id).isPresent())
                                .count());
            } finally {
                worker.close();
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    private static List<String> sendDoomed(WorkerFixture fixture, TestReceiver failing) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < DOOMED; i++) {
            messages.add(Message.builder(failing.url("/doomed/" + i))
                    .payload("{}")
                    .retrySchedule(SHORT)
                    .build());
        }
        return fixture.producer.sendAll(messages).stream().map(MessageId::value).toList();
    }
}
