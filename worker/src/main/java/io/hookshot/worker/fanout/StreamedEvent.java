package io.hookshot.worker.fanout;

import io.hookshot.common.OutcomeRequest;
import java.util.Optional;

/**
 * One entry of a partition's events stream as the fan-out reads it. Immutable.
 *
 * @param partition the partition whose stream holds it
 * @param entryId   its stream entry id, like {@code 1700000000000-0}
 * @param data      the event as {@code EventCodec} encodes it; null when the entry has none
 * @param outcome   the producer's outcome request when it awaits the event ({@code EventStream.NOTIFY}); else empty
 */
record StreamedEvent(int partition, String entryId, String data, Optional<OutcomeRequest> outcome) {
    /** An entry no producer awaits. */
    StreamedEvent(int partition, String entryId, String data) {
        this(partition, entryId, data, Optional.empty());
    }
}
