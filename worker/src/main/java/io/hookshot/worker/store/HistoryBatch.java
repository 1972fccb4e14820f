package io.hookshot.worker.store;

import io.hookshot.common.JobCodec;
import io.hookshot.common.JobDecodingException;
import io.hookshot.worker.store.OutboxRecord.Accepted;
import io.hookshot.worker.store.OutboxRecord.Attempted;
import io.hookshot.worker.store.OutboxRecord.FannedOut;
import io.hookshot.worker.store.OutboxRecord.Stalled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A batch of outbox entries, decoded. Pure: the outside facts it needs to become rows are passed in: the stored URLs
 * of messages whose stalled records carry none, and the stored keys of messages whose records do not give their
 * row's key ({@link MessageKeys}). Immutable.
 */
final class HistoryBatch {
    private record Decoded(OutboxEntry entry, OutboxRecord record) {}

    private final List<Decoded> decoded;
    private final List<MalformedOutboxEntryException> malformed;
    /** Message id to the URL this batch itself tells (accepted and attempt records, jobs of dead records). */
    private final Map<String, String> batchUrls = new HashMap<>();
    /** Message id to the creation time its records carry (every record of a message carries the same). */
    private final Map<String, Instant> created = new TreeMap<>();
    /** Message id to the time of its earliest record in this batch. */
    private final Map<String, Instant> firstSeen = new TreeMap<>();

    private HistoryBatch(List<Decoded> decoded, List<MalformedOutboxEntryException> malformed) {
        this.decoded = List.copyOf(decoded);
        this.malformed = List.copyOf(malformed);
        for (Decoded d : decoded) {
            OutboxRecord r = d.record();
            knownUrl(r).ifPresent(url -> batchUrls.putIfAbsent(r.messageId(), url));
            if (!(r instanceof FannedOut)) {
                r.createdAt().ifPresent(c -> created.putIfAbsent(r.messageId(), c));
                firstSeen.merge(r.messageId(), r.at(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
    }

    /** Decodes the entries; those that cannot be decoded are set aside in {@link #malformed()}. */
    static HistoryBatch decode(List<OutboxEntry> entries) {
        List<Decoded> decoded = new ArrayList<>(entries.size());
        List<MalformedOutboxEntryException> malformed = new ArrayList<>();
        for (OutboxEntry entry : entries) {
            try {
                decoded.add(new Decoded(entry, OutboxRecord.decode(entry)));
            } catch (MalformedOutboxEntryException e) {
                malformed.add(e);
            }
        }
        return new HistoryBatch(decoded, malformed);
    }

    /** Why each entry that could not be decoded was refused. */
    List<MalformedOutboxEntryException> malformed() {
        return malformed;
    }

    /** Ids of stalled messages whose URL neither this batch nor the record tells: look them up in the store. */
    Set<String> idsWithUnknownUrl() {
        Set<String> ids = new TreeSet<>();
        for (Decoded d : decoded) {
            if (d.record() instanceof Stalled s && !batchUrls.containsKey(s.messageId())) {
                ids.add(s.messageId());
            }
        }
        return ids;
    }

    /** Ids of messages created before {@code partitionedFrom}: their stored rows' keys are needed. */
    Set<String> idsCreatedBefore(Optional<Instant> partitionedFrom) {
        Set<String> ids = new TreeSet<>();
        partitionedFrom.ifPresent(from -> created.forEach((id, c) -> {
            if (c.isBefore(from)) {
                ids.add(id);
            }
        }));
        return ids;
    }

    /** Ids of messages of which no record of this batch tells the creation time. */
    Set<String> idsWithUnknownCreation() {
        Set<String> ids = new TreeSet<>(firstSeen.keySet());
        ids.removeAll(created.keySet());
        return ids;
    }

    /**
     * The rows, taking URLs that the batch does not know from {@code storedUrls} (message id to URL), and each
     * message's key from {@code storedKeys} (message id to the stored row's created_at, for the ids of
     * {@link #idsCreatedBefore} and {@link #idsWithUnknownCreation} that have a row), else its records' creation time,
     * else the time of its first record (kept before {@code partitionedFrom}, where later records look for it).
     */
    HistoryRows rows(
            Map<String, String> storedUrls, Map<String, Instant> storedKeys, Optional<Instant> partitionedFrom) {
        Map<String, Instant> keys = new HashMap<>();
        firstSeen.forEach((id, first) -> {
            Instant key = storedKeys.get(id);
            if (key == null) {
                key = created.get(id);
            }
            if (key == null) {
                key = partitionedFrom
                        .filter(from -> !first.isBefore(from))
                        .map(from -> from.minusMillis(1))
                        .orElse(first);
            }
            keys.put(id, key);
        });
        HistoryRows rows = new HistoryRows(keys);
        for (Decoded d : decoded) {
            String queue = d.entry().queue();
            switch (d.record()) {
                case Accepted a -> rows.add(queue, a);
                case Attempted a -> rows.add(queue, a);
                case Stalled s ->
                    rows.add(
                            queue,
                            s,
                            batchUrls.getOrDefault(s.messageId(), storedUrls.getOrDefault(s.messageId(), "")));
                case FannedOut f -> rows.add(queue, f);
            }
        }
        return rows;
    }

    private static Optional<String> knownUrl(OutboxRecord record) {
        return switch (record) {
            case Accepted a -> Optional.of(Text.clean(a.url()));
            case Attempted a -> Optional.of(Text.clean(a.data().url()));
            case Stalled s -> s.job().flatMap(HistoryBatch::urlOfJob);
            case FannedOut f -> Optional.empty();
        };
    }

    private static Optional<String> urlOfJob(String json) {
        try {
            return Optional.of(Text.clean(JobCodec.decode(json).url().toString()));
        } catch (JobDecodingException e) {
            return Optional.empty();
        }
    }
}
