package io.hookshot.worker.e2e.events;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.EventHistory;
import io.hookshot.worker.store.EventMessageView;
import io.hookshot.worker.store.EventView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL unreachable while events are published: fan-out and delivery go on from Redis alone (the endpoints come
 * from the mirror); afterwards the history has every event with its count and every message with its event, once.
 */
@ExtendWith(RealServers.class)
class FanOutPostgresOutageIT {
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int ENDPOINTS = 3;

    @Test
    void eventsAreFannedOutAndDeliveredWhilePostgresIsDownAndRecordedOnceAfterwards(TestServers servers)
            throws InterruptedException {
        Matcher m = HOST_PORT.matcher(servers.database().jdbcUrl());
        assertThat(m.find()).isTrue();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
                TestReceiver receiver = TestReceiver.alwaysOk();
                TcpProxy postgres = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            mirror.activeTypes("order.placed");
            List<MirroredEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                endpoints.add(endpoint("shop", receiver.url("/ep/" + i), Set.of(), Set.of(), newSecret()));
            }
            mirror.put(endpoints.toArray(MirroredEndpoint[]::new));
            EventHistory history = new EventHistory(fixture.database, fixture.queue);
            Worker worker = Worker.start(fixture.config(
                    Map.of(WorkerConfig.DATABASE_URL, m.replaceFirst("//127.0.0.1:" + postgres.port()))));
            try {
                List<EventId> before = publish(fixture, 10);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> before.stream()
                                .allMatch(e -> history.find(e.value()).isPresent()));

                postgres.block();
                long down = System.nanoTime();
                List<EventId> during = new ArrayList<>();
                for (int wave = 0; wave < 5; wave++) {
                    during.addAll(publish(fixture, 10));
                    TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis() / 10); // the load's pace, not a wait for a result
                }
                List<String> messages = during.stream()
                        .flatMap(e -> endpoints.stream()
                                .map(ep -> e.messageIdFor(ep.id()).value()))
                        .toList();
                await().atMost(OUTAGE).until(() -> receiver.delivered().containsAll(messages));
                TimeUnit.NANOSECONDS.sleep(Math.max(0, OUTAGE.toNanos() - (System.nanoTime() - down)));
                assertThat(during)
                        .as("nothing reaches Postgres while it is down")
                        .noneMatch(e -> history.find(e.value()).isPresent());

                postgres.unblock();
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(during).allSatisfy(e -> {
                            assertThat(history.find(e.value()))
                                    .map(EventView::endpoints)
                                    .contains(ENDPOINTS);
                            assertThat(history.messages(e.value()))
                                    .hasSize(ENDPOINTS)
                                    .extracting(EventMessageView::status)
                                    .containsOnly(MessageStatus.DELIVERED);
                        }));
                assertThat(messages)
                        .allSatisfy(
                                id -> assertThat(fixture.history.attempts(id)).hasSize(1));
                assertThat(receiver.repeatedRequests()).isZero();
                assertThat(new QueueHistory(fixture).messageCount())
                        .isEqualTo((long) (before.size() + during.size()) * ENDPOINTS);
                System.err.printf(
                        "fan-out postgres outage: %d s; %d events published and %d messages delivered"
                                + " meanwhile; afterwards every event in the history with %d endpoints and one row per message"
                                + " and attempt%n",
                        OUTAGE.toSeconds(), during.size(), messages.size(), ENDPOINTS);
            } finally {
                worker.close();
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    private static List<EventId> publish(WorkerFixture fixture, int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.builder("order.placed")
                    .tenant("shop")
                    .payload("{\"i\":" + i + "}")
                    .build());
        }
        return fixture.producer.publishAll(events);
    }
}
