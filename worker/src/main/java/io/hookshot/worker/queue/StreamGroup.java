package io.hookshot.worker.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.AutoClaimResult;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * One consumer group over a stream that every partition of a queue has (outbox, events, operational records), each
 * entry read as a {@code T} by the stream's {@link Decoder}. Every call is one round trip and none blocks (Redisson's
 * blocking reads have whole-second granularity). Thread-safe.
 *
 * @param <T> what one entry is read as
 */
public final class StreamGroup<T> {
    /** Reads one entry of {@code partition}'s stream; {@code fields} is never null. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(int partition, String entryId, Map<String, String> fields);
    }

    /** One page of XAUTOCLAIM: the entries taken over, and where the next page starts ({@code 0-0}: done). */
    public record Claimed<T>(List<T> entries, StreamMessageId next) {
        public boolean complete() {
            return next.getId0() == 0 && next.getId1() == 0;
        }
    }

    private final RedissonClient redisson;
    private final String name;
    private final StreamMessageId start;
    private final IntFunction<String> streamKey;
    private final Decoder<T> decoder;
    private final Function<T, String> entryId;

    /**
     * The group {@code name} on the streams named by {@code streamKey} (a partition's key), created at {@code start};
     * {@code entryId} gives back the stream entry id of what {@code decoder} made.
     */
    public StreamGroup(
            RedissonClient redisson,
            String name,
            StreamMessageId start,
            IntFunction<String> streamKey,
            Decoder<T> decoder,
            Function<T, String> entryId) {
        this.redisson = redisson;
        this.name = name;
        this.start = start;
        this.streamKey = streamKey;
        this.decoder = decoder;
        this.entryId = entryId;
    }

    /**
     * Creates the group (and the stream) at its start unless it exists: Redis's BUSYGROUP answer is that, not a
     * failure. Any other error is thrown.
     */
    public void create(int partition) {
        try {
            stream(partition)
                    .createGroup(StreamCreateGroupArgs.name(name).id(start).makeStream());
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Entries delivered to {@code consumer} and not acknowledged yet (XREADGROUP from 0). */
    public List<T> readPending(int partition, String consumer, int count) {
        return read(
                partition,
                consumer,
                StreamReadGroupArgs.greaterThan(StreamMessageId.ALL).count(count));
    }

    /** Entries never delivered to any consumer of the group (XREADGROUP {@code >}), without blocking. */
    public List<T> readNew(int partition, String consumer, int count) {
        return read(partition, consumer, StreamReadGroupArgs.neverDelivered().count(count));
    }

    /** Takes over entries pending longer than {@code minIdle} on any consumer (XAUTOCLAIM from {@code from}). */
    public Claimed<T> autoClaim(int partition, String consumer, Duration minIdle, StreamMessageId from, int count) {
        AutoClaimResult<String, String> result =
                stream(partition).autoClaim(name, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, from, count);
        return new Claimed<>(decode(partition, result.getMessages()), result.getNextId());
    }

    /** Acknowledges {@code entries} of {@code partition}. */
    public void ack(int partition, List<T> entries) {
        if (!entries.isEmpty()) {
            stream(partition).ack(name, ids(entries));
        }
    }

    /** Acknowledges {@code entries} of {@code partition} and deletes them from its stream. */
    public void ackAndDelete(int partition, List<T> entries) {
        if (!entries.isEmpty()) {
            StreamMessageId[] ids = ids(entries);
            RStream<String, String> stream = stream(partition);
            stream.ack(name, ids);
            stream.remove(ids);
        }
    }

    /** How many entries {@code partition}'s stream holds, acknowledged or not. */
    public long length(int partition) {
        return stream(partition).size();
    }

    /** The stream entry id of {@code entry}. */
    public String entryId(T entry) {
        return entryId.apply(entry);
    }

    private static StreamMessageId parseId(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            return new StreamMessageId(Long.parseLong(text));
        }
        return new StreamMessageId(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }

    private StreamMessageId[] ids(List<T> entries) {
        return entries.stream().map(e -> parseId(entryId.apply(e))).toArray(StreamMessageId[]::new);
    }

    private List<T> read(int partition, String consumer, StreamReadGroupArgs args) {
        return decode(partition, stream(partition).readGroup(name, consumer, args));
    }

    private RStream<String, String> stream(int partition) {
        return redisson.getStream(streamKey.apply(partition), StringCodec.INSTANCE);
    }

    private List<T> decode(int partition, Map<StreamMessageId, Map<String, String>> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(entries.size());
        entries.forEach(
                (id, fields) -> out.add(decoder.decode(partition, id.toString(), fields == null ? Map.of() : fields)));
        return out;
    }
}
