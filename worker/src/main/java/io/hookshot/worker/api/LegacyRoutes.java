package io.hookshot.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.producer.Message;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original Node.js Hookshot's routes, for users moving over: {@code POST /api/webhooks} (body
 * {@code target_url}, {@code payload}, optional {@code headers} and {@code retry_config}),
 * {@code GET /api/webhooks/{id}/status} and {@code /attempts}. Same token, same validation as {@code /v1}.
 * Thread-safe.
 */
final class LegacyRoutes {
    private final ApiServices services;
    private final ObjectMapper json;
    private final MessageRoutes messages;

    LegacyRoutes(ApiServices services, ObjectMapper json, MessageRoutes messages) {
        this.services = services;
        this.json = json;
        this.messages = messages;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/webhooks", this::create);
        routes.get("/api/webhooks/{id}/status", this::status);
        routes.get("/api/webhooks/{id}/attempts", this::attempts);
    }

    private void create(Context ctx) throws JsonProcessingException {
        JsonBody body = JsonBody.parse(json, ctx.body(), false);
        Message.Builder message = Message.builder(body.requiredText("target_url"));
        message.payload(json.writeValueAsString(body.any("payload")
                .orElseThrow(() -> ApiException.badRequest("payload", "payload is required: any JSON value"))));
        body.strings("headers").forEach(message::header);
        body.object("retry_config")
                .ifPresent(c -> message.retrySchedule(LegacyRetryConfig.from(c).schedule()));
        String id;
        try {
            id = messages.send(message.build());
        } catch (ApiException e) {
            throw "url".equals(e.problem().field())
                    ? ApiException.badRequest("target_url", "target_" + e.getMessage())
                    : e;
        }
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("id", id));
    }

    private void status(Context ctx) {
        MessageView m = message(ctx.pathParam("id"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhook_id", m.id());
        out.put("latest_status", m.status().dbValue());
        out.put(
                "last_attempt_at",
                services.search().lastAttemptAt(m.id()).map(Object::toString).orElse(null));
        ctx.json(out);
    }

    private void attempts(Context ctx) {
        MessageView m = message(ctx.pathParam("id"));
        ctx.json(Map.of(
                "webhook_id",
                m.id(),
                "attempts",
                services.history().attempts(m.id()).stream()
                        .map(LegacyRoutes::attempt)
                        .toList()));
    }

    private static Map<String, Object> attempt(AttemptView a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attempt_number", a.attempt());
        out.put("attempted_at", a.startedAt().toString());
        out.put("status_code", a.statusCode());
        out.put("success", a.outcome() == io.hookshot.worker.store.MessageStatus.DELIVERED);
        out.put("error", a.errorMessage());
        out.put("duration_ms", a.durationMs());
        out.put("response_body", a.responseBody());
        return out;
    }

    private MessageView message(String id) {
        return services.history()
                .findMessage(id)
                .orElseThrow(() -> ApiException.notFound(
                        "no webhook with id '" + id + "' (a webhook just created appears within a second or two)"));
    }
}
