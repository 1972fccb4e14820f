package io.hookshot.worker.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * One registered endpoint's deliveries over time, from the history: its HTTP attempts counted per minute (the
 * attempts {@link EventHistory#stats} counts), and when it last answered with a 2xx. Each question is one query over
 * the endpoint's messages ({@code hookshot_message_endpoint_created}) and their attempts. Thread-safe.
 */
public final class EndpointActivity {
    private static final String PER_MINUTE = """
            select date_trunc('minute', a.started_at) as minute,
                   count(*) filter (where a.outcome = 'delivered') as delivered,
                   count(*) filter (where a.outcome <> 'delivered') as failed""" + EventHistory.HTTP_ATTEMPTS + """

              and a.started_at < :until
            group by 1""";
    private static final String LAST_DELIVERED = "select a.started_at" + EventHistory.HTTP_ATTEMPTS + """

              and a.outcome = 'delivered'
            order by a.started_at desc limit 1""";

    /** One minute's attempts: those answered with a 2xx, and the others. */
    public record Minute(long delivered, long failed) {}

    private final Jdbi jdbi;
    private final String queue;

    public EndpointActivity(Database database, String queue) {
        this.jdbi = database.jdbi();
        this.queue = queue;
    }

    /**
     * The endpoint's HTTP attempts that started from {@code since} (inclusive) to {@code until} (exclusive), by the
     * minute they started in; minutes without attempts are left out.
     */
    public SortedMap<Instant, Minute> perMinute(String tenant, String endpointId, Instant since, Instant until) {
        SortedMap<Instant, Minute> out = new TreeMap<>();
        jdbi.withHandle(h -> h.createQuery(PER_MINUTE)
                        .bind("endpoint", endpointId)
                        .bind("tenant", tenant)
                        .bind("queue", queue)
                        .bind("since", HistorySearch.time(Optional.of(since)))
                        .bind("until", HistorySearch.time(Optional.of(until)))
                        .map((rs, ctx) -> Map.entry(
                                HistoryQueries.instant(rs, "minute"),
                                new Minute(rs.getLong("delivered"), rs.getLong("failed"))))
                        .list())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** When the endpoint's latest attempt since {@code since} that was answered with a 2xx started. */
    public Optional<Instant> lastDelivered(String tenant, String endpointId, Instant since) {
        return jdbi.withHandle(h -> h.createQuery(LAST_DELIVERED)
                .bind("endpoint", endpointId)
                .bind("tenant", tenant)
                .bind("queue", queue)
                .bind("since", HistorySearch.time(Optional.of(since)))
                .map((rs, ctx) -> HistoryQueries.instant(rs, "started_at"))
                .findOne());
    }
}
