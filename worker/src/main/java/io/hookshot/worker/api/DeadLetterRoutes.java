package io.hookshot.worker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.worker.api.Views.DeadLetterJson;
import io.hookshot.worker.api.Views.PageJson;
import io.hookshot.worker.replay.BulkReplay;
import io.hookshot.worker.replay.ReplayOutcome;
import io.hookshot.worker.store.DeadLetterView;
import io.hookshot.worker.store.SearchFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/dead-letters}: list, show, replay (one, to its URL or another; or by filter, paced, with a dry run) and
 * delete (one, or by filter). Thread-safe.
 */
final class DeadLetterRoutes {
    private final ApiServices services;
    private final ObjectMapper json;

    DeadLetterRoutes(ApiServices services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/v1/dead-letters",
                ctx -> ctx.json(PageJson.of(services.search().deadLetters(filter(ctx)), DeadLetterJson::of)));
        routes.get("/v1/dead-letters/{id}", ctx -> ctx.json(DeadLetterJson.of(deadLetter(ctx.pathParam("id")))));
        routes.post("/v1/dead-letters/replay", this::replayByFilter);
        routes.post("/v1/dead-letters/{id}/replay", this::replayOne);
        routes.delete("/v1/dead-letters", this::deleteByFilter);
        routes.delete("/v1/dead-letters/{id}", ctx -> {
            if (!services.deletion().delete(ctx.pathParam("id"))) {
                throw notFound(ctx.pathParam("id"));
            }
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private void replayOne(Context ctx) {
        Optional<String> url = JsonBody.parse(json, ctx.body(), true).text("url");
        ReplayOutcome outcome;
        try {
            outcome = services.replayer().replay(ctx.pathParam("id"), url);
        } catch (InvalidMessageException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        switch (outcome) {
            case ReplayOutcome.Replayed r ->
                ctx.status(HttpStatus.ACCEPTED)
                        .json(Map.of("id", r.messageId(), "url", r.url(), "firstAttempt", r.firstAttempt()));
            case ReplayOutcome.NotFound n -> throw notFound(n.messageId());
            case ReplayOutcome.Refused r -> throw ApiException.conflict(r.reason());
        }
    }

    private void replayByFilter(Context ctx) {
        SearchFilter filter = filter(ctx);
        boolean dryRun = Filters.flag(ctx, "dryRun", false);
        int rate = Filters.number(ctx, "rate", services.replayRate(), 1, services.replayRate());
        int max = Filters.number(ctx, "max", 1000, 1, BulkReplay.MAX_PER_CALL);
        BulkReplay.Report report = services.bulkReplay().run(filter, dryRun, rate, max);
        Map<String, Object> out = Views.replayReport(report);
        out.put("ratePerSecond", rate);
        ctx.json(out);
    }

    private void deleteByFilter(Context ctx) {
        SearchFilter filter = filter(ctx);
        boolean unfiltered = filter.url().isEmpty()
                && filter.since().isEmpty()
                && filter.until().isEmpty();
        if (unfiltered && !Filters.flag(ctx, "all", false)) {
            throw ApiException.badRequest(
                    "url",
                    "give a filter (url, since, until), or all=true to delete every" + " dead letter of the queue");
        }
        boolean dryRun = Filters.flag(ctx, "dryRun", false);
        ctx.json(Map.of(
                "dryRun",
                dryRun,
                dryRun ? "matched" : "deleted",
                services.deletion().deleteAll(filter, dryRun)));
    }

    private SearchFilter filter(Context ctx) {
        SearchFilter filter = Filters.from(ctx, services.clock());
        if (filter.status().isPresent()) {
            throw ApiException.badRequest("status", "dead letters take no status filter (they are all dead)");
        }
        return filter;
    }

    private DeadLetterView deadLetter(String id) {
        return services.history()
                .findDeadLetter(id)
                .filter(d -> d.queue().equals(services.search().queue()))
                .orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no dead letter with id '" + id + "' in this queue's archive");
    }
}
