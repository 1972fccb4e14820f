package io.hookshot.worker.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily partitions of a history table partitioned by range on a time column ({@link #ATTEMPTS}, {@link #MESSAGES},
 * {@link #EVENTS}; see {@code V8__partitioned_attempts.sql} and {@code V9__partitioned_messages.sql}): one per UTC
 * day, {@code <table>_pYYYYMMDD}, covering [day, day + 1); {@code <table>_legacy}, the table of a release before its
 * migration, covering everything before the day the migration ran + 1; {@code <table>_default} for the rest. Every
 * method runs in the caller's handle; the caller holds the advisory lock {@link #LOCK_KEY}, so one process at a time
 * changes partitions. Immutable and thread-safe.
 *
 * <ol>
 *   <li>{@link #createAhead}: today's partition and the next {@link #DAYS_AHEAD} days', each in its own transaction.
 *       A day's rows already in DEFAULT would make its {@code create table ... partition of} fail, so they are moved
 *       out of DEFAULT and back in through the parent in the same transaction. Days the legacy partition covers are
 *       skipped.</li>
 *   <li>{@link #dropExpired}: drops each daily partition whose whole day ended before the cutoff, and the legacy
 *       partition once its upper bound is before it. The rows the table keeps beyond the cutoff ({@link #MESSAGES}:
 *       live messages and those whose dead letter is archived) are moved to DEFAULT first, in the same
 *       transaction.</li>
 *   <li>{@link #deleteExpiredRows}: deletes expired rows from DEFAULT and from the legacy partition, in batches.</li>
 * </ol>
 */
public final class DayPartitions {
    /** The advisory lock partition changes and retention run under: "hookshot retention" folded into a bigint. */
    public static final long LOCK_KEY = 0x686f6f6b73686f74L;
    /** How many days after today have their partition created ahead. */
    public static final int DAYS_AHEAD = 7;

    /** Attempts, by start; each is kept the history retention from its start. */
    public static final DayPartitions ATTEMPTS = new DayPartitions("hookshot_attempt", "started_at", null);
    /**
     * Messages, by creation; a day is dropped once it is older than the history retention, except its live messages
     * and those whose dead letter is still archived, which move to DEFAULT and go once they finished that long ago.
     */
    public static final DayPartitions MESSAGES = new DayPartitions(
            "hookshot_message",
            "created_at",
            "status in ('pending', 'delivering', 'retrying') or status = 'dead'"
                    + " and exists (select 1 from hookshot_dead_letter d where d.message_id = t.id)");
    /** Events, by creation; each is kept the history retention from its creation. */
    public static final DayPartitions EVENTS = new DayPartitions("hookshot_event", "created_at", null);
    /** Every partitioned table, in the order retention handles them. */
    public static final List<DayPartitions> ALL = List.of(MESSAGES, ATTEMPTS, EVENTS);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Logger LOG = LoggerFactory.getLogger(DayPartitions.class);
    /** How long a drop or create waits for the parent's lock (behind long queries) before it gives up until next run. */
    private static final String LOCK_TIMEOUT = "set local lock_timeout = '5s'";

    private final String parent;
    private final String column;
    /** The rows of an expired day that are kept (a condition on the alias {@code t}); null when none are. */
    private final String keep;

    private DayPartitions(String parent, String column, String keep) {
        this.parent = parent;
        this.column = column;
        this.keep = keep;
    }

    /** The partitioned table. */
    public String parent() {
        return parent;
    }

    public String legacy() {
        return parent + "_legacy";
    }

    public String defaultPartition() {
        return parent + "_default";
    }

    /** The name of the partition of {@code day}. */
    public String dailyName(LocalDate day) {
        return dailyPrefix() + DAY.format(day);
    }

    /** The day a daily partition covers, or empty for any other table name. */
    public Optional<LocalDate> dayOf(String partition) {
        if (!partition.matches(dailyPrefix() + "\\d{8}")) {
            return Optional.empty();
        }
        return Optional.of(LocalDate.parse(partition.substring(dailyPrefix().length()), DAY));
    }

    /**
     * Takes {@link #LOCK_KEY} without waiting, runs {@link #createAhead} for every table, releases it; returns false
     * (doing nothing) when another process holds the lock, which means it is running retention, which creates them
     * too.
     */
    public static boolean createAllAheadLocked(Handle h, Instant now) {
        return AdvisoryLock.tryWith(
                        h,
                        LOCK_KEY,
                        () -> ALL.stream()
                                .mapToInt(t -> t.createAhead(h, now).size())
                                .sum())
                .isPresent();
    }

    /** Creates the missing partitions of today (UTC, from {@code now}) to {@link #DAYS_AHEAD} days on; returns them. */
    public List<String> createAhead(Handle h, Instant now) {
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
                throw new IllegalStateException("the legacy partition of " + parent + " ends at " + legacyEnd.get()
                        + ", inside day " + day + ": not a day boundary; cannot create " + name);
            }
            h.useTransaction(t -> create(t, day));
            created.add(name);
        }
        if (!created.isEmpty()) {
            LOG.info("created partitions {}", created);
        }
        return created;
    }

    private void create(Handle t, LocalDate day) {
        t.execute(LOCK_TIMEOUT);
        OffsetDateTime from = start(day).atOffset(ZoneOffset.UTC);
        OffsetDateTime to = start(day.plusDays(1)).atOffset(ZoneOffset.UTC);
        String name = dailyName(day);
        // No insert may reach DEFAULT between the move and the create (which checks DEFAULT holds none of the day):
        // inserts into DEFAULT wait for this short transaction; those into other partitions go on.
        t.execute("lock table " + defaultPartition() + " in share row exclusive mode");
        String inDay = " where " + column + " >= :from and " + column + " < :to";
        boolean move = t.createQuery("select exists (select 1 from " + defaultPartition() + inDay + ")")
                .bind("from", from)
                .bind("to", to)
                .mapTo(Boolean.class)
                .one();
        if (move) {
            moveToTemporary(t, defaultPartition(), inDay, Map.of("from", from, "to", to));
        }
        t.execute("create table if not exists " + name + " partition of " + parent + " for values from ('" + from
                + "') to ('" + to + "')");
        if (move) {
            int n = t.execute("insert into " + parent + " select * from " + moving());
            LOG.info("moved {} rows of {} out of {} into {}", n, day, defaultPartition(), name);
        }
    }

    /**
     * Drops the partitions whose whole range ended before {@code cutoff}, each in its own transaction with the rows
     * it keeps moved to DEFAULT; returns their names.
     */
    public List<String> dropExpired(Handle h, Instant cutoff) {
        List<String> dropped = new ArrayList<>();
        for (String partition : partitions(h)) {
            Optional<Instant> end =
                    partition.equals(legacy()) ? legacyEnd(h) : dayOf(partition).map(day -> start(day.plusDays(1)));
            if (end.filter(e -> !e.isAfter(cutoff)).isPresent()) {
                h.useTransaction(t -> drop(t, partition));
                dropped.add(partition);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info("dropped partitions {}", dropped);
        }
        return dropped;
    }

    private void drop(Handle t, String partition) {
        t.execute(LOCK_TIMEOUT);
        t.execute("lock table " + parent + " in access exclusive mode");
        if (keep != null) {
            moveToTemporary(t, partition, " as t where " + keep, Map.of());
        }
        t.execute("drop table " + partition);
        if (keep != null) {
            // The dropped range is no longer any partition's, so the kept rows go to DEFAULT.
            int n = t.execute("insert into " + parent + " select * from " + moving());
            if (n > 0) {
                LOG.info("kept {} rows of {} in {}", n, partition, defaultPartition());
            }
        }
    }

    /**
     * Deletes at most {@code batch} expired rows from the DEFAULT and the legacy partition (the ones that span more
     * than a day): {@link #MESSAGES} that finished before {@code cutoff} and are not kept, other rows whose time is
     * before it. Returns how many; the caller repeats until it gets fewer than {@code batch}.
     */
    public int deleteExpiredRows(Handle h, Instant cutoff, int batch) {
        String expired = keep == null ? column + " < :cutoff" : "finished_at < :cutoff and not (" + keep + ")";
        int deleted = 0;
        for (String partition : partitions(h)) {
            if (partition.equals(legacy()) || partition.equals(defaultPartition())) {
                deleted += h.createUpdate("delete from " + partition + " where ctid = any(array(select ctid from "
                                + partition + " as t where " + expired + " limit :batch))")
                        .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                        .bind("batch", batch)
                        .execute();
            }
        }
        return deleted;
    }

    /** The names of the table's partitions. */
    public List<String> partitions(Handle h) {
        return h.createQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " where i.inhparent = to_regclass(:parent)")
                .bind("parent", parent)
                .mapTo(String.class)
                .list();
    }

    /**
     * Moves the rows of {@code table} that {@code where} (with its {@code binds}) selects into the transaction's
     * temporary table.
     */
    private void moveToTemporary(Handle t, String table, String where, Map<String, ?> binds) {
        t.execute("create temporary table " + moving() + " (like " + parent + ") on commit drop");
        t.createUpdate("with moved as (delete from " + table + where + " returning *) insert into " + moving()
                        + " select * from moved")
                .bindMap(binds)
                .execute();
    }

    private String moving() {
        return parent + "_moving";
    }

    private String dailyPrefix() {
        return parent + "_p";
    }

    private Optional<Instant> legacyEnd(Handle h) {
        return h.createQuery("select (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]"
                        + "::timestamptz from pg_class c where c.oid = to_regclass(:legacy)")
                .bind("legacy", legacy())
                .mapTo(OffsetDateTime.class)
                .findOne()
                .map(OffsetDateTime::toInstant);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String toString() {
        return parent + " by day of " + column;
    }
}
