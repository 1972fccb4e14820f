package io.hookshot.producer;

import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.PublishedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The event type catalogue as a producer sees it: the hash {@link EventKeys#eventTypes} (name to {@code active} or
 * {@code archived}), written by the registry. While types are strict ({@link ProducerConfig#eventTypesStrict()}), an
 * event of a type it lacks or has archived is refused. The hash is not in any partition's slot, so it is read here,
 * outside the publish script, and kept at most {@link #MAX_AGE}: a type registered or archived counts within that.
 * Thread-safe.
 */
final class EventTypeCatalogue {
    /** How long a copy of the catalogue is used before it is read again. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private record Copy(Map<String, String> types, long readAtNanos) {}

    private final UnifiedJedis redis;
    private final String key;
    private final boolean strict;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Copy copy;

    EventTypeCatalogue(UnifiedJedis redis, String queue, boolean strict) {
        this.redis = redis;
        this.key = EventKeys.eventTypes(queue);
        this.strict = strict;
    }

    /**
     * Throws {@link InvalidEventException} (field {@code type}) for the first event whose type may not be published,
     * saying which one in a batch of several; does nothing while types are not strict.
     *
     * @throws ProducerException when the catalogue cannot be read
     */
    void check(List<PublishedEvent> events) {
        if (!strict || events.isEmpty()) {
            return;
        }
        Map<String, String> types = current();
        for (int i = 0; i < events.size(); i++) {
            PublishedEvent e = events.get(i);
            String state = types.get(e.type().value());
            String problem = state == null
                    ? "event type '" + e.type() + "' is not in the catalogue (" + key + ")"
                    : EventKeys.ARCHIVED.equals(state) ? "event type '" + e.type() + "' is archived" : null;
            if (problem != null) {
                InvalidEventException refused = new InvalidEventException(
                        "type",
                        problem + "; register it (POST"
                                + " /v1/event-types), or set " + ProducerConfig.ENV_EVENT_TYPES_STRICT
                                + "=false to publish"
                                + " any type");
                throw events.size() == 1 ? refused : refused.inBatch(i, events.size(), e.id().value());
            }
        }
    }

    private Map<String, String> current() {
        Copy c = copy;
        if (c != null && System.nanoTime() - c.readAtNanos() < MAX_AGE.toNanos()) {
            return c.types();
        }
        reading.lock();
        try {
            c = copy;
            if (c != null && System.nanoTime() - c.readAtNanos() < MAX_AGE.toNanos()) {
                return c.types();
            }
            long readAt = System.nanoTime();
            Map<String, String> types = Map.copyOf(redis.hgetAll(key));
            copy = new Copy(types, readAt);
            return types;
        } catch (JedisException e) {
            throw new ProducerException(
                    "cannot read the event type catalogue " + key + " from Redis: " + e.getMessage(), e);
        } finally {
            reading.unlock();
        }
    }
}
