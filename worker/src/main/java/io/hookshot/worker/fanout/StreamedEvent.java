package io.hookshot.worker.fanout;

/**
 * One entry of a partition's events stream as the fan-out reads it. Immutable.
 *
 * @param partition the partition whose stream holds it
 * @param entryId   its stream entry id, like {@code 1700000000000-0}
 * @param data      the event as {@code EventCodec} encodes it; null when the entry has none
 */
record StreamedEvent(int partition, String entryId, String data) {}
