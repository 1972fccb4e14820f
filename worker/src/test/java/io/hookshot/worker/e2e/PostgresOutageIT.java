package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** While Postgres is unreachable deliveries go on; afterwards the history is complete, without duplicate rows. */
@ExtendWith(RealServers.class)
class PostgresOutageIT {
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");

    @Test
    void deliveryContinuesWhilePostgresIsDownAndTheHistoryCatchesUpExactlyOnce(TestServers servers) {
        String jdbcUrl = servers.database().jdbcUrl();
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        assertThat(m.find()).as("host and port in %s", jdbcUrl).isTrue();
        try (WorkerFixture fixture = new WorkerFixture(servers);
             TestReceiver receiver = TestReceiver.alwaysOk();
             TcpProxy postgres = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            String proxiedUrl = m.replaceFirst("//127.0.0.1:" + postgres.port());
            Worker worker = Worker.start(fixture.config(Map.of(WorkerConfig.DATABASE_URL, proxiedUrl)));
            try {
                List<String> before = fixture.sendMany(receiver.url("/pg/"), 100);
                fixture.awaitFinal(before, Duration.ofSeconds(30));

                postgres.block();
                List<String> during = fixture.sendMany(receiver.url("/pg/"), 200);
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().containsAll(during));
                assertThat(fixture.countWithStatus(during, MessageStatus.DELIVERED))
                        .as("nothing reaches Postgres while it is down").isZero();

                postgres.unblock();
                fixture.awaitFinal(during, Duration.ofSeconds(60));
                List<String> all = new ArrayList<>(before);
                all.addAll(during);
                fixture.assertDeliveredOrArchived(all);
                assertThat(fixture.countWithStatus(all, MessageStatus.DELIVERED)).isEqualTo(300);
                assertThat(all).allSatisfy(id -> assertThat(fixture.history.attempts(id)).hasSize(1));
                assertThat(receiver.repeatedRequests()).isZero();
            } finally {
                worker.close();
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }
}
