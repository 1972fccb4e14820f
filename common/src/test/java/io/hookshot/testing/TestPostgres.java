package io.hookshot.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the server named by {@value #URL_ENV} (a JDBC URL; user and password from
 * {@value #USER_ENV} and {@value #PASSWORD_ENV}, default {@code postgres} and empty), or else an embedded
 * PostgreSQL 17 started once per JVM and stopped at exit. Each {@link #newDatabase()} is a fresh schema, so test
 * classes never see each other's rows. Thread-safe.
 */
public final class TestPostgres {
    public static final String URL_ENV = "HOOKSHOT_TEST_DATABASE_URL";
    public static final String USER_ENV = "HOOKSHOT_TEST_DATABASE_USER";
    public static final String PASSWORD_ENV = "HOOKSHOT_TEST_DATABASE_PASSWORD";

    private static TestPostgres instance;

    private final String baseUrl;
    private final String user;
    private final String password;

    private TestPostgres(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            String external = System.getenv(URL_ENV);
            if (external != null && !external.isBlank()) {
                instance = new TestPostgres(external, envOr(USER_ENV, "postgres"), envOr(PASSWORD_ENV, ""));
            } else {
                instance = startEmbedded();
            }
        }
        return instance;
    }

    /** Creates an empty schema and returns a JDBC URL whose current schema it is. */
    public TestDatabase newDatabase() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(baseUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test schema on " + baseUrl, e);
        }
        String separator = baseUrl.contains("?") ? "&" : "?";
        return new TestDatabase(baseUrl + separator + "currentSchema=" + schema, user, password, schema);
    }

    private static TestPostgres startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    System.err.println("could not stop embedded Postgres: " + e);
                }
            }));
            return new TestPostgres(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Postgres", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
