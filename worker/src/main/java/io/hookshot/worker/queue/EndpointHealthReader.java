package io.hookshot.worker.queue;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Reads each endpoint's health as the claim and settle scripts keep it (see {@code include/health.lua}), for the
 * API and operators. Lists the endpoints with something to say: a breaker, a pause, a lowered limit, a rate limit or
 * jobs in flight. Reads one partition at a time, so not atomic. Thread-safe.
 */
public final class EndpointHealthReader {
    /** The health hash's fields this reader uses (see {@code include/health.lua}). */
    private static final List<String> FIELDS = List.of("f", "s", "o", "c", "p", "t", "l");

    private final RedissonClient redis;
    private final String queue;
    private final int partitions;

    /**
     * One endpoint's health. Immutable.
     *
     * @param endpoint            the endpoint key: an origin, or a registered endpoint's id
     * @param state               {@code closed}, {@code open} (held until a probe), {@code half_open} (a probe may go),
     *                            {@code paused} (a Retry-After) or {@code rate_limited} (waiting for its next slot)
     * @param openedAt            when the breaker opened, while it is open or half open
     * @param consecutiveFailures failed attempts since the last success
     * @param concurrencyLimit    how many of its jobs may be in flight now, when below
     *                            {@code HOOKSHOT_ENDPOINT_CONCURRENCY} (one while the breaker is open)
     * @param inFlight            how many are
     * @param held                its ready jobs while it is open, paused or rate limited; 0 otherwise
     * @param pausedUntil         when a pause ends
     * @param rateLimit           requests per second it is limited to, if it has a limit of its own
     */
    public record EndpointHealth(
            String endpoint,
            String state,
            Optional<Instant> openedAt,
            int consecutiveFailures,
            Optional<Integer> concurrencyLimit,
            int inFlight,
            long held,
            Optional<Instant> pausedUntil,
            Optional<Integer> rateLimit) {}

    public EndpointHealthReader(RedissonClient redis, String queue, int partitions) {
        this.redis = redis;
        this.queue = queue;
        this.partitions = partitions;
    }

    /** The endpoints whose key passes {@code which}, sorted by key. */
    public List<EndpointHealth> read(Predicate<String> which, Instant now) {
        List<EndpointHealth> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            RedisKeys k = new RedisKeys(queue, p);
            Map<String, Map<String, String>> byEndpoint = new TreeMap<>();
            redis.<String, String>getMap(k.health(), StringCodec.INSTANCE)
                    .readAllMap()
                    .forEach((field, value) -> {
                        int bar = field.lastIndexOf('|');
                        byEndpoint
                                .computeIfAbsent(field.substring(0, bar), ep -> new TreeMap<>())
                                .put(field.substring(bar + 1), value);
                    });
            Map<String, String> inFlight = redis.<String, String>getMap(k.inflight(), StringCodec.INSTANCE)
                    .readAllMap();
            inFlight.keySet().forEach(ep -> byEndpoint.computeIfAbsent(ep, x -> new TreeMap<>()));
            byEndpoint.forEach((ep, h) -> {
                if (which.test(ep)) {
                    all.add(health(k, ep, h, Integer.parseInt(inFlight.getOrDefault(ep, "0")), now));
                }
            });
        }
        all.sort((a, b) -> a.endpoint().compareTo(b.endpoint()));
        return all;
    }

    /**
     * The health of one endpoint, by its key (an origin, or a registered endpoint's id), from its partition alone:
     * {@code closed}, with nothing in flight, when Redis holds nothing about it.
     */
    public EndpointHealth readOne(String endpoint, Instant now) {
        RedisKeys k = new RedisKeys(queue, Endpoints.partitionOf(endpoint, partitions));
        LinkedHashSet<String> names = new LinkedHashSet<>();
        FIELDS.forEach(name -> names.add(endpoint + "|" + name));
        Map<String, String> h = new HashMap<>();
        redis.<String, String>getMap(k.health(), StringCodec.INSTANCE)
                .getAll(names)
                .forEach((field, value) -> h.put(field.substring(endpoint.length() + 1), value));
        String inFlight =
                redis.<String, String>getMap(k.inflight(), StringCodec.INSTANCE).get(endpoint);
        return health(k, endpoint, h, inFlight == null ? 0 : Integer.parseInt(inFlight), now);
    }

    private EndpointHealth health(RedisKeys k, String ep, Map<String, String> h, int inFlight, Instant now) {
        Optional<Instant> pausedUntil = Optional.ofNullable(h.get("p"))
                .map(Long::parseLong)
                .map(Instant::ofEpochMilli)
                .filter(now::isBefore);
        String breaker = h.get("s");
        String state = breaker != null
                ? ("half".equals(breaker) ? "half_open" : "open")
                : pausedUntil.isEmpty()
                        ? "closed"
                        : h.containsKey("l") || h.containsKey("t") ? "rate_limited" : "paused";
        long held = state.equals("closed")
                ? 0
                : redis.getList(k.ready(ep), StringCodec.INSTANCE).size();
        Optional<Integer> limit = breaker != null
                ? Optional.of(1)
                : Optional.ofNullable(h.get("c")).map(Integer::parseInt);
        return new EndpointHealth(
                ep,
                state,
                Optional.ofNullable(h.get("o"))
                        .filter(x -> breaker != null)
                        .map(Long::parseLong)
                        .map(Instant::ofEpochMilli),
                Integer.parseInt(h.getOrDefault("f", "0")),
                limit,
                inFlight,
                held,
                pausedUntil,
                Optional.ofNullable(h.get("l")).map(Integer::parseInt));
    }
}
