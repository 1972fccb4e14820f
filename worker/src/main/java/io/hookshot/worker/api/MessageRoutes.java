package io.hookshot.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.MessageId;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerException;
import io.hookshot.worker.api.Views.AttemptJson;
import io.hookshot.worker.api.Views.IdJson;
import io.hookshot.worker.api.Views.MessageJson;
import io.hookshot.worker.api.Views.PageJson;
import io.hookshot.worker.store.MessageView;
import io.hookshot.worker.store.SearchFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;

/** {@code /v1/messages}: enqueue, look up, list attempts, search. Thread-safe. */
final class MessageRoutes {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The producer's field names where the API's differ. */
    private static final Map<String, String> API_FIELD = Map.of("header", "headers", "idempotencyKey", IDEMPOTENCY_KEY);

    private final ApiServices services;
    private final ObjectMapper json;

    MessageRoutes(ApiServices services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/messages", this::enqueue);
        routes.get("/v1/messages", this::search);
        routes.get("/v1/messages/{id}", ctx -> ctx.json(MessageJson.of(message(ctx.pathParam("id")))));
        routes.get("/v1/messages/{id}/attempts", ctx -> {
            String id = message(ctx.pathParam("id")).id();
            ctx.json(Map.of(
                    "id",
                    id,
                    "attempts",
                    services.history().attempts(id).stream()
                            .map(AttemptJson::of)
                            .toList()));
        });
    }

    private void enqueue(Context ctx) throws JsonProcessingException {
        JsonBody body = JsonBody.parse(json, ctx.body(), false);
        Message.Builder message = Message.builder(body.requiredText("url"));
        body.text("id").ifPresent(id -> message.id(messageId(id)));
        message.payload(json.writeValueAsString(body.any("payload")
                .orElseThrow(() -> ApiException.badRequest("payload", "payload is required: any JSON value"))));
        body.strings("headers").forEach(message::header);
        body.duration("delay").ifPresent(message::delay);
        body.schedule("retrySchedule").ifPresent(message::retrySchedule);
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key != null) {
            message.idempotencyKey(key);
        }
        Message built = message.build();
        ctx.status(HttpStatus.ACCEPTED).json(new IdJson(RequestTrace.around(ctx, () -> send(built))));
    }

    /** A caller's own message id, as the producer takes one: sending the same id again enqueues nothing. */
    private static MessageId messageId(String id) {
        try {
            return new MessageId(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", e.getMessage());
        }
    }

    /** Sends through the producer: its rules are the API's; a broken one is a 400 naming the field. */
    String send(Message message) {
        try {
            return services.producer().send(message).value();
        } catch (InvalidMessageException e) {
            throw ApiException.badRequest(API_FIELD.getOrDefault(e.field(), e.field()), e.getMessage());
        } catch (ProducerException e) {
            throw ApiException.unavailable("Redis is unreachable; nothing was enqueued, so sending again is safe");
        }
    }

    private void search(Context ctx) {
        SearchFilter filter = Filters.from(ctx, services.clock());
        ctx.json(PageJson.of(services.search().messages(filter), MessageJson::of));
    }

    private MessageView message(String id) {
        return services.history()
                .findMessage(id)
                .orElseThrow(() -> ApiException.notFound("no message with id '" + id
                        + "' in the history (a message just sent appears there within a second or two)"));
    }
}
