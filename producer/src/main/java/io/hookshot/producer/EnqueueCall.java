package io.hookshot.producer;

import io.hookshot.common.MessageId;
import java.util.List;

/**
 * The KEYS and ARGV of one run of the {@code enqueue} script for one validated message, laid out exactly as
 * {@code enqueue.lua}'s header documents them. Made by {@link EnqueueCalls}. Immutable.
 *
 * @param id   the message id the call enqueues
 * @param keys KEYS[1..7]
 * @param args ARGV[1..11]
 */
record EnqueueCall(MessageId id, List<String> keys, List<String> args) {

    EnqueueCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }

    /** KEYS[1], the job hash: names the partition, for routing a script load to the right node. */
    String jobKey() {
        return keys.get(0);
    }
}
