package io.hookshot.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistoryStore;
import io.hookshot.worker.store.MessageView;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a message's status and attempts from the Postgres history. */
@Command(name = "status", description = "Show a message's status and every attempt (exit 1 for an unknown id).")
final class StatusCommand implements Callable<Integer> {
    static final int EXIT_NOT_FOUND = 1;

    @Parameters(index = "0", paramLabel = "ID", description = "The message id printed by send.")
    String id;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Database db = Database.connect(ConnectionConfig.databaseFrom(Environment.load()))) {
            HistoryStore history = new HistoryStore(db);
            Optional<MessageView> message = history.findMessage(id);
            if (message.isEmpty()) {
                System.err.println("hookshot: no message with id '" + id + "' in the history (a message just sent"
                        + " appears within a second or two, once a worker has exported it)");
                return EXIT_NOT_FOUND;
            }
            List<AttemptView> attempts = history.attempts(id);
            if (json) {
                printJson(System.out, message.get(), attempts);
            } else {
                printTable(System.out, message.get(), attempts);
            }
            return 0;
        }
    }

    private static void printTable(PrintStream out, MessageView m, List<AttemptView> attempts) {
        out.printf("%s  %s  attempts=%d  %s%n", m.id(), m.status().dbValue(), m.attempts(), m.url());
        out.printf(
                "created %s%s%s%n",
                m.createdAt(),
                m.nextAttemptAt() == null ? "" : "  next attempt " + m.nextAttemptAt(),
                m.finishedAt() == null ? "" : "  finished " + m.finishedAt());
        if (attempts.isEmpty()) {
            return;
        }
        out.printf("%-4s %-24s %8s %6s %-10s %-9s %s%n", "#", "started", "ms", "status", "error", "outcome", "worker");
        for (AttemptView a : attempts) {
            out.printf(
                    "%-4d %-24s %8d %6s %-10s %-9s %s%n",
                    a.attempt(),
                    a.startedAt(),
                    a.durationMs(),
                    a.statusCode() == null ? "-" : a.statusCode(),
                    a.errorClass() == null ? "-" : a.errorClass(),
                    a.outcome().dbValue(),
                    a.workerId() == null ? "-" : a.workerId());
            if (a.errorMessage() != null) {
                out.printf("     %s%n", a.errorMessage());
            }
        }
    }

    private static void printJson(PrintStream out, MessageView m, List<AttemptView> attempts) throws Exception {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", m.id());
        message.put("queue", m.queue());
        message.put("url", m.url());
        message.put("status", m.status().dbValue());
        message.put("attempts", m.attempts());
        message.put("createdAt", text(m.createdAt()));
        message.put("updatedAt", text(m.updatedAt()));
        message.put("nextAttemptAt", text(m.nextAttemptAt()));
        message.put("finishedAt", text(m.finishedAt()));
        message.put("lastStatusCode", m.lastStatusCode());
        message.put("lastError", m.lastError());
        message.put("history", attempts.stream().map(StatusCommand::attemptJson).toList());
        out.println(new ObjectMapper()
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .writeValueAsString(message));
    }

    private static Map<String, Object> attemptJson(AttemptView a) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attempt", a.attempt());
        json.put("startedAt", text(a.startedAt()));
        json.put("durationMs", a.durationMs());
        json.put("url", a.url());
        json.put("statusCode", a.statusCode());
        json.put("errorClass", a.errorClass());
        json.put("errorMessage", a.errorMessage());
        json.put("outcome", a.outcome().dbValue());
        json.put("workerId", a.workerId());
        json.put("responseHeaders", a.responseHeaders());
        json.put("responseBody", a.responseBody());
        return json;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
