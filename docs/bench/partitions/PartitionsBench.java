import java.lang.reflect.Field;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The Java half of partitions.sh: the exporter's attempt insert (HistoryStatements.INSERT_ATTEMPT, read from the jar,
 * batched through Jdbi with reWriteBatchedInserts as Database sets it) and lookups by message id and started_at
 * range, on the schemas v7 (unpartitioned; its insert has V7's conflict target) and v8 (partitioned by day),
 * alternating rounds. Run: java -cp hookshot.jar PartitionsBench.java JDBC_URL (insert|lookup) ROUNDS N [MESSAGES]
 */
public final class PartitionsBench {
    /** How many messages the lookups pick from: ids m0 .. m(messages - 1), two attempts each. */
    private static int messages;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String mode = args[1];
        int rounds = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        messages = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Field f = Class.forName("io.hookshot.worker.store.HistoryStatements").getDeclaredField("INSERT_ATTEMPT");
        f.setAccessible(true);
        String v8Sql = (String) f.get(null);
        String v7Sql = v8Sql.replace("(message_id, attempt, started_at)", "(message_id, attempt)");
        Map<String, String> sql = Map.of("v7", v7Sql, "v8", v8Sql);
        Map<String, List<double[]>> results = Map.of("v7", new ArrayList<>(), "v8", new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            List<String> order = r % 2 == 0 ? List.of("v7", "v8") : List.of("v8", "v7");
            for (String schema : order) {
                Jdbi jdbi = Jdbi.create(url + "&currentSchema=" + schema + "&reWriteBatchedInserts=true");
                try (Handle h = jdbi.open()) {
                    double[] value = mode.equals("insert") ? insert(h, sql.get(schema), r, n) : lookup(h, r, n);
                    results.get(schema).add(value);
                    System.out.printf("round %d %s: %s%n", r + 1, schema, Arrays.toString(value));
                }
            }
        }
        List<String> what = mode.equals("insert")
                ? List.of("insert rows/s")
                : List.of("lookup by message id, ms", "count of a 1-hour started_at range, ms");
        for (int k = 0; k < what.size(); k++) {
            for (String schema : List.of("v7", "v8")) {
                final int key = k;
                double[] v = results.get(schema).stream().mapToDouble(x -> x[key]).sorted().toArray();
                System.out.printf("%s %s: median %.3f (min %.3f, max %.3f) over %d rounds%n",
                        schema, what.get(k), v[v.length / 2], v[0], v[v.length - 1], v.length);
            }
        }
    }

    /** n rows of new messages started now, in batches of 2000 (the exporter's default), one transaction each. */
    private static double[] insert(Handle h, String sql, int round, int n) {
        long start = System.nanoTime();
        Instant now = Instant.now();
        for (int done = 0; done < n; done += 2000) {
            final int from = done;
            h.useTransaction(t -> {
                PreparedBatch b = t.prepareBatch(sql);
                for (int i = from; i < Math.min(n, from + 2000); i++) {
                    b.bind("messageId", "bench_" + round + "_" + i)
                            .bind("attempt", 1)
                            .bind("startedAt", OffsetDateTime.ofInstant(now.plusMillis(i), ZoneOffset.UTC))
                            .bind("durationMs", 42)
                            .bind("url", "https://receiver.example.com/hooks/" + (i % 100))
                            .bind("statusCode", 200)
                            .bind("errorClass", (String) null)
                            .bind("errorMessage", (String) null)
                            .bind("headers", "{\"content-type\":\"application/json\"}")
                            .bind("body", "{\"ok\":true}")
                            .bind("workerId", "bench-worker")
                            .bind("outcome", "delivered")
                            .add();
                }
                b.execute();
            });
        }
        return new double[] {n / ((System.nanoTime() - start) / 1e9)};
    }

    /** n lookups by a random message id, then n counts of a random hour (QueueStats' shape): mean ms of each. */
    private static double[] lookup(Handle h, int round, int n) {
        SplittableRandom random = new SplittableRandom(round);
        Instant first = h.createQuery("select min(started_at) from hookshot_attempt where message_id like 'm%'")
                .mapTo(OffsetDateTime.class).one().toInstant();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "m" + random.nextInt(messages);
            int rows = h.createQuery("select message_id, attempt, started_at, duration_ms, url, status_code, error_class,"
                            + " error_message, response_headers, response_body, worker_id, outcome"
                            + " from hookshot_attempt where message_id = :id order by attempt")
                    .bind("id", id).mapToMap().list().size();
            if (rows != 2) {
                throw new IllegalStateException(id + " has " + rows + " attempts, expected 2");
            }
        }
        double byId = (System.nanoTime() - start) / 1e6 / n;
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Instant to = first.plusSeconds(3600 + random.nextLong(28L * 86400));
            h.createQuery("select count(*) from hookshot_attempt where started_at > :from and started_at <= :to")
                    .bind("from", OffsetDateTime.ofInstant(to.minusSeconds(3600), ZoneOffset.UTC))
                    .bind("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                    .mapTo(Long.class).one();
        }
        double byRange = (System.nanoTime() - start) / 1e6 / n;
        return new double[] {byId, byRange};
    }
}
