package io.hookshot.worker.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.RedisException;

/**
 * Takes the readings a scenario's costs are computed from, at its start and at its end: the bench JVM's CPU time,
 * the external receiver's ({@code --receiver-pid}), the Redis server's {@code INFO cpu} and {@code INFO commandstats}
 * (each master of a Redis Cluster, summed) and the PostgreSQL processes' CPU time. What cannot be read is -1 or
 * empty in the sample, and -1 in the report; reading never fails the bench. Thread-safe.
 */
final class ResourceProbe {
    /**
     * The readings at one instant.
     *
     * @param benchCpuMillis    the bench JVM's CPU time; -1 when unknown
     * @param receiverCpuMillis the external receiver's CPU time; -1 without {@code --receiver-pid} or when unknown
     * @param redis             the Redis server's INFO figures; empty when INFO could not be read
     * @param postgresCpuMillis CPU time by pid of the visible PostgreSQL processes
     */
    record Sample(
            long benchCpuMillis, long receiverCpuMillis, Optional<RedisInfo> redis, Map<Long, Long> postgresCpuMillis) {
        Sample {
            postgresCpuMillis = Map.copyOf(postgresCpuMillis);
        }
    }

    private final RedissonClient redis;
    private final Optional<Long> receiverPid;

    ResourceProbe(RedissonClient redis, Optional<Long> receiverPid) {
        this.redis = redis;
        this.receiverPid = receiverPid;
    }

    Sample sample() {
        return new Sample(
                ProcessStats.cpuMillis(ProcessHandle.current().pid()),
                receiverPid.map(ProcessStats::cpuMillis).orElse(-1L),
                redisInfo(),
                PostgresProcesses.cpuMillis());
    }

    private Optional<RedisInfo> redisInfo() {
        try {
            List<RedisNode> servers = new ArrayList<>();
            if (redis.getConfig().isClusterConfig()) {
                servers.addAll(redis.getRedisNodes(RedisNodes.CLUSTER).getMasters());
            } else {
                servers.add(redis.getRedisNodes(RedisNodes.SINGLE).getInstance());
            }
            Optional<RedisInfo> sum = Optional.empty();
            for (RedisNode server : servers) {
                Map<String, String> fields = new HashMap<>(server.info(RedisNode.InfoSection.CPU));
                fields.putAll(server.info(RedisNode.InfoSection.COMMANDSTATS));
                Optional<RedisInfo> one = RedisInfo.fromFields(fields);
                if (one.isEmpty()) {
                    return Optional.empty();
                }
                sum = Optional.of(sum.map(s -> s.plus(one.get())).orElse(one.get()));
            }
            return sum;
        } catch (RedisException e) {
            return Optional.empty(); // INFO refused (a managed Redis, an ACL): the report says -1
        }
    }
}
