package io.hookshot.common;

import java.util.List;

/**
 * The KEYS and ARGV of one run of the {@code enqueue} script, laid out exactly as {@code enqueue.lua}'s header
 * documents them. Made by {@link EnqueueLayout}, the one place that lays them out. Immutable.
 *
 * @param ids  the message ids of the jobs the call carries, in order: its reply has two values for each
 * @param keys KEYS[1..4]
 * @param args ARGV: three for the call, then ten per job
 */
public record EnqueueCall(List<MessageId> ids, List<String> keys, List<String> args) {

    public EnqueueCall {
        ids = List.copyOf(ids);
        keys = List.copyOf(keys);
        args = List.copyOf(args);
        if (ids.isEmpty() || args.size() != EnqueueLayout.CALL_ARGS + EnqueueLayout.JOB_ARGS * ids.size()) {
            throw new IllegalArgumentException("an enqueue call needs " + EnqueueLayout.CALL_ARGS + " + "
                    + EnqueueLayout.JOB_ARGS + " arguments per job for at least one job; got " + ids.size()
                    + " jobs and " + args.size() + " arguments");
        }
    }

    /** KEYS[1]: names the partition, for routing a call or a script load to the right node. */
    public String routingKey() {
        return keys.getFirst();
    }
}
