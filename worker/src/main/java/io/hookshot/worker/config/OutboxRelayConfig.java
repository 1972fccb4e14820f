package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.outbox.JdbcOutbox;
import io.hookshot.producer.outbox.OutboxRelay;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transactional outbox relay a worker runs when {@value #URL} is set: the application's database holding the
 * outbox table ({@code JdbcOutbox}), and how to relay it. Not to be confused with the history's outbox streams in
 * Redis (exported to PostgreSQL by the worker in any case). Read from {@link #VARIABLES}. Immutable;
 * {@link #toString()} hides the password.
 *
 * @param url      a {@code jdbc:postgresql:} or {@code jdbc:mariadb:} URL
 * @param settings the table, the batch size and the poll interval
 * @param producer the queue the rows go to, and the producer's rules, as {@code send} reads them
 */
public record OutboxRelayConfig(
        String url, String user, String password, OutboxRelay.Settings settings, ProducerConfig producer) {
    public static final String URL = "HOOKSHOT_OUTBOX_DATABASE_URL";
    public static final String USER = "HOOKSHOT_OUTBOX_DATABASE_USER";
    public static final String PASSWORD = "HOOKSHOT_OUTBOX_DATABASE_PASSWORD";
    public static final String TABLE = "HOOKSHOT_OUTBOX_TABLE";
    public static final String BATCH_SIZE = "HOOKSHOT_OUTBOX_BATCH_SIZE";
    public static final String POLL_INTERVAL = "HOOKSHOT_OUTBOX_POLL_INTERVAL";

    public static final String DEFAULT_USER = "postgres";
    public static final String DEFAULT_PASSWORD = "";

    private static final List<String> URL_PREFIXES = List.of("jdbc:postgresql:", "jdbc:mariadb:");

    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(
                    URL,
                    "",
                    "JDBC URL (jdbc:postgresql: or jdbc:mariadb:) of the application database whose transactional outbox table the worker relays to the queue; unset: no relay"),
            new ConfigVariable(USER, DEFAULT_USER, "User of the outbox database"),
            new ConfigVariable(PASSWORD, DEFAULT_PASSWORD, "Password of the outbox database"),
            new ConfigVariable(TABLE, JdbcOutbox.DEFAULT_TABLE_NAME, "The transactional outbox table"),
            new ConfigVariable(
                    BATCH_SIZE,
                    Integer.toString(OutboxRelay.Settings.DEFAULT_BATCH_SIZE),
                    "Outbox rows relayed per transaction"),
            new ConfigVariable(
                    POLL_INTERVAL,
                    Durations.format(OutboxRelay.Settings.DEFAULT_POLL_INTERVAL),
                    "How long the relay waits before looking at an empty outbox table again"));

    /** The relay's settings, or empty when {@value #URL} is unset; throws {@link InvalidConfigException} naming a bad one. */
    public static Optional<OutboxRelayConfig> fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String url = r.string(URL, "");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (URL_PREFIXES.stream().noneMatch(url::startsWith)) {
            throw new InvalidConfigException(URL + " must be a JDBC URL starting with "
                    + String.join(" or ", URL_PREFIXES) + ", like jdbc:postgresql://127.0.0.1:5432/app");
        }
        String table = r.string(TABLE, JdbcOutbox.DEFAULT_TABLE_NAME);
        try {
            new JdbcOutbox(table);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(TABLE + ": " + e.getMessage());
        }
        OutboxRelay.Settings settings = new OutboxRelay.Settings(
                table,
                r.integer(BATCH_SIZE, OutboxRelay.Settings.DEFAULT_BATCH_SIZE, 1, OutboxRelay.Settings.MAX_BATCH_SIZE),
                r.duration(
                        POLL_INTERVAL,
                        OutboxRelay.Settings.DEFAULT_POLL_INTERVAL,
                        OutboxRelay.Settings.MIN_POLL_INTERVAL,
                        OutboxRelay.Settings.MAX_POLL_INTERVAL));
        return Optional.of(new OutboxRelayConfig(
                url, r.string(USER, DEFAULT_USER), r.string(PASSWORD, DEFAULT_PASSWORD), settings, producerFrom(env)));
    }

    private static ProducerConfig producerFrom(Map<String, String> env) {
        try {
            return ProducerConfig.fromEnvironment(env);
        } catch (IllegalArgumentException e) { // its message names the variable
            throw new InvalidConfigException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OutboxRelayConfig[url=" + url + ", user=" + user + ", password=***, settings=" + settings + "]";
    }
}
