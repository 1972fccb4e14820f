package io.hookshot.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.codec.StringCodec;

/** Every registry change reaches the Redis mirror right after its commit, with the tenant's version raised. */
@ExtendWith(RealServers.class)
class RegistryMirrorIT {

    @Test
    void everyChangeRewritesTheTenantsMirrorAtAHigherVersion(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            EndpointRegistry endpoints = f.registry.endpoints();
            TenantId t = f.tenant;

            EndpointRegistry.Created a =
                    endpoints.create(t, RegistryFixture.draft("http://127.0.0.1:9/a", "invoice.paid"));
            assertThat(f.mirrorVersion(t)).isEqualTo(1).isEqualTo(f.version(t));
            MirroredEndpoint mirroredA = f.mirrored(t).get(a.endpoint().id().value());
            assertThat(mirroredA.url()).hasToString("http://127.0.0.1:9/a");
            assertThat(mirroredA.eventTypes()).containsExactly("invoice.paid");
            assertThat(mirroredA.secretsAt(f.clock.instant())).containsExactly(a.secret());

            EndpointRegistry.Created b = endpoints.create(t, RegistryFixture.draft("http://127.0.0.1:9/b"));
            assertThat(f.mirrorVersion(t)).isEqualTo(2);
            assertThat(f.mirrored(t))
                    .containsOnlyKeys(
                            a.endpoint().id().value(), b.endpoint().id().value());

            endpoints.update(t, a.endpoint().id(), EndpointChanges.disable(Optional.of("maintenance")));
            assertThat(f.mirrorVersion(t)).isEqualTo(3);
            assertThat(f.mirrored(t).get(a.endpoint().id().value()).disabled()).isTrue();

            endpoints.rotate(t, b.endpoint().id(), Optional.empty(), Optional.empty());
            assertThat(f.mirrorVersion(t)).isEqualTo(4);
            assertThat(f.mirrored(t).get(b.endpoint().id().value()).secrets()).hasSize(2);

            assertThat(endpoints.delete(t, a.endpoint().id())).isTrue();
            assertThat(f.mirrorVersion(t)).isEqualTo(5);
            assertThat(f.mirrored(t)).containsOnlyKeys(b.endpoint().id().value());

            assertThat(endpoints.delete(t, b.endpoint().id())).isTrue();
            assertThat(f.rawMirror(t))
                    .as("no endpoint left: the version alone, so a deleted endpoint is told from a lost mirror")
                    .containsOnlyKeys(EventKeys.VERSION_FIELD);
            assertThat(f.version(t)).as("PostgreSQL keeps the version").isEqualTo(6);
        }
    }

    @Test
    void aChangeThatIsRefusedOrFindsNothingChangesNeitherPostgresNorTheMirror(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers, 2)) {
            EndpointRegistry endpoints = f.registry.endpoints();
            TenantId t = f.tenant;
            endpoints.create(t, RegistryFixture.draft("http://127.0.0.1:9/1"));
            EndpointRegistry.Created second = endpoints.create(t, RegistryFixture.draft("http://127.0.0.1:9/2"));
            Map<String, String> before = f.rawMirror(t);

            assertThatThrownBy(() -> endpoints.create(t, RegistryFixture.draft("http://127.0.0.1:9/3")))
                    .isInstanceOf(RegistryConflictException.class)
                    .hasMessageContaining("has 2 endpoints")
                    .extracting(e -> ((RegistryConflictException) e).field())
                    .isEqualTo("tenant");
            assertThatThrownBy(() -> endpoints.update(
                            t,
                            second.endpoint().id(),
                            new EndpointChanges(
                                    Optional.of("http://10.1.2.3/x"),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty())))
                    .isInstanceOf(InvalidRegistryInputException.class)
                    .hasMessageContaining("private network");
            assertThat(endpoints.update(t, io.hookshot.common.events.EndpointId.random(), EndpointChanges.enable()))
                    .isEmpty();
            assertThat(endpoints.delete(
                            new TenantId("other-" + f.queue), second.endpoint().id()))
                    .as("an endpoint belongs to its tenant alone")
                    .isFalse();

            assertThat(endpoints.list(t)).hasSize(2);
            assertThat(endpoints.find(t, second.endpoint().id()).orElseThrow().url())
                    .hasToString("http://127.0.0.1:9/2");
            assertThat(f.version(t))
                    .as("refused changes roll the version back too")
                    .isEqualTo(2);
            assertThat(f.rawMirror(t)).isEqualTo(before);
        }
    }

    @Test
    void anEndpointsRateLimitIsSetWhereTheClaimScriptReadsIt(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            EndpointDraft limited = new EndpointDraft(
                    "http://127.0.0.1:9/slow",
                    List.of(),
                    List.of(),
                    "",
                    Map.of(),
                    Optional.empty(),
                    Optional.of(50L),
                    false,
                    Optional.empty(),
                    Map.of());
            String slow = f.registry
                    .endpoints()
                    .create(f.tenant, limited)
                    .endpoint()
                    .id()
                    .value();
            String free = f.registry
                    .endpoints()
                    .create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/free"))
                    .endpoint()
                    .id()
                    .value();

            assertThat(healthOf(f, slow)).containsEntry(slow + "|l", "50");
            assertThat(healthOf(f, free)).doesNotContainKey(free + "|l");
        }
    }

    private static Map<String, String> healthOf(RegistryFixture f, String endpointId) {
        int p = Endpoints.partitionOf(endpointId, ProducerConfig.DEFAULT_PARTITIONS);
        return f.redis
                .<String, String>getMap(new RedisKeys(f.queue, p).health(), StringCodec.INSTANCE)
                .readAllMap();
    }

    @Test
    void aStaleWriteNeverReplacesANewerMirrorAndWritingTwiceChangesNothing(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            RegistryMirror mirror = new RegistryMirror(f.redis, f.queue, ProducerConfig.DEFAULT_PARTITIONS);
            TenantId t = f.tenant;
            f.registry.endpoints().create(t, RegistryFixture.draft("http://127.0.0.1:9/new"));
            Map<String, String> current = f.rawMirror(t);

            TenantSnapshot stale = new TenantSnapshot(t, 0, List.of());
            assertThat(mirror.write(stale, false)).isEqualTo(new RegistryMirror.Outcome(false, 1));
            assertThat(f.rawMirror(t)).isEqualTo(current);

            TenantSnapshot same = f.database.jdbi().withHandle(h -> TenantSnapshots.read(h, t, 1, f.clock.instant()));
            assertThat(mirror.write(same, false)).isEqualTo(new RegistryMirror.Outcome(true, 1));
            assertThat(mirror.write(same, false)).isEqualTo(new RegistryMirror.Outcome(true, 1));
            assertThat(f.rawMirror(t)).isEqualTo(current);

            assertThat(mirror.write(stale, true)).as("forced").isEqualTo(new RegistryMirror.Outcome(true, 0));
            assertThat(f.rawMirror(t)).isEmpty();
        }
    }

    @Test
    void eventTypesAreMirroredAsActiveOrArchived(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            EventTypeCatalog catalog = f.registry.eventTypes();
            String paid = "invoice.paid." + f.queue;
            String sent = "invoice.sent." + f.queue;
            catalog.create(paid, "An invoice was paid", Optional.empty());
            catalog.create(sent, "", Optional.empty());
            assertThat(f.mirroredEventTypes())
                    .containsEntry(paid, EventKeys.ACTIVE)
                    .containsEntry(sent, EventKeys.ACTIVE);

            catalog.archive(new io.hookshot.common.events.EventTypeName(sent));
            assertThat(f.mirroredEventTypes())
                    .containsEntry(sent, EventKeys.ARCHIVED)
                    .containsEntry(paid, EventKeys.ACTIVE);
            catalog.update(
                    new io.hookshot.common.events.EventTypeName(sent),
                    new EventTypeChanges(Optional.empty(), Optional.empty(), Optional.of(false)));
            assertThat(f.mirroredEventTypes()).containsEntry(sent, EventKeys.ACTIVE);

            assertThatThrownBy(() -> catalog.create(paid, "", Optional.empty()))
                    .isInstanceOf(RegistryConflictException.class)
                    .hasMessageContaining("exists already");
            assertThatThrownBy(() -> catalog.create("bad name", "", Optional.empty()))
                    .isInstanceOf(InvalidRegistryInputException.class)
                    .extracting(e -> ((InvalidRegistryInputException) e).field())
                    .isEqualTo("name");
        }
    }

    @Test
    void aRotatedSecretSignsUntilItsGraceEndsAndTheRepairThenDropsItFromTheMirror(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            EndpointRegistry endpoints = f.registry.endpoints();
            EndpointRegistry.Created e = endpoints.create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/r"));
            String id = e.endpoint().id().value();

            List<EndpointSecret> rotated = endpoints
                    .rotate(f.tenant, e.endpoint().id(), Optional.empty(), Optional.of(Duration.ofHours(1)))
                    .orElseThrow();
            assertThat(rotated).hasSize(2);
            assertThat(rotated.get(1).secret()).as("the old one, second").isEqualTo(e.secret());
            assertThat(rotated.get(1).expiresAt()).contains(RegistryFixture.START.plus(Duration.ofHours(1)));
            assertThat(f.mirrored(f.tenant).get(id).secretsAt(f.clock.instant()))
                    .containsExactly(rotated.get(0).secret(), e.secret());

            f.clock.advance(Duration.ofMinutes(61));
            assertThat(f.mirrored(f.tenant).get(id).secretsAt(f.clock.instant()))
                    .as("the mirror says when it stops signing")
                    .containsExactly(rotated.get(0).secret());
            assertThat(endpoints.secrets(f.tenant, e.endpoint().id()).orElseThrow())
                    .hasSize(1);
            f.registry.mirrorRepair().run();
            assertThat(f.mirrored(f.tenant).get(id).secrets())
                    .as("gone from the mirror after the repair")
                    .extracting(s -> s.secret())
                    .containsExactly(rotated.get(0).secret());
        }
    }

    @Test
    void atMostThreeRotatedOutSecretsKeepSigning(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            EndpointRegistry endpoints = f.registry.endpoints();
            EndpointRegistry.Created e = endpoints.create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/s"));
            for (int i = 0; i < 5; i++) {
                f.clock.advance(Duration.ofSeconds(1));
                endpoints.rotate(f.tenant, e.endpoint().id(), Optional.empty(), Optional.empty());
            }
            List<EndpointSecret> signing =
                    endpoints.secrets(f.tenant, e.endpoint().id()).orElseThrow();
            assertThat(signing).hasSize(1 + EndpointRegistry.MAX_PREVIOUS_SECRETS);
            assertThat(signing).extracting(s -> s.secret()).doesNotContain(e.secret());
            assertThat(f.mirrored(f.tenant).get(e.endpoint().id().value()).secrets())
                    .hasSize(4);
            String current = signing.getFirst().secret().encoded();
            assertThatThrownBy(
                            () -> endpoints.rotate(f.tenant, e.endpoint().id(), Optional.of(current), Optional.empty()))
                    .isInstanceOf(RegistryConflictException.class)
                    .hasMessageContaining("already");
            assertThatThrownBy(() -> endpoints.rotate(
                            f.tenant, e.endpoint().id(), Optional.empty(), Optional.of(Duration.ofDays(8))))
                    .isInstanceOf(InvalidRegistryInputException.class)
                    .hasMessageContaining("graceSeconds");
        }
    }
}
