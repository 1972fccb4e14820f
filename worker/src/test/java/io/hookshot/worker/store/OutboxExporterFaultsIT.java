package io.hookshot.worker.store;

import static io.hookshot.worker.store.ExporterFixture.SETTINGS;
import static io.hookshot.worker.store.ExporterFixture.captureLog;
import static io.hookshot.worker.store.ExporterFixture.drain;
import static io.hookshot.worker.store.ExporterFixture.queueName;
import static io.hookshot.worker.store.ExporterFixture.stopCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookshot.common.Job;
import io.hookshot.common.Outbox;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.stream.StreamAddArgs;

/**
 * The exporter when PostgreSQL fails it: down (nothing acknowledged, one warning, everything written once after),
 * an entry it cannot read, an entry PostgreSQL refuses.
 */
class OutboxExporterFaultsIT {
    @RegisterExtension
    static final ExporterFixture exporters = new ExporterFixture();

    @Test
    void acknowledgesNothingWhilePostgresIsDownAndWritesEverythingOnceAfter() throws IOException {
        ThreeJobs s = exporters.threeJobs();
        String closedPort = "jdbc:postgresql://127.0.0.1:" + TestRedis.freePort() + "/postgres";
        try (Database down = new Database(closedPort, "postgres", "", 1)) {
            OutboxExporter exporter = exporters.exporter(s, new HistoryStore(down), "worker-b", SETTINGS);

            assertThatThrownBy(exporter::drainOnce)
                    .isInstanceOf(HistoryWriteException.class)
                    .hasMessageContaining("SQLSTATE 08");
        }
        assertThat(s.queue.outboxLength()).isEqualTo(s.records());
        assertThat(s.queue.isDeadInRedis(s.dead)).isTrue();
        assertThat(exporters.store.findMessage(s.delivered.id().value())).isEmpty();

        // Restarted under the same worker id, it first exports what it had read before.
        assertThat(drain(exporters.exporter(s, exporters.store, "worker-b", SETTINGS)))
                .isEqualTo(s.records());

        exporters.assertDelivered(s.delivered, 1);
        exporters.assertDelivered(s.retriedThenDelivered, 2);
        exporters.assertArchived(s);
        assertThat(exporters.rowCount(s)).isEqualTo(3 + 4 + 1);
        assertThat(s.queue.outboxLength()).isZero();
        assertThat(s.queue.pendingExports()).isZero();
    }

    @Test
    void skipsEntriesItCannotReadWithoutBlockingTheStream() {
        ScriptedQueue queue = new ScriptedQueue(exporters.redisson, TestServers.newQueue(), 1);
        Job job = queue.enqueue(ScriptedQueue.newJob("https://poison.example.com/"));
        queue.outbox(0).add(StreamAddArgs.entries(Map.of(Outbox.TYPE, "exploded", Outbox.ID, "x")));
        queue.outbox(0)
                .add(StreamAddArgs.entries(Map.of(
                        Outbox.TYPE,
                        Outbox.ATTEMPT,
                        Outbox.ID,
                        "y",
                        Outbox.ATTEMPT_NO,
                        "1",
                        Outbox.OUTCOME,
                        "delivered",
                        Outbox.DATA,
                        "{oops",
                        Outbox.AT,
                        "1")));
        long skippedBefore = exporters.store.skippedEntries();

        OutboxExporter exporter =
                new OutboxExporter(exporters.redisson, queueName(queue, job), 1, exporters.store, "worker-d", SETTINGS);
        assertThat(drain(exporter)).isEqualTo(3);

        assertThat(exporters.store.skippedEntries() - skippedBefore).isEqualTo(2);
        assertThat(exporters.store.findMessage(job.id().value())).isPresent();
        assertThat(queue.outboxLength()).isZero();
    }

    @Test
    void dropsOnlyTheEntryPostgresRefuses() {
        ScriptedQueue queue = new ScriptedQueue(exporters.redisson, TestServers.newQueue(), 1);
        Job good = queue.enqueue(ScriptedQueue.newJob("https://good.example.com/"));
        AttemptRecord data = ScriptedQueue.attempt(good, 500, null);
        queue.outbox(0)
                .add(StreamAddArgs.entries(Map.of(
                        Outbox.TYPE,
                        Outbox.ATTEMPT,
                        Outbox.ID,
                        "msg_nul",
                        Outbox.ATTEMPT_NO,
                        "1",
                        Outbox.OUTCOME,
                        "dead",
                        Outbox.DATA,
                        data.toJson(),
                        Outbox.REASON,
                        "no",
                        Outbox.JOB,
                        "a raw \u0000 in a job",
                        Outbox.AT,
                        "1")));
        Job after = queue.enqueue(ScriptedQueue.newJob("https://after.example.com/"));

        OutboxExporter exporter = new OutboxExporter(
                exporters.redisson, queueName(queue, good), 1, exporters.store, "worker-e", SETTINGS);
        assertThat(drain(exporter)).isEqualTo(3);

        assertThat(exporter.rejectedEntries()).isEqualTo(1);
        assertThat(exporters.store.findMessage(good.id().value())).isPresent();
        assertThat(exporters.store.findMessage(after.id().value())).isPresent();
        assertThat(exporters.store.findDeadLetter("msg_nul")).isEmpty();
        assertThat(queue.outboxLength()).isZero();
    }

    @Test
    void logsAnOutageOnceAndCatchesUpWhenPostgresReturns() {
        ThreeJobs s = exporters.threeJobs();
        ListAppender<ILoggingEvent> log = captureLog();
        URI target = URI.create(exporters.testDatabase.jdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
                Database viaProxy = new Database(
                        exporters.testDatabase.jdbcUrl().replace(target.getRawAuthority(), "127.0.0.1:" + proxy.port()),
                        exporters.testDatabase.user(),
                        exporters.testDatabase.password(),
                        2);
                OutboxExporter exporter = exporters.exporter(s, new HistoryStore(viaProxy), "worker-g", SETTINGS)) {
            proxy.block();
            exporter.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> warnings(log) > 0);
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.lag() == s.records() && warnings(log) == 1);

            proxy.unblock();
            await().atMost(Duration.ofSeconds(20)).until(() -> exporter.lag() == 0);
        } finally {
            stopCapture(log);
        }
        exporters.assertDelivered(s.delivered, 1);
        exporters.assertDelivered(s.retriedThenDelivered, 2);
        exporters.assertArchived(s);
        assertThat(exporters.rowCount(s)).isEqualTo(3 + 4 + 1);
        assertThat(List.copyOf(log.list))
                .filteredOn(e -> e.getFormattedMessage().startsWith("history caught up"))
                .hasSize(1);
    }

    private static long warnings(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream()
                .filter(e -> e.getFormattedMessage().startsWith("history waiting"))
                .count();
    }
}
