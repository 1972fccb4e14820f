package io.hookshot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server of one test's own (never the shared {@link TestRedis}), persisting into a directory of the test's
 * choosing, so that the test can SIGKILL it and start it again on the same port and data, as a crashed and restarted
 * Redis. Runs the machine's {@code redis-server} when it is on the PATH and version 7 or later, else the
 * embedded-redis binary (6.2).
 *
 * <p>Redis 7 and later start with an empty script cache; older versions replay {@code SCRIPT LOAD} from the
 * append-only file. So that clients meet the same empty cache (NOSCRIPT) whichever runs, {@link #restart()} flushes
 * the script cache of an older server once it is up. Not thread-safe: drive it from the test thread.
 */
public final class RestartableRedis implements AutoCloseable {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String MACHINE_BINARY = "redis-server";
    /** The first version that does not persist scripts. */
    private static final int SCRIPTLESS_VERSION = 7;

    /** How the server persists what it is told. */
    public enum Persistence {
        /** Append-only file, fsync before every reply: what is acknowledged survives even a power cut. */
        AOF_ALWAYS("appendonly yes", "appendfsync always"),
        /** Append-only file, fsync once a second: a process crash loses nothing, a power cut up to a second. */
        AOF_EVERYSEC("appendonly yes", "appendfsync everysec"),
        /** Nothing on disk: a restart starts empty. */
        NONE("appendonly no", "appendfsync no");

        private final List<String> settings;

        Persistence(String... settings) {
            this.settings = List.of(settings);
        }
    }

    private final int port;
    private final Path dir;
    private final Persistence persistence;
    private RedisServer server;

    private RestartableRedis(int port, Path dir, Persistence persistence) {
        this.port = port;
        this.dir = dir;
        this.persistence = persistence;
    }

    /** Starts a server on a free loopback port, persisting into {@code dir} (an existing, empty directory). */
    public static RestartableRedis start(Path dir, Persistence persistence) {
        try {
            RestartableRedis redis = new RestartableRedis(TestRedis.freePort(), dir.toAbsolutePath(), persistence);
            redis.startServer();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a redis-server", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Persistence persistence() {
        return persistence;
    }

    /** {@code redis_version} of the running server, like {@code 7.0.15}. */
    public String version() {
        return infoField("server", "redis_version").orElseThrow();
    }

    /** The server's process id, as it reports it. */
    public long pid() {
        return Long.parseLong(infoField("server", "process_id").orElseThrow());
    }

    /** One field of {@code INFO <section>}, like {@code errorstat_NOSCRIPT} of {@code errorstats}. */
    public Optional<String> infoField(String section, String field) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.info(section)
                    .lines()
                    .filter(line -> line.startsWith(field + ":"))
                    .map(line -> line.substring(field.length() + 1).strip())
                    .findFirst();
        }
    }

    /** SIGKILL: no shutdown, no final write; returns once the process is gone. */
    public void kill() {
        ProcessHandle process = ProcessHandle.of(pid())
                .orElseThrow(() -> new IllegalStateException("redis-server on port " + port + " is not running"));
        process.destroyForcibly();
        try {
            process.onExit().get(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server to die", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("redis-server did not die within " + EXIT_TIMEOUT + " of SIGKILL", e);
        }
        stopQuietly();
    }

    /**
     * Starts the server again on the same port and directory; returns once it accepts commands, with an empty
     * script cache.
     */
    public void restart() {
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart redis-server on port " + port, e);
        }
        if (Integer.parseInt(version().split("\\.")[0]) < SCRIPTLESS_VERSION) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.scriptFlush();
            }
        }
    }

    private void startServer() throws IOException {
        var builder = RedisServer.newRedisServer()
                .executableProvider(executable())
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir)
                .setting("save \"\"");
        persistence.settings.forEach(builder::setting);
        server = builder.build();
        server.start();
    }

    /** The machine's redis-server if it is version 7 or later, else the one embedded-redis ships. */
    static ExecutableProvider executable() throws IOException {
        try {
            Process version = new ProcessBuilder(MACHINE_BINARY, "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("v=(\\d+)\\.").matcher(out);
            if (version.waitFor() == 0 && m.find() && Integer.parseInt(m.group(1)) >= SCRIPTLESS_VERSION) {
                return ExecutableProvider.newExecutableInPath(MACHINE_BINARY);
            }
        } catch (IOException e) {
            // not on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExecutableProvider.newJarResourceProvider();
    }

    private void stopQuietly() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            // the process is gone already
        }
        server = null;
    }

    @Override
    public void close() {
        stopQuietly();
    }
}
