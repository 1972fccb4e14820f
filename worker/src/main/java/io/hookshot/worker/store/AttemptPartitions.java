package io.hookshot.worker.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily partitions of {@code hookshot_attempt} (see {@code V8__partitioned_attempts.sql}): one per UTC day,
 * {@code hookshot_attempt_pYYYYMMDD}, covering [day, day + 1); {@code hookshot_attempt_legacy}, the table of a release
 * before V8, covering everything before the day V8 ran + 1; {@code hookshot_attempt_default} for the rest. Every
 * method runs in the caller's handle; the caller holds the advisory lock {@link #LOCK_KEY}, so one process at a time
 * changes partitions. Stateless and thread-safe.
 *
 * <ol>
 *   <li>{@link #createAhead}: today's partition and the next {@link #DAYS_AHEAD} days', each in its own transaction.
 *       A day's rows already in DEFAULT would make its {@code create table ... partition of} fail, so they are moved
 *       out of DEFAULT and back in through the parent in the same transaction. Days the legacy partition covers are
 *       skipped.</li>
 *   <li>{@link #dropExpired}: drops each daily partition whose whole day ended before the cutoff, and the legacy
 *       partition once its upper bound is before it.</li>
 *   <li>{@link #deleteExpiredRows}: deletes rows started before the cutoff from DEFAULT and from the legacy partition,
 *       in batches.</li>
 * </ol>
 */
public final class AttemptPartitions {
    /** The advisory lock partition changes and retention run under: "hookshot retention" folded into a bigint. */
    public static final long LOCK_KEY = 0x686f6f6b73686f74L;
    /** How many days after today have their partition created ahead. */
    public static final int DAYS_AHEAD = 7;

    static final String PARENT = "hookshot_attempt";
    static final String LEGACY = "hookshot_attempt_legacy";
    static final String DEFAULT = "hookshot_attempt_default";
    private static final String DAILY_PREFIX = "hookshot_attempt_p";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Logger LOG = LoggerFactory.getLogger(AttemptPartitions.class);

    /** How long a drop or create waits for the parent's lock (behind long queries) before it gives up until next run. */
    private static final String LOCK_TIMEOUT = "set local lock_timeout = '5s'";

    private static final String PARTITIONS = """
            select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
             where i.inhparent = to_regclass('hookshot_attempt')""";
    private static final String LEGACY_END = """
            select (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz
              from pg_class c where c.oid = to_regclass('hookshot_attempt_legacy')""";
    private static final String DEFAULT_HAS_DAY = """
            select exists (select 1 from hookshot_attempt_default where started_at >= :from and started_at < :to)""";

    private AttemptPartitions() {}

    /** The name of the partition of {@code day}. */
    static String dailyName(LocalDate day) {
        return DAILY_PREFIX + DAY.format(day);
    }

    /** The day a daily partition covers, or empty for any other table name. */
    static Optional<LocalDate> dayOf(String partition) {
        if (!partition.matches(DAILY_PREFIX + "\\d{8}")) {
            return Optional.empty();
        }
        return Optional.of(LocalDate.parse(partition.substring(DAILY_PREFIX.length()), DAY));
    }

    /**
     * Takes {@link #LOCK_KEY} without waiting, runs {@link #createAhead}, releases it; returns false (doing nothing)
     * when another process holds the lock, which means it is running retention, which creates them too.
     */
    public static boolean createAheadLocked(Handle h, Instant now) {
        return AdvisoryLock.tryWith(h, LOCK_KEY, () -> createAhead(h, now)).isPresent();
    }

    /** Creates the missing partitions of today (UTC, from {@code now}) to {@link #DAYS_AHEAD} days on; returns them. */
    public static List<String> createAhead(Handle h, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Optional<Instant> legacyEnd = legacyEnd(h);
        List<String> partitions = partitions(h);
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= DAYS_AHEAD; i++) {
            LocalDate day = today.plusDays(i);
            String name = dailyName(day);
            Instant from = start(day);
            if (partitions.contains(name)
                    || legacyEnd
                            .filter(end -> !end.isBefore(start(day.plusDays(1))))
                            .isPresent()) {
                continue;
            }
            if (legacyEnd.filter(end -> end.isAfter(from)).isPresent()) {
                throw new IllegalStateException("the legacy attempt partition ends at " + legacyEnd.get()
                        + ", inside day " + day + ": not a day boundary; cannot create " + name);
            }
            h.useTransaction(t -> create(t, day));
            created.add(name);
        }
        if (!created.isEmpty()) {
            LOG.info("created attempt partitions {}", created);
        }
        return created;
    }

    private static void create(Handle t, LocalDate day) {
        t.execute(LOCK_TIMEOUT);
        Instant from = start(day);
        Instant to = start(day.plusDays(1));
        String name = dailyName(day);
        // No insert may reach DEFAULT between the move and the create (which checks DEFAULT holds none of the day):
        // inserts into DEFAULT wait for this short transaction; those into other partitions go on.
        t.execute("lock table " + DEFAULT + " in share row exclusive mode");
        boolean move = t.createQuery(DEFAULT_HAS_DAY)
                .bind("from", from.atOffset(ZoneOffset.UTC))
                .bind("to", to.atOffset(ZoneOffset.UTC))
                .mapTo(Boolean.class)
                .one();
        if (move) {
            t.execute("create temporary table hookshot_attempt_moving (like hookshot_attempt) on commit drop");
            t.createUpdate("""
                            with moved as (delete from hookshot_attempt_default
                                            where started_at >= :from and started_at < :to returning *)
                            insert into hookshot_attempt_moving select * from moved""")
                    .bind("from", from.atOffset(ZoneOffset.UTC))
                    .bind("to", to.atOffset(ZoneOffset.UTC))
                    .execute();
        }
        t.execute("create table if not exists " + name + " partition of " + PARENT + " for values from ('" + from
                + "') to ('" + to + "')");
        if (move) {
            int n = t.execute("insert into hookshot_attempt select * from hookshot_attempt_moving");
            LOG.info("moved {} attempt rows of {} out of the default partition into {}", n, day, name);
        }
    }

    /** Drops the partitions whose whole range ended before {@code cutoff}; returns their names. */
    public static List<String> dropExpired(Handle h, Instant cutoff) {
        List<String> dropped = new ArrayList<>();
        for (String partition : partitions(h)) {
            Optional<Instant> end =
                    partition.equals(LEGACY) ? legacyEnd(h) : dayOf(partition).map(day -> start(day.plusDays(1)));
            if (end.filter(e -> !e.isAfter(cutoff)).isPresent()) {
                h.useTransaction(t -> {
                    t.execute(LOCK_TIMEOUT);
                    t.execute("drop table " + partition);
                });
                dropped.add(partition);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info("dropped attempt partitions {}", dropped);
        }
        return dropped;
    }

    /**
     * Deletes at most {@code batch} rows started before {@code cutoff} from the DEFAULT and the legacy partition (the
     * ones that span more than a day); returns how many. The caller repeats until it gets fewer than {@code batch}.
     */
    public static int deleteExpiredRows(Handle h, Instant cutoff, int batch) {
        int deleted = 0;
        for (String partition : partitions(h)) {
            if (partition.equals(LEGACY) || partition.equals(DEFAULT)) {
                deleted += h.createUpdate("delete from " + partition + " where ctid = any(array(select ctid from "
                                + partition + " where started_at < :cutoff limit :batch))")
                        .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                        .bind("batch", batch)
                        .execute();
            }
        }
        return deleted;
    }

    /** The names of the partitions of hookshot_attempt. */
    public static List<String> partitions(Handle h) {
        return h.createQuery(PARTITIONS).mapTo(String.class).list();
    }

    private static Optional<Instant> legacyEnd(Handle h) {
        return h.createQuery(LEGACY_END).mapTo(OffsetDateTime.class).findOne().map(OffsetDateTime::toInstant);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
