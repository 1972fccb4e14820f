package io.hookshot.worker.e2e.faults;

import io.hookshot.testing.TestReceiver;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The receivers' logs held against the history at the end of a {@link SoakIT} run.
 *
 * @param messages           messages the producer got an id for
 * @param lost               of those, messages neither delivered (a 2xx seen by a receiver and {@code delivered} in
 *                           the history) nor dead with a dead letter archived
 * @param dead               messages dead and archived
 * @param duplicates         2xx answers beyond the first per message
 * @param stalled            stalled attempts in the history: leases lost, the deliveries in flight at the kills
 * @param attemptRows        rows of {@code hookshot_attempt}
 * @param misnumbered        messages whose attempt rows are not exactly 1 to the message's attempt count, once each
 * @param requests           requests the receivers saw
 * @param requestsWithoutRow requests beyond the attempt rows of their message: an attempt the history lacks
 * @param rowsWithoutRequest attempt rows with a response status beyond the requests of their message: an attempt
 *                           the receivers never saw
 */
record SoakAudit(
        long messages,
        long lost,
        long dead,
        long duplicates,
        long stalled,
        long attemptRows,
        long misnumbered,
        long requests,
        long requestsWithoutRow,
        long rowsWithoutRequest) {

    static SoakAudit of(
            Collection<String> ids,
            Map<String, QueueHistory.Message> history,
            Map<String, List<QueueHistory.Attempt>> attemptsById,
            List<TestReceiver> receivers) {
        Map<String, Long> requestsById = receivers.stream()
                .flatMap(r -> r.received().stream())
                .filter(r -> r.webhookId() != null)
                .collect(Collectors.groupingBy(TestReceiver.Receipt::webhookId, Collectors.counting()));
        long lost = 0;
        long dead = 0;
        long duplicates = 0;
        long misnumbered = 0;
        long requestsWithoutRow = 0;
        long rowsWithoutRequest = 0;
        for (String id : ids) {
            int successes = receivers.stream().mapToInt(r -> r.successes(id)).sum();
            QueueHistory.Message m = history.get(id);
            boolean delivered = m != null && m.status().equals("delivered") && successes > 0;
            boolean archived = m != null && m.status().equals("dead") && m.archived();
            lost += delivered || archived ? 0 : 1;
            dead += archived ? 1 : 0;
            duplicates += Math.max(0, successes - 1);
            List<QueueHistory.Attempt> attempts = attemptsById.getOrDefault(id, List.of());
            misnumbered += numberedOnceEach(attempts, m == null ? 0 : m.attempts()) ? 0 : 1;
            long requests = requestsById.getOrDefault(id, 0L);
            long answered =
                    attempts.stream().filter(a -> a.statusCode() != null).count();
            requestsWithoutRow += Math.max(0, requests - attempts.size());
            rowsWithoutRequest += Math.max(0, answered - requests);
        }
        return new SoakAudit(
                ids.size(),
                lost,
                dead,
                duplicates,
                attemptsById.values().stream()
                        .flatMap(List::stream)
                        .filter(QueueHistory.Attempt::stalled)
                        .count(),
                attemptsById.values().stream().mapToLong(List::size).sum(),
                misnumbered,
                requestsById.values().stream().mapToLong(Long::longValue).sum(),
                requestsWithoutRow,
                rowsWithoutRequest);
    }

    /** Attempts (in order) numbered 1, 2, ... up to {@code count}, with none missing and none twice. */
    private static boolean numberedOnceEach(List<QueueHistory.Attempt> attempts, int count) {
        if (attempts.size() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (attempts.get(i).attempt() != i + 1) {
                return false;
            }
        }
        return true;
    }
}
