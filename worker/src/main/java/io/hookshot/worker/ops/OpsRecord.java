package io.hookshot.worker.ops;

import java.util.Map;

/**
 * One record of a partition's ops stream (see the scripts' {@code include/ops.lua}), as the notifier reads it.
 * Immutable.
 *
 * @param partition the partition whose stream holds it
 * @param entryId   its stream entry id, like {@code 1700000000000-0}: with the partition, what names its webhook
 * @param fields    its fields: {@code t} (the webhook's type), {@code ep}, {@code tenant}, {@code at}, then its type's
 */
record OpsRecord(int partition, String entryId, Map<String, String> fields) {
    OpsRecord {
        fields = Map.copyOf(fields);
    }

    String field(String name) {
        return fields.getOrDefault(name, "");
    }
}
