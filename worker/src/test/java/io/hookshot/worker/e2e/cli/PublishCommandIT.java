package io.hookshot.worker.e2e.cli;

import static io.hookshot.testing.JarCommand.hookshot;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code hookshot publish}: prints only the event id, which a worker fans out; refusals exit 2 naming the problem. */
@ExtendWith(RealServers.class)
class PublishCommandIT {
    @Test
    void publishPrintsTheEventIdAndTheEventReachesTheMatchingEndpoint(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            mirror.activeTypes("invoice.paid");
            MirroredEndpoint eu = endpoint("acme", receiver.url("/eu"), Set.of(), Set.of("eu"), newSecret());
            MirroredEndpoint us = endpoint("acme", receiver.url("/us"), Set.of(), Set.of("us"), newSecret());
            mirror.put(eu, us);
            Map<String, String> env = fixture.env(Map.of());

            var published = hookshot(
                    env,
                    "publish",
                    "--tenant",
                    "acme",
                    "--type",
                    "invoice.paid",
                    "--data",
                    "{\"invoice\":7}",
                    "--channel",
                    "eu",
                    "--channel",
                    "billing",
                    "--idempotency-key",
                    "inv-7");
            assertThat(published.exit()).as(published.err()).isZero();
            assertThat(published.err()).as("publish prints only the id").isEmpty();
            EventId id = new EventId(published.out().strip());
            assertThat(id.value()).matches("evt_[0-9a-f]{32}");
            var again = hookshot(
                    env,
                    "publish",
                    "--tenant",
                    "acme",
                    "--type",
                    "invoice.paid",
                    "--data",
                    "{}",
                    "--idempotency-key",
                    "inv-7");
            assertThat(again.out().strip())
                    .as("the same key gives the first event's id")
                    .isEqualTo(id.value());

            Worker worker = Worker.start(fixture.config(Map.of()));
            try {
                String message = id.messageIdFor(eu.id()).value();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> receiver.delivered().contains(message));
                assertThat(receiver.receivedFor(message).getFirst().body()).isEqualTo("{\"invoice\":7}");
                fixture.awaitFinal(java.util.List.of(message), Duration.ofSeconds(20));
            } finally {
                worker.close();
            }
            assertThat(receiver.received()).as("only the eu endpoint, once").hasSize(1);
        }
    }

    @Test
    void refusedEventsExitTwoNamingTheProblem(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Map<String, String> env = fixture.env(Map.of());

            var unknownType =
                    hookshot(env, "publish", "--tenant", "acme", "--type", "never.registered", "--data", "{}");
            assertThat(unknownType.exit()).isEqualTo(2);
            assertThat(unknownType.err()).contains("event type 'never.registered' is not in the catalogue");
            var badJson = hookshot(env, "publish", "--tenant", "acme", "--type", "a", "--data", "{oops");
            assertThat(badJson.exit()).isEqualTo(2);
            assertThat(badJson.err()).contains("payload is not valid JSON");
            var badTenant = hookshot(env, "publish", "--tenant", "a b", "--type", "a", "--data", "{}");
            assertThat(badTenant.err()).contains("tenant must be");
            var missing = hookshot(env, "publish", "--type", "a", "--data", "{}");
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).contains("--tenant");

            Map<String, String> lenient = fixture.env(Map.of(ProducerConfig.ENV_EVENT_TYPES_STRICT, "false"));
            var anyType =
                    hookshot(lenient, "publish", "--tenant", "acme", "--type", "never.registered", "--data", "{}");
            assertThat(anyType.exit()).as(anyType.err()).isZero();
            assertThat(anyType.out().strip()).startsWith("evt_");
        }
    }
}
