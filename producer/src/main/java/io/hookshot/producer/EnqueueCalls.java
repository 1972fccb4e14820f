package io.hookshot.producer;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueCall;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.TraceContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link EnqueueCall}s of the messages a producer sends: each message goes to the partition of its endpoint,
 * and each partition's messages, in the order sent, into as few calls as its {@link EnqueueLayout} (made once per
 * partition) allows. Immutable and thread-safe.
 */
final class EnqueueCalls {
    private final EnqueueLayout[] byPartition;

    EnqueueCalls(ProducerConfig config) {
        this.byPartition = new EnqueueLayout[config.partitions()];
        for (int p = 0; p < byPartition.length; p++) {
            byPartition[p] = new EnqueueLayout(new RedisKeys(config.queue(), p), config.idempotencyWindow());
        }
    }

    /**
     * The calls for {@code messages}, which must have passed {@link MessageValidator}; {@code urls} are their URLs as
     * the validator parsed them (parsing them again cost as much as the rest of this method); {@code trace}: the trace
     * context they are sent in, kept with each; {@code outcome}: the request each job carries when a producer awaits
     * its outcome.
     */
    Plan of(
            List<Message> messages,
            List<URI> urls,
            Instant createdAt,
            Optional<TraceContext> trace,
            Optional<OutcomeRequest> outcome) {
        Map<Integer, Partition> partitions = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            URI url = urls.get(i);
            Job job = new Job(
                    message.id(),
                    url,
                    message.headers(),
                    message.payloadBytes(),
                    message.contentType(),
                    message.retrySchedule(),
                    message.idempotencyKey(),
                    message.signingSecrets(),
                    createdAt,
                    Optional.empty(),
                    trace);
            String endpoint = Endpoints.keyOf(url);
            int p = Endpoints.partitionOf(endpoint, byPartition.length);
            Partition partition = partitions.computeIfAbsent(p, k -> new Partition(byPartition[k].calls()));
            partition.calls.add(
                    job,
                    endpoint,
                    JobCodec.encode(job),
                    message.delay().orElse(Duration.ZERO),
                    message.dueAt(),
                    outcome);
            partition.positions.add(i);
        }
        List<EnqueueCall> calls = new ArrayList<>();
        int[] positions = new int[messages.size()];
        int k = 0;
        for (Partition partition : partitions.values()) {
            calls.addAll(partition.calls.build());
            for (int i : partition.positions) {
                positions[k++] = i;
            }
        }
        return new Plan(List.copyOf(calls), positions);
    }

    /**
     * The calls of one send, and where each job they carry (in call order) came in the messages sent.
     *
     * @param calls     every partition's calls; within a partition in the order sent
     * @param positions the index, in the messages sent, of the k-th job of the calls taken in order
     */
    record Plan(List<EnqueueCall> calls, int[] positions) {}

    /** One partition's calls in the making, and the index of each message added to them. */
    private record Partition(EnqueueLayout.Calls calls, List<Integer> positions) {
        Partition(EnqueueLayout.Calls calls) {
            this(calls, new ArrayList<>());
        }
    }
}
