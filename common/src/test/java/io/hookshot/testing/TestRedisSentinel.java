package io.hookshot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A master, a replica and {@value #SENTINELS} Redis Sentinels watching them, each a redis-server process of its own on
 * a free loopback port (the machine's redis-server 7+ when it has one, else embedded-redis's 6.2), nothing on disk:
 * what a test needs to SIGKILL the master and see a replica promoted. Sentinels declare the master down after
 * {@link #DOWN_AFTER} and agree with a quorum of 2. Not thread-safe: drive it from the test thread.
 */
public final class TestRedisSentinel implements AutoCloseable {
    /** The name the sentinels know the master by. */
    public static final String MASTER_NAME = "hookshot";

    public static final int SENTINELS = 3;
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutableProvider executable;
    private final List<RedisServer> servers = new ArrayList<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();

    private TestRedisSentinel() throws IOException {
        this.executable = RestartableRedis.executable();
    }

    /** Starts the master, its replica and the sentinels; returns once the sentinels see the replica. */
    public static TestRedisSentinel start() {
        try {
            TestRedisSentinel group = new TestRedisSentinel();
            int master = group.startServer(null);
            group.startServer(master);
            for (int i = 0; i < SENTINELS; i++) {
                int port = TestRedis.freePort();
                RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                        .executableProvider(group.executable)
                        .bind("127.0.0.1")
                        .port(port)
                        .masterName(MASTER_NAME)
                        .masterPort(master)
                        .quorumSize(2)
                        .downAfterMilliseconds(DOWN_AFTER.toMillis())
                        .failOverTimeout(FAILOVER_TIMEOUT.toMillis())
                        .parallelSyncs(1)
                        .build();
                sentinel.start();
                group.sentinels.add(sentinel);
                group.sentinelPorts.add(port);
            }
            group.awaitReplicas(1);
            return group;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server processes for a sentinel group", e);
        }
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/hookshot}. */
    public String url() {
        return "redis-sentinel://"
                + sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","))
                + "/" + MASTER_NAME;
    }

    /** The port of the master, as the first sentinel that answers says. */
    public int masterPort() {
        for (int port : sentinelPorts) {
            try (Jedis sentinel = new Jedis("127.0.0.1", port)) {
                return Integer.parseInt(
                        sentinel.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
            } catch (RuntimeException e) {
                // that sentinel is not answering; ask the next
            }
        }
        throw new IllegalStateException("no sentinel answers");
    }

    /** SIGKILLs the current master; returns its port once the process is gone. */
    public int killMaster() {
        int port = masterPort();
        long pid;
        try (Jedis master = new Jedis("127.0.0.1", port)) {
            pid = Long.parseLong(master.info("server")
                    .lines()
                    .filter(l -> l.startsWith("process_id:"))
                    .findFirst()
                    .orElseThrow()
                    .substring("process_id:".length())
                    .strip());
        }
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("redis-server " + pid + " did not die of SIGKILL", e);
        }
        return port;
    }

    /** Waits until the sentinels name a master other than the one on {@code oldPort}; returns the new one's port. */
    public int awaitFailover(int oldPort, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                return masterPort() != oldPort;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return masterPort();
    }

    /** Starts an empty redis-server on a new port as a replica of the current master, as an operator would. */
    public void addReplica() {
        try {
            startServer(masterPort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a replica", e);
        }
        awaitReplicas(1);
    }

    /** Waits until the current master has at least {@code n} replicas online. */
    public void awaitReplicas(int n) {
        Awaitility.await()
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (Jedis master = new Jedis("127.0.0.1", masterPort())) {
                        return master.info("replication")
                                        .lines()
                                        .filter(l -> l.matches("slave\\d+:.*state=online.*"))
                                        .count()
                                >= n;
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
    }

    private int startServer(Integer replicaOf) throws IOException {
        int port = TestRedis.freePort();
        var builder = RedisServer.newRedisServer()
                .executableProvider(executable)
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no");
        if (replicaOf != null) {
            builder.setting("replicaof 127.0.0.1 " + replicaOf);
        }
        RedisServer server = builder.build();
        server.start();
        servers.add(server);
        return port;
    }

    @Override
    public void close() {
        for (RedisSentinel sentinel : sentinels) {
            stopQuietly(sentinel);
        }
        for (RedisServer server : servers) {
            stopQuietly(server);
        }
    }

    private static void stopQuietly(redis.embedded.Redis instance) {
        try {
            instance.stop();
        } catch (IOException | RuntimeException e) {
            // gone already (a killed master)
        }
    }
}
