package io.hookshot.testing;

import io.hookshot.common.RedisKeys;
import io.hookshot.common.RedisUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.embedded.RedisShardedCluster;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis Cluster of {@value #MASTERS} masters for tests: the cluster named by {@value #URL_ENV} (a
 * {@code redis-cluster://} URL, see {@link RedisUrl}), or else an embedded one (redis-server 6.2, no replicas, on
 * free loopback ports, no persistence) formed once per JVM and stopped at exit. It also answers where keys live,
 * asking the servers themselves ({@code CLUSTER KEYSLOT}, {@code CLUSTER SLOTS}), so tests can show that a queue's
 * partitions really are spread over the masters. Thread-safe.
 */
public final class TestRedisCluster {
    public static final String URL_ENV = "HOOKSHOT_TEST_REDIS_CLUSTER_URL";
    public static final int MASTERS = 3;
    private static final int MAX_QUEUE_NAME_TRIES = 200;
    /** How long each node of a freshly formed embedded cluster may take to report {@code cluster_state:ok}. */
    private static final Duration FORMING_TIMEOUT = Duration.ofSeconds(30);

    private static TestRedisCluster instance;

    private final String url;
    private final RedisUrl parsed;

    private TestRedisCluster(String url) {
        this.url = url;
        this.parsed = RedisUrl.parse(url);
    }

    public static synchronized TestRedisCluster get() {
        if (instance == null) {
            String external = System.getenv(URL_ENV);
            instance = new TestRedisCluster(external != null && !external.isBlank() ? external : startEmbedded());
        }
        return instance;
    }

    /** {@code redis-cluster://127.0.0.1:<port1>,127.0.0.1:<port2>,...}: the URL producers and workers are given. */
    public String url() {
        return url;
    }

    /** The masters serving slots now, as {@code host:port}, in slot order. */
    public List<HostAndPort> masters() {
        List<HostAndPort> masters = new ArrayList<>();
        for (SlotRange range : slotRanges()) {
            if (!masters.contains(range.master())) {
                masters.add(range.master());
            }
        }
        return masters;
    }

    /** The master serving {@code key}: its slot by {@code CLUSTER KEYSLOT}, that slot's owner by {@code CLUSTER SLOTS}. */
    public HostAndPort masterOf(String key) {
        long slot;
        try (Jedis jedis = connect(seed())) {
            slot = jedis.clusterKeySlot(key);
        }
        for (SlotRange range : slotRanges()) {
            if (slot >= range.first() && slot <= range.last()) {
                return range.master();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot + ": is the cluster healthy?");
    }

    /**
     * A fresh queue name whose {@code partitions} partitions are spread over every master (at least one partition
     * per master), so a test on it exercises all of them. Tries names until one spreads; bounded.
     */
    public String queueSpreadOverAllMasters(int partitions) {
        Set<HostAndPort> all = new HashSet<>(masters());
        for (int i = 0; i < MAX_QUEUE_NAME_TRIES; i++) {
            String queue = TestServers.newQueue();
            Set<HostAndPort> used = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                used.add(masterOf(new RedisKeys(queue, p).prefix()));
            }
            if (used.equals(all)) {
                return queue;
            }
        }
        throw new IllegalStateException("no queue name of " + MAX_QUEUE_NAME_TRIES + " spread " + partitions
                + " partitions over all " + all.size() + " masters; use more partitions");
    }

    /** Runs {@code action} on a plain connection to each master in turn, as if a client spoke to it alone. */
    public void onEveryMaster(Consumer<Jedis> action) {
        for (HostAndPort master : masters()) {
            try (Jedis jedis = connect(master)) {
                action.accept(jedis);
            }
        }
    }

    /** A plain (not cluster-aware) connection to one node; close it. */
    public Jedis connect(HostAndPort node) {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .user(parsed.user().orElse(null))
                .password(parsed.password().orElse(null))
                .sslOptions(parsed.tls() ? SslOptions.defaults() : null)
                .autoNegotiateProtocol(false)
                .build();
        return new Jedis(node, config);
    }

    private record SlotRange(long first, long last, HostAndPort master) {}

    /** By {@code CLUSTER SLOTS}: Redis 7 prefers {@code CLUSTER SHARDS}, which the embedded Redis 6.2 lacks. */
    @SuppressWarnings("deprecation")
    private List<SlotRange> slotRanges() {
        List<SlotRange> ranges = new ArrayList<>();
        try (Jedis jedis = connect(seed())) {
            for (Object entry : jedis.clusterSlots()) {
                List<?> fields = (List<?>) entry;
                List<?> master = (List<?>) fields.get(2);
                ranges.add(new SlotRange(
                        (Long) fields.get(0),
                        (Long) fields.get(1),
                        new HostAndPort(text(master.get(0)), ((Long) master.get(1)).intValue())));
            }
        }
        ranges.sort(Comparator.comparingLong(SlotRange::first));
        return ranges;
    }

    private HostAndPort seed() {
        RedisUrl.Node node = parsed.nodes().getFirst();
        return new HostAndPort(node.host(), node.port());
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static String startEmbedded() {
        long started = System.nanoTime();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int tries = 0; ports.size() < MASTERS; tries++) {
                if (tries == 100) {
                    throw new IOException("found no " + MASTERS + " free pairs of loopback ports (port, port + 10000)");
                }
                int port = TestRedis.freePort();
                // The cluster bus listens on port + 10000; both must be free and distinct.
                if (port <= 55_535
                        && !ports.contains(port)
                        && !ports.contains(port + 10_000)
                        && isFree(port + 10_000)) {
                    ports.add(port);
                }
            }
            // The nodes write their cluster state (nodes-*.conf) into their working directory: keep it in ours.
            Path dir = Files.createTempDirectory("hookshot-redis-cluster-");
            RedisServerBuilder servers = new RedisServerBuilder()
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("dir " + dir.toAbsolutePath());
            var builder = RedisShardedCluster.newRedisCluster()
                    .withServerBuilder(servers)
                    .serverPorts(ports);
            for (int i = 0; i < MASTERS; i++) {
                builder.shard("master" + i, 0);
            }
            RedisShardedCluster cluster = builder.build();
            cluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(cluster, dir)));
            awaitClusterStateOk(ports);
            StringBuilder url = new StringBuilder("redis-cluster://");
            for (int port : ports) {
                url.append(url.length() > "redis-cluster://".length() ? "," : "")
                        .append("127.0.0.1:")
                        .append(port);
            }
            System.err.printf(
                    "embedded Redis Cluster of %d masters formed in %d ms: %s%n",
                    MASTERS, (System.nanoTime() - started) / 1_000_000, url);
            return url.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded Redis Cluster", e);
        }
    }

    /**
     * Waits until every node reports {@code cluster_state:ok}: the slots are assigned when {@code start} returns, but
     * a node answers CLUSTERDOWN until it has heard from the others, which takes a moment on a busy machine.
     */
    private static void awaitClusterStateOk(List<Integer> ports) {
        for (int port : ports) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                Awaitility.await("cluster_state:ok on the embedded Redis Cluster node on port " + port)
                        .atMost(FORMING_TIMEOUT)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> jedis.clusterInfo().contains("cluster_state:ok"));
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(RedisShardedCluster cluster, Path dir) {
        try {
            cluster.stop();
        } catch (IOException e) {
            System.err.println("could not stop the embedded Redis Cluster: " + e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
