package io.hookshot.worker.e2e.cli;

import static io.hookshot.testing.JarCommand.hookshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.JarCommand;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.queue.RedissonClients;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** The registry commands of the built jar (event-types, endpoints): output, exit codes, errors. */
@ExtendWith(RealServers.class)
class RegistryCommandLineIT {

    @Test
    void eventTypesAreAddedListedAndArchived(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Map<String, String> env = fixture.env(Map.of());
            String type = "invoice.paid." + fixture.queue;

            JarCommand.Result added = hookshot(
                    env,
                    "event-types",
                    "add",
                    type,
                    "--description",
                    "Paid",
                    "--schema",
                    "{\"type\": \"object\", \"required\": [\"amount\"]}",
                    "--json");
            assertThat(added.exit()).as(added.err()).isZero();
            assertThat(added.json().get("schema").get("required").get(0).asText())
                    .isEqualTo("amount");
            JarCommand.Result taken = hookshot(env, "event-types", "add", type);
            assertThat(taken.exit()).isEqualTo(1);
            assertThat(taken.err()).contains("exists already");
            JarCommand.Result badSchema =
                    hookshot(env, "event-types", "add", "x." + fixture.queue, "--schema", "{\"type\": 5}");
            assertThat(badSchema.exit()).isEqualTo(2);
            assertThat(badSchema.err()).contains("not a valid JSON Schema");
            assertThat(hookshot(env, "event-types", "add", "bad name").exit()).isEqualTo(2);

            assertThat(hookshot(env, "event-types", "list", "--json")
                            .json()
                            .get("items")
                            .findValuesAsText("name"))
                    .contains(type);
            assertThat(hookshot(env, "event-types", "list").out()).contains(type + "  active  (schema)  Paid");
            JarCommand.Result archived = hookshot(env, "event-types", "archive", type, "--json");
            assertThat(archived.exit()).as(archived.err()).isZero();
            assertThat(archived.json().get("archived").asBoolean()).isTrue();
            JarCommand.Result unknown = hookshot(env, "event-types", "archive", "no.such." + fixture.queue);
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("no event type");
        }
    }

    @Test
    void endpointsAreManagedFromTheCommandLine(TestServers servers) throws Exception {
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Map<String, String> env = fixture.env(Map.of());
            String tenant = "acme-" + fixture.queue;

            JarCommand.Result add = hookshot(
                    env,
                    "endpoints",
                    "add",
                    "--tenant",
                    tenant,
                    "--url",
                    "http://127.0.0.1:9/a",
                    "--event-type",
                    "invoice.paid",
                    "--channel",
                    "eu",
                    "--header",
                    "X-Team: billing",
                    "--metadata",
                    "owner=ops",
                    "--json");
            assertThat(add.exit()).as(add.err()).isZero();
            String id = add.json().get("id").asText();
            String secret = add.json().get("secret").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(redis.getMap(EventKeys.endpoints(fixture.queue, new TenantId(tenant)), StringCodec.INSTANCE)
                            .containsKey(id))
                    .as("mirrored")
                    .isTrue();
            JarCommand.Result text =
                    hookshot(env, "endpoints", "add", "--tenant", tenant, "--url", "http://127.0.0.1:9/b");
            assertThat(text.out()).startsWith("created ep_").contains("secret whsec_");
            JarCommand.Result ssrf = hookshot(env, "endpoints", "add", "--tenant", tenant, "--url", "http://10.0.0.1/");
            assertThat(ssrf.exit()).isEqualTo(2);
            assertThat(ssrf.err()).contains("private network");

            assertThat(hookshot(env, "endpoints", "list", "--tenant", tenant).out())
                    .contains(id)
                    .contains("http://127.0.0.1:9/a")
                    .contains("invoice.paid");
            assertThat(hookshot(env, "endpoints", "list", "--tenant", tenant, "--json")
                            .json()
                            .get("items"))
                    .hasSize(2);
            JarCommand.Result show = hookshot(env, "endpoints", "show", "--tenant", tenant, id);
            assertThat(show.out())
                    .contains(id + "  enabled  http://127.0.0.1:9/a")
                    .contains("header: X-Team: billing");
            assertThat(show.out()).doesNotContain(secret);
            assertThat(hookshot(env, "endpoints", "show", "--tenant", tenant, "ep_nope")
                            .exit())
                    .isEqualTo(1);

            JsonNode updated = hookshot(
                            env,
                            "endpoints",
                            "update",
                            "--tenant",
                            tenant,
                            id,
                            "--url",
                            "http://127.0.0.1:9/v2",
                            "--no-channels",
                            "--rate-limit",
                            "5",
                            "--json")
                    .json();
            assertThat(updated.get("url").asText()).isEqualTo("http://127.0.0.1:9/v2");
            assertThat(updated.get("channels")).isEmpty();
            assertThat(updated.get("rateLimit").asInt()).isEqualTo(5);
            assertThat(updated.get("eventTypes").get(0).asText())
                    .as("unchanged")
                    .isEqualTo("invoice.paid");
            assertThat(hookshot(
                                    env,
                                    "endpoints",
                                    "update",
                                    "--tenant",
                                    tenant,
                                    id,
                                    "--rate-limit",
                                    "1",
                                    "--no-rate-limit")
                            .exit())
                    .isEqualTo(2);

            JsonNode disabled = hookshot(
                            env, "endpoints", "disable", "--tenant", tenant, id, "--reason", "maint", "--json")
                    .json();
            assertThat(disabled.get("disabled").asBoolean()).isTrue();
            assertThat(disabled.get("disabledReason").asText()).isEqualTo("maint");
            assertThat(hookshot(env, "endpoints", "enable", "--tenant", tenant, id)
                            .out())
                    .contains("enabled");

            JarCommand.Result rotated =
                    hookshot(env, "endpoints", "rotate-secret", "--tenant", tenant, id, "--grace", "1h", "--json");
            assertThat(rotated.exit()).as(rotated.err()).isZero();
            assertThat(rotated.json().get("previous").get(0).get("secret").asText())
                    .isEqualTo(secret);
            assertThat(rotated.json().get("secret").asText()).isNotEqualTo(secret);

            JarCommand.Result deleted = hookshot(env, "endpoints", "delete", "--tenant", tenant, id);
            assertThat(deleted.exit()).as(deleted.err()).isZero();
            assertThat(deleted.out()).contains("deleted " + id);
            assertThat(hookshot(env, "endpoints", "delete", "--tenant", tenant, id)
                            .exit())
                    .isEqualTo(1);
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void aTenantAtItsEndpointLimitIsRefused(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Map<String, String> env = fixture.env(Map.of(RegistryConfig.MAX_ENDPOINTS_PER_TENANT, "1"));
            String tenant = "small-" + fixture.queue;
            assertThat(hookshot(env, "endpoints", "add", "--tenant", tenant, "--url", "http://127.0.0.1:9/1")
                            .exit())
                    .isZero();
            JarCommand.Result second =
                    hookshot(env, "endpoints", "add", "--tenant", tenant, "--url", "http://127.0.0.1:9/2");
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err()).contains("has 1 endpoints, the most allowed");
        }
    }
}
