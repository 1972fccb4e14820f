package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of the HTTP side of a process: the port every process (worker and server) serves health and metrics
 * on, the admin API's token, retention and replay pacing. Read from environment variables ({@link #VARIABLES}).
 * Immutable. {@link #toString()} never shows the token.
 *
 * @param apiToken      the bearer token the admin API requires; empty: none is set (the server then refuses to start
 *                      unless told {@code --insecure-no-auth})
 * @param replayRate    most dead letters a replay by filter re-enqueues per second
 */
public record ServerConfig(
        int httpPort,
        Optional<String> apiToken,
        Duration deadLetterRetention,
        Duration historyRetention,
        Duration retentionInterval,
        int replayRate) {

    public static final String HTTP_PORT = "HOOKSHOT_HTTP_PORT";
    public static final String API_TOKEN = "HOOKSHOT_API_TOKEN";
    public static final String DEAD_LETTER_RETENTION = "HOOKSHOT_DEAD_LETTER_RETENTION";
    public static final String HISTORY_RETENTION = "HOOKSHOT_HISTORY_RETENTION";
    public static final String RETENTION_INTERVAL = "HOOKSHOT_RETENTION_INTERVAL";
    public static final String REPLAY_RATE = "HOOKSHOT_REPLAY_RATE";

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Duration DEFAULT_DEAD_LETTER_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(90);
    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofHours(1);
    public static final int DEFAULT_REPLAY_RATE = 50;
    /** The shortest token accepted: a guessable token is no protection. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(
                    HTTP_PORT,
                    Integer.toString(DEFAULT_HTTP_PORT),
                    "Port for health, metrics and (server) the admin API"),
            new ConfigVariable(
                    API_TOKEN,
                    "",
                    "Bearer token the admin API requires (at least 16 characters); the server refuses to start without it unless given --insecure-no-auth"),
            new ConfigVariable(
                    DEAD_LETTER_RETENTION,
                    Durations.format(DEFAULT_DEAD_LETTER_RETENTION),
                    "Dead letters older than this are deleted by the retention job"),
            new ConfigVariable(
                    HISTORY_RETENTION,
                    Durations.format(DEFAULT_HISTORY_RETENTION),
                    "Finished messages and events older than this are deleted by the retention job, and attempts that"
                            + " started before it (whole days of them)"),
            new ConfigVariable(
                    RETENTION_INTERVAL,
                    Durations.format(DEFAULT_RETENTION_INTERVAL),
                    "How often the server runs the retention job (one process at a time)"),
            new ConfigVariable(
                    REPLAY_RATE,
                    Integer.toString(DEFAULT_REPLAY_RATE),
                    "Most dead letters a replay by filter re-enqueues per second, unless the request asks for fewer"));

    public ServerConfig {
        if (apiToken.isPresent() && apiToken.get().length() < MIN_TOKEN_LENGTH) {
            throw new InvalidConfigException(API_TOKEN + " must be at least " + MIN_TOKEN_LENGTH
                    + " characters long, got " + apiToken.get().length());
        }
    }

    /** Reads and validates every variable; throws {@link InvalidConfigException} naming the first bad one. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new ServerConfig(
                httpPortFrom(env),
                Optional.ofNullable(r.string(API_TOKEN, null)),
                r.duration(DEAD_LETTER_RETENTION, DEFAULT_DEAD_LETTER_RETENTION, Duration.ofMinutes(1)),
                r.duration(HISTORY_RETENTION, DEFAULT_HISTORY_RETENTION, Duration.ofMinutes(1)),
                r.duration(RETENTION_INTERVAL, DEFAULT_RETENTION_INTERVAL, Duration.ofSeconds(1)),
                replayRateFrom(env));
    }

    /** Only {@value #HTTP_PORT}, for a worker: it serves health and metrics there, and nothing of the admin API. */
    public static int httpPortFrom(Map<String, String> env) {
        return new EnvReader(env).integer(HTTP_PORT, DEFAULT_HTTP_PORT, 0, 65_535);
    }

    /** Only {@value #REPLAY_RATE}, for the admin commands, which replay dead letters but serve no API. */
    public static int replayRateFrom(Map<String, String> env) {
        return new EnvReader(env).integer(REPLAY_RATE, DEFAULT_REPLAY_RATE, 1, 10_000);
    }

    /**
     * The token the admin API must require. Without one it refuses to start ({@link InvalidConfigException}), unless
     * {@code insecureNoAuth} (local development): then the API runs open, and the result is empty.
     */
    public Optional<String> requireToken(boolean insecureNoAuth) {
        if (apiToken.isEmpty() && !insecureNoAuth) {
            throw new InvalidConfigException(API_TOKEN + " is not set: the admin API will not run without a token."
                    + " Set it to a long random secret (for example: openssl rand -hex 32), or pass"
                    + " --insecure-no-auth for local development");
        }
        return insecureNoAuth && apiToken.isEmpty() ? Optional.empty() : apiToken;
    }

    @Override
    public String toString() {
        return "ServerConfig[httpPort=" + httpPort + ", apiToken=" + (apiToken.isPresent() ? "(set)" : "(none)")
                + ", deadLetterRetention=" + Durations.format(deadLetterRetention) + ", historyRetention="
                + Durations.format(historyRetention) + ", retentionInterval=" + Durations.format(retentionInterval)
                + ", replayRate=" + replayRate + "]";
    }
}
