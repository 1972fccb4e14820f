import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistoryStore;
import io.hookshot.worker.store.OutboxEntry;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Java half of messages.sh, run once per round with the jar of the release under test on its schema: the
 * exporter's whole write of delivered messages (HistoryStore.write of an accepted and a delivered attempt record per
 * message, in batches of 2000 entries as the exporter reads them), or lookups of a message by id and a count of a
 * 1-hour created_at range. Prints one line: the figure. Run:
 * java -cp hookshot.jar MessagesBench.java JDBC_URL (write ROUND N | lookup ROUND N MESSAGES)
 */
public final class MessagesBench {
    private static final int BATCH = 2000;

    public static void main(String[] args) {
        String url = args[0];
        String mode = args[1];
        int round = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        try (Database database = new Database(url, "postgres", "", 2)) {
            if (mode.equals("write")) {
                System.out.printf("write rows/s %.0f%n", write(new HistoryStore(database), round, n));
            } else {
                int messages = Integer.parseInt(args[4]);
                System.out.printf("lookup ms %.3f range ms %.3f%n",
                        lookupById(new HistoryStore(database), round, n, messages), countRange(database, round, n));
            }
        }
    }

    /** n new messages, created now, accepted and delivered: 2n entries; message rows written per second. */
    private static double write(HistoryStore store, int round, int n) {
        long now = System.currentTimeMillis();
        List<OutboxEntry> batch = new ArrayList<>(BATCH);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "bench_" + round + "_" + i;
            long created = now + i;
            String target = "https://receiver.example.com/hooks/" + (i % 100);
            batch.add(entry(i, 0, Map.of("t", "accepted", "id", id, "url", target, "created", "" + created,
                    "due", "" + created, "at", "" + created)));
            String data = new AttemptRecord(target, created + 5, 42, 200, null, null,
                    Map.of("content-type", "application/json"), "{\"ok\":true}", "bench-worker").toJson();
            batch.add(entry(i, 1, Map.of("t", "attempt", "id", id, "n", "1", "created", "" + created,
                    "outcome", "delivered", "data", data, "at", "" + (created + 50))));
            if (batch.size() == BATCH || i == n - 1) {
                store.write(batch);
                batch.clear();
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static OutboxEntry entry(int i, int k, Map<String, String> fields) {
        return new OutboxEntry((1_700_000_000_000L + i) + "-" + k, "q", 0, fields);
    }

    /** n lookups of a random message m0 .. m(messages - 1): mean ms. */
    private static double lookupById(HistoryStore store, int round, int n, int messages) {
        SplittableRandom random = new SplittableRandom(round);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "m" + random.nextInt(messages);
            if (store.findMessage(id).isEmpty()) {
                throw new IllegalStateException("no message " + id);
            }
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }

    /** n counts of a random hour of the 30 days filled (what the API's time filters do): mean ms. */
    private static double countRange(Database database, int round, int n) {
        SplittableRandom random = new SplittableRandom(round);
        return database.jdbi().withHandle(h -> {
            OffsetDateTime first = h.createQuery("select min(created_at) from hookshot_message where id like 'm%'")
                    .mapTo(OffsetDateTime.class)
                    .one();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                OffsetDateTime to = first.plusSeconds(3600 + random.nextLong(28L * 86400));
                h.createQuery("select count(*) from hookshot_message where created_at > :from and created_at <= :to")
                        .bind("from", to.minusSeconds(3600).withOffsetSameInstant(ZoneOffset.UTC))
                        .bind("to", to.withOffsetSameInstant(ZoneOffset.UTC))
                        .mapTo(Long.class)
                        .one();
            }
            return (System.nanoTime() - start) / 1e6 / n;
        });
    }
}
