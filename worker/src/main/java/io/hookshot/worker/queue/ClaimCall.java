package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code claim} script (see its header) and reads its reply. Used by
 * {@link RedisJobQueue} and by tests that drive the script directly.
 */
public final class ClaimCall {
    /** Where the claim id sits among the call's arguments (ARGV[5], counted from 0). */
    public static final int CLAIM_ID_ARG = 4;

    private ClaimCall() {}

    /**
     * One call leasing up to {@code maxJobs} jobs of the partition of {@code keys} for {@code lease}, at most
     * {@code endpointCap} of one endpoint in flight, after promoting at most {@code promoteLimit} due delayed jobs,
     * keeping to {@code endpoints}' breaker and rate limits; {@code claimId} names the call, so that running it again
     * returns the same jobs.
     */
    public static ScriptRunner.Call of(
            RedisKeys keys,
            String claimId,
            int maxJobs,
            Duration lease,
            int endpointCap,
            int promoteLimit,
            EndpointPolicy endpoints) {
        return new ScriptRunner.Call(
                LuaScript.CLAIM,
                ReturnType.LIST,
                List.of(
                        keys.ring(),
                        keys.ringSet(),
                        keys.delayed(),
                        keys.active(),
                        keys.inflight(),
                        keys.claim(claimId),
                        keys.health(),
                        keys.paused()),
                new Object[] {
                    keys.prefix(),
                    Integer.toString(maxJobs),
                    Long.toString(lease.toMillis()),
                    Integer.toString(endpointCap),
                    claimId,
                    Integer.toString(promoteLimit),
                    Integer.toString(endpoints.defaultRateLimit()),
                    Long.toString(endpoints.maxHold().toMillis())
                });
    }

    /**
     * Reads the reply {@code {next, limited, id1, token1, attempt1, fails1, data1, id2, ...}} of a call to
     * {@code partition}.
     */
    public static ClaimResult result(int partition, List<?> reply) {
        long next = ((Number) reply.getFirst()).longValue();
        int limited = ((Number) reply.get(1)).intValue();
        List<ClaimedJob> jobs = new ArrayList<>((reply.size() - 2) / 5);
        for (int i = 2; i + 4 < reply.size(); i += 5) {
            jobs.add(new ClaimedJob(
                    new Lease(partition, (String) reply.get(i), (String) reply.get(i + 1)),
                    ((Number) reply.get(i + 2)).intValue(),
                    ((Number) reply.get(i + 3)).intValue(),
                    (String) reply.get(i + 4)));
        }
        return new ClaimResult(jobs, next < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(next)), limited);
    }
}
