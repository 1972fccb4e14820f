package io.hookshot.worker.queue;

import org.redisson.api.RStream;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.RedisException;

/** Consumer groups of the queue's streams (outbox, events, operational records). Stateless. */
public final class StreamGroups {
    private StreamGroups() {}

    /**
     * Creates {@code group} on {@code stream} (and the stream) starting at {@code from}, unless the group exists:
     * Redis's BUSYGROUP answer is that, not a failure. Any other error is thrown.
     */
    public static void createUnlessExists(RStream<?, ?> stream, String group, StreamMessageId from) {
        try {
            stream.createGroup(StreamCreateGroupArgs.name(group).id(from).makeStream());
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }
}
