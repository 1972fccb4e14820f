package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.testing.JarCommand;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistoryStore;
import io.hookshot.worker.store.MessageStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker and a server started while PostgreSQL is down, as after a restart during a database outage or failover:
 * both start (real processes), the worker delivers, the server enqueues, readiness stays up and says PostgreSQL is
 * down, history routes answer 503; when PostgreSQL returns, the schema is migrated in the background and the history
 * is complete, one row per attempt. The database under test is a fresh, never migrated schema behind a TCP proxy that
 * refuses connections until the test opens it.
 */
@ExtendWith(RealServers.class)
class PostgresDownAtStartIT {
    private static final String TOKEN = "postgres-down-at-start-token";
    private static final int MESSAGES = 40;
    /** Long enough for the exporter to retry many times: its backoff tops out at 1 s. */
    private static final Duration OUTAGE_AFTER_DELIVERY = Duration.ofSeconds(4);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWorkerStartsAndDeliversWithoutPostgresAndWritesTheWholeHistoryWhenItReturns(TestServers servers)
            throws Exception {
        int port = freePort();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk();
                DownDatabase postgres = DownDatabase.fresh(servers)) {
            try (WorkerProcess worker = new WorkerProcess(
                    "pg-down-worker",
                    fixture.env(Map.of(
                            WorkerConfig.DATABASE_URL, postgres.urlThroughProxy(),
                            ServerConfig.HTTP_PORT, Integer.toString(port))))) {
                worker.awaitStarted(Duration.ofSeconds(60));
                List<String> ids = fixture.sendMany(receiver.url("/pg-down/"), MESSAGES);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.delivered().containsAll(ids));

                String base = "http://127.0.0.1:" + port;
                assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
                HttpResponse<String> ready = get(base + "/health/ready");
                assertThat(ready.statusCode())
                        .as("ready while it can deliver: %s", ready.body())
                        .isEqualTo(200);
                JsonNode readiness = JSON.readTree(ready.body());
                assertThat(readiness.path("status").asText()).isEqualTo("degraded");
                assertThat(readiness.path("checks").path("postgres").asText()).startsWith("down");
                assertThat(readiness.path("checks").path("redis").asText()).isEqualTo("ok");

                await().during(OUTAGE_AFTER_DELIVERY)
                        .atMost(OUTAGE_AFTER_DELIVERY.plusSeconds(5))
                        .until(() -> worker.logLinesWith("history waiting") == 1);
                assertThat(worker.isAlive()).isTrue();

                postgres.proxy().unblock();
                TestDatabase fresh = postgres.database();
                try (Database database = new Database(fresh.jdbcUrl(), fresh.user(), fresh.password(), 2)) {
                    HistoryStore history = new HistoryStore(database);
                    await().atMost(Duration.ofSeconds(60))
                            .ignoreExceptions()
                            .untilAsserted(() -> assertThat(ids)
                                    .allSatisfy(id -> assertThat(history.findMessage(id))
                                            .hasValueSatisfying(
                                                    m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED))));
                    assertThat(ids)
                            .allSatisfy(id -> assertThat(history.attempts(id))
                                    .extracting(AttemptView::attempt)
                                    .as("one row per attempt of %s", id)
                                    .containsExactly(1));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> worker.logLinesWith("history caught up") == 1);
                assertThat(worker.logLinesWith("history waiting")).isEqualTo(1);
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(JSON.readTree(
                                                get(base + "/health/ready").body())
                                        .path("status")
                                        .asText())
                                .isEqualTo("ready"));
                assertThat(receiver.repeatedRequests()).isZero();
                worker.terminate(Duration.ofSeconds(30));
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    @Test
    void aServerStartsWithoutPostgresEnqueuesAndAnswers503OnHistoryRoutesUntilItReturns(TestServers servers)
            throws Exception {
        int port = freePort();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk();
                DownDatabase postgres = DownDatabase.fresh(servers)) {
            Map<String, String> env = new HashMap<>(fixture.env(Map.of(
                    WorkerConfig.DATABASE_URL, postgres.urlThroughProxy(),
                    ServerConfig.HTTP_PORT, Integer.toString(port),
                    ServerConfig.API_TOKEN, TOKEN)));
            Path log = Path.of("target", "pg-down-server.log");
            Process server = JarCommand.builder(JarCommand.HOOKSHOT_JAR, env, "server")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                String base = "http://127.0.0.1:" + port;
                await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .failFast("server exited; see " + log, () -> !server.isAlive())
                        .until(() -> get(base + "/health/live").statusCode() == 200);

                HttpResponse<String> ready = get(base + "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("degraded");

                HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"url\": \"" + receiver.url("/via-api") + "\", \"payload\": {\"n\": 1}}")));
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
                String id = JSON.readTree(sent.body()).path("id").asText();

                for (String route : List.of("/v1/messages/" + id, "/v1/messages?limit=5", "/v1/dead-letters")) {
                    HttpResponse<String> history = send(HttpRequest.newBuilder(URI.create(base + route)));
                    assertThat(history.statusCode())
                            .as("%s: %s", route, history.body())
                            .isEqualTo(503);
                    assertThat(history.headers().firstValue("content-type")).hasValue("application/problem+json");
                    JsonNode problem = JSON.readTree(history.body());
                    assertThat(problem.path("type").asText()).isEqualTo("/problems/history-unavailable");
                    assertThat(problem.path("detail").asText()).contains("PostgreSQL");
                }

                postgres.proxy().unblock();
                Worker worker = Worker.start(fixture.config(
                        Map.of(WorkerConfig.DATABASE_URL, postgres.database().jdbcUrl())));
                try {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        HttpResponse<String> message =
                                send(HttpRequest.newBuilder(URI.create(base + "/v1/messages/" + id)));
                        assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
                        assertThat(JSON.readTree(message.body()).path("status").asText())
                                .isEqualTo("delivered");
                    });
                } finally {
                    worker.close();
                }
                assertThat(JSON.readTree(get(base + "/health/ready").body())
                                .path("status")
                                .asText())
                        .isEqualTo("ready");
                assertThat(receiver.delivered()).containsExactly(id);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    /**
     * A fresh, never migrated schema behind a TCP proxy that refuses connections until it is unblocked;
     * {@code urlThroughProxy} reaches the schema through the proxy.
     */
    private record DownDatabase(TestDatabase database, TcpProxy proxy, String urlThroughProxy)
            implements AutoCloseable {
        static DownDatabase fresh(TestServers servers) {
            TestDatabase database = servers.withRedis(servers.redisUrl()).database();
            URI target = URI.create(database.jdbcUrl().substring("jdbc:".length()));
            TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
            proxy.block();
            return new DownDatabase(
                    database, proxy, database.jdbcUrl().replace(target.getRawAuthority(), "127.0.0.1:" + proxy.port()));
        }

        @Override
        public void close() {
            proxy.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(
                request.header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
