package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import io.hookshot.worker.queue.ClaimedJob;
import java.time.Duration;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * Three jobs driven through the real scripts: one delivered at once, one retried then delivered, one dead. The
 * outbox then holds 3 accepted and 4 attempt records. Test scope.
 */
final class ThreeJobs {
    private static final Duration LEASE = Duration.ofSeconds(30);

    final String queueName;
    final ScriptedQueue queue;
    final Job delivered = ScriptedQueue.newJob("https://a.example.com/hook");
    final Job retriedThenDelivered = ScriptedQueue.newJob("https://b.example.com/hook");
    final Job dead = ScriptedQueue.newJob("https://c.example.com/hook");

    ThreeJobs(RedissonClient redisson, String queueName, int partitions) {
        this.queueName = queueName;
        this.queue = new ScriptedQueue(redisson, queueName, partitions);
        for (Job job : all()) {
            queue.enqueue(job);
        }
        for (ClaimedJob c : queue.claimAll(LEASE)) {
            Job job = jobOf(c.id());
            if (job == delivered) {
                settle(c, job, MessageStatus.DELIVERED, 200);
            } else if (job == retriedThenDelivered) {
                settle(c, job, MessageStatus.RETRYING, 503);
            } else {
                settle(c, job, MessageStatus.DEAD, 410);
            }
        }
        List<ClaimedJob> again = queue.claimAll(LEASE);
        assertThat(again)
                .extracting(ClaimedJob::id)
                .containsExactly(retriedThenDelivered.id().value());
        settle(again.getFirst(), retriedThenDelivered, MessageStatus.DELIVERED, 200);
    }

    List<Job> all() {
        return List.of(delivered, retriedThenDelivered, dead);
    }

    /** Outbox records the scenario wrote. */
    int records() {
        return 3 + 4;
    }

    private void settle(ClaimedJob c, Job job, MessageStatus outcome, int status) {
        assertThat(queue.settle(c, outcome, ScriptedQueue.attempt(job, status, null), "receiver said " + status, LEASE))
                .isEqualTo(1);
    }

    private Job jobOf(String id) {
        return all().stream().filter(j -> j.id().value().equals(id)).findFirst().orElseThrow();
    }
}
