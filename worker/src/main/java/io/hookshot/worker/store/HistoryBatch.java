package io.hookshot.worker.store;

import io.hookshot.common.JobCodec;
import io.hookshot.common.JobDecodingException;
import io.hookshot.worker.store.OutboxRecord.Accepted;
import io.hookshot.worker.store.OutboxRecord.Attempted;
import io.hookshot.worker.store.OutboxRecord.FannedOut;
import io.hookshot.worker.store.OutboxRecord.Stalled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch of outbox entries, decoded. Pure: the only outside fact it needs to become rows, the stored URLs of
 * messages whose stalled records carry none, is passed in. Immutable.
 */
final class HistoryBatch {
    private record Decoded(OutboxEntry entry, OutboxRecord record) {}

    private final List<Decoded> decoded;
    private final List<MalformedOutboxEntryException> malformed;
    /** Message id to the URL this batch itself tells (accepted and attempt records, jobs of dead records). */
    private final Map<String, String> batchUrls = new HashMap<>();

    private HistoryBatch(List<Decoded> decoded, List<MalformedOutboxEntryException> malformed) {
        this.decoded = List.copyOf(decoded);
        this.malformed = List.copyOf(malformed);
        for (Decoded d : decoded) {
            knownUrl(d.record())
                    .ifPresent(url -> batchUrls.putIfAbsent(d.record().messageId(), url));
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

    /** The rows, taking URLs that the batch does not know from {@code storedUrls} (message id to URL). */
    HistoryRows rows(Map<String, String> storedUrls) {
        HistoryRows rows = new HistoryRows();
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
