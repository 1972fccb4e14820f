package io.hookshot.worker.fanout;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Whether the endpoint a fan-out message was made for is still registered and enabled, asked before each delivery
 * attempt: a message of a deleted or disabled endpoint is not sent. Read from the registry's Redis mirror and kept at most {@link #MAX_AGE}.
 * Thread-safe.
 */
public final class EndpointPresence {
    /** How long an answer is used before the mirror is asked again. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** Answers kept at most; past it the cache starts afresh. */
    static final int MAX_ENTRIES = 10_000;

    /** What the mirror says of an endpoint. */
    public enum State {
        /** It is registered and enabled. */
        PRESENT,
        /** It is registered, and disabled (by hand, or by the auto-disable after failing for long). */
        DISABLED,
        /** The tenant's mirror exists and lacks it: it was deleted. */
        DELETED,
        /**
         * The tenant has no mirror at all (never had endpoints, or the mirror was lost and not repaired yet): nothing
         * is known, so the message is delivered as it was made.
         */
        NO_MIRROR
    }

    private record Answer(State state, long atNanos) {}

    private final RedissonClient redis;
    private final String queue;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public EndpointPresence(RedissonClient redis, String queue) {
        this.redis = redis;
        this.queue = queue;
    }

    /** What the mirror says of the endpoint of {@code origin}, at most {@link #MAX_AGE} ago. */
    public State of(EventOrigin origin) {
        long now = System.nanoTime();
        String key = origin.tenant() + "\n" + origin.endpointId();
        Answer known = answers.get(key);
        if (known != null && now - known.atNanos() < MAX_AGE.toNanos()) {
            return known.state();
        }
        Map<String, String> found = redis.<String, String>getMap(
                        EventKeys.endpoints(queue, new TenantId(origin.tenant())), StringCodec.INSTANCE)
                .getAll(Set.of(EventKeys.VERSION_FIELD, origin.endpointId()));
        String endpoint = found.get(origin.endpointId());
        State state = endpoint != null
                ? disabled(endpoint) ? State.DISABLED : State.PRESENT
                : found.containsKey(EventKeys.VERSION_FIELD) ? State.DELETED : State.NO_MIRROR;
        if (answers.size() >= MAX_ENTRIES) {
            answers.clear();
        }
        answers.put(key, new Answer(state, now));
        return state;
    }

    /** Whether a mirrored endpoint's JSON says it is disabled; one that cannot be read is taken as enabled. */
    private static boolean disabled(String json) {
        try {
            return EndpointMirrorCodec.decode(json).disabled();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
