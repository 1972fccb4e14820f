package io.hookshot.common;

import java.util.List;

/**
 * The KEYS and ARGV of one run of the {@code enqueue} script, laid out exactly as {@code enqueue.lua}'s header
 * documents them. Made by {@link EnqueueLayout}, the one place that lays them out. Immutable.
 *
 * @param id   the message id the call enqueues
 * @param keys KEYS[1..7]
 * @param args ARGV[1..11], and for a fan-out message ARGV[12..19]: its origin for the outbox
 */
public record EnqueueCall(MessageId id, List<String> keys, List<String> args) {

    public EnqueueCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }

    /** KEYS[1], the job hash: names the partition, for routing a call or a script load to the right node. */
    public String jobKey() {
        return keys.get(0);
    }
}
