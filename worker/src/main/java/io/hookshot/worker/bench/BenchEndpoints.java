package io.hookshot.worker.bench;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.MirroredSecret;
import io.hookshot.common.events.TenantId;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.producer.Event;
import io.hookshot.worker.queue.EndpointRateLimit;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RMapAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The endpoints of the {@code fanout}, {@code outage} and {@code ratelimit} scenarios: {@link #COUNT} endpoints of one
 * tenant, all on the receiver (each its
 * own path, so its own lane in the queue), each with a signing secret of its own, written straight into the registry's
 * Redis mirror of the bench's queue (as the registry writes it: one MULTI, version raised; the bench's workers run
 * no mirror repair, which would delete a tenant PostgreSQL does not know), with the scenario's event
 * type in the catalogue. The first may have a rate limit, written as the registry writes it too (in its mirror, and
 * where the claim script reads it). Stateless.
 */
final class BenchEndpoints {
    /** How many endpoints each event of the fanout scenario goes to. */
    static final int COUNT = 10;

    static final TenantId TENANT = new TenantId("bench");
    static final String EVENT_TYPE = "bench.fanout";
    /** No endpoint is rate limited. */
    static final Optional<Integer> NO_LIMIT = Optional.empty();

    private static final SecureRandom RANDOM = new SecureRandom();

    private BenchEndpoints() {}

    /**
     * Writes the endpoints, each at {@code url} plus {@code /<n>}, in place of any the tenant had (an earlier
     * scenario's, whose messages are all delivered by then), and returns them; the first limited to
     * {@code firstRateLimit} requests a second, if given.
     */
    static List<MirroredEndpoint> seed(
            RedissonClient redis, String queue, int partitions, URI url, Optional<Integer> firstRateLimit) {
        List<MirroredEndpoint> endpoints = new ArrayList<>(COUNT);
        RBatch batch =
                redis.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
        RMapAsync<String, String> mirror = batch.getMap(EventKeys.endpoints(queue, TENANT), StringCodec.INSTANCE);
        Object version = redis.getMap(EventKeys.endpoints(queue, TENANT), StringCodec.INSTANCE)
                .get(EventKeys.VERSION_FIELD);
        mirror.deleteAsync();
        mirror.fastPutAsync(EventKeys.VERSION_FIELD, Long.toString(nextVersion(version)));
        for (int i = 0; i < COUNT; i++) {
            MirroredEndpoint e = new MirroredEndpoint(
                    EndpointId.random(),
                    TENANT,
                    URI.create(url.toString().replaceAll("/+$", "") + "/" + i),
                    Set.of(EVENT_TYPE),
                    Set.of(),
                    Map.of(),
                    List.of(new MirroredSecret(newSecret(), Optional.empty())),
                    i == 0 ? firstRateLimit : NO_LIMIT,
                    false);
            endpoints.add(e);
            mirror.fastPutAsync(e.id().value(), EndpointMirrorCodec.encode(e));
        }
        batch.execute();
        for (MirroredEndpoint e : endpoints) {
            EndpointRateLimit.write(redis, queue, partitions, e.id().value(), e.rateLimit());
        }
        redis.getMap(EventKeys.eventTypes(queue), StringCodec.INSTANCE).fastPut(EVENT_TYPE, EventKeys.ACTIVE);
        return List.copyOf(endpoints);
    }

    /** How many events make {@code messages} messages (at least one event), each event going to every endpoint. */
    static int eventsFor(long messages) {
        return (int) Math.max(1, messages / COUNT);
    }

    /** The ids of the messages {@code event} is fanned out into: one for each of {@code endpoints}. */
    static List<String> messageIds(Event event, List<MirroredEndpoint> endpoints) {
        return endpoints.stream()
                .map(ep -> event.id().messageIdFor(ep.id()).value())
                .toList();
    }

    /**
     * Above the one the mirror holds and above any it held before it was deleted: a fan-out keeps the endpoints it read
     * by version, so a version used again would send to the endpoints of an earlier seed.
     */
    private static long nextVersion(Object held) {
        long previous = held == null ? 0 : Long.parseLong(held.toString());
        return Math.max(previous + 1, System.currentTimeMillis());
    }

    private static SigningSecret newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SigningSecret.parse(SigningSecret.PREFIX + Base64.getEncoder().encodeToString(key));
    }
}
