package io.hookshot.worker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookshot.worker.replay.BulkReplay;
import io.hookshot.worker.replay.ReplayOutcome;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.DeadLetterView;
import io.hookshot.worker.store.MessageView;
import io.hookshot.worker.store.Page;
import io.hookshot.worker.store.PageCursor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON shapes of the v1 API, shared with the command line's {@code --json}: records with times as ISO-8601 text.
 * Never carries a payload or a secret.
 */
public final class Views {
    private Views() {}

    public record MessageJson(
            String id,
            String queue,
            String url,
            String status,
            int attempts,
            String nextAttemptAt,
            String createdAt,
            String updatedAt,
            String finishedAt,
            Integer lastStatusCode,
            String lastError) {
        public static MessageJson of(MessageView m) {
            return new MessageJson(
                    m.id(),
                    m.queue(),
                    m.url(),
                    m.status().dbValue(),
                    m.attempts(),
                    text(m.nextAttemptAt()),
                    text(m.createdAt()),
                    text(m.updatedAt()),
                    text(m.finishedAt()),
                    m.lastStatusCode(),
                    m.lastError());
        }
    }

    public record AttemptJson(
            int attempt,
            String startedAt,
            int durationMs,
            String url,
            Integer statusCode,
            String errorClass,
            String errorMessage,
            String outcome,
            String workerId,
            Map<String, String> responseHeaders,
            String responseBody) {
        public static AttemptJson of(AttemptView a) {
            return new AttemptJson(
                    a.attempt(),
                    text(a.startedAt()),
                    a.durationMs(),
                    a.url(),
                    a.statusCode(),
                    a.errorClass(),
                    a.errorMessage(),
                    a.outcome().dbValue(),
                    a.workerId(),
                    a.responseHeaders(),
                    a.responseBody());
        }
    }

    /** A dead letter without its stored job (which holds the payload and any signing secrets). */
    public record DeadLetterJson(
            String id, String queue, String url, String reason, int attempts, String diedAt, String archivedAt) {
        public static DeadLetterJson of(DeadLetterView d) {
            return new DeadLetterJson(
                    d.messageId(),
                    d.queue(),
                    d.url(),
                    d.reason(),
                    d.attempts(),
                    text(d.diedAt()),
                    text(d.archivedAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PageJson<T>(List<T> items, String nextCursor) {
        public static <V, T> PageJson<T> of(Page<V> page, Function<V, T> view) {
            return new PageJson<>(
                    page.items().stream().map(view).toList(),
                    page.next().map(PageCursor::encode).orElse(null));
        }
    }

    public record IdJson(String id) {}

    /** A replay by filter's report, as the API and {@code hookshot dlq replay --json} show it. */
    public static Map<String, Object> replayReport(BulkReplay.Report report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dryRun", report.dryRun());
        out.put("matched", report.matched());
        putReplayed(out, report.replayed(), report.refused());
        out.put("sample", report.sample());
        return out;
    }

    /** What a replay of many dead letters did: {@code replayed} (a count), {@code replayedIds} and {@code refused}. */
    static void putReplayed(Map<String, Object> out, List<String> replayed, List<ReplayOutcome.Refused> refused) {
        out.put("replayed", replayed.size());
        out.put("replayedIds", replayed);
        out.put(
                "refused",
                refused.stream()
                        .map(r -> Map.of("id", r.messageId(), "reason", r.reason()))
                        .toList());
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
