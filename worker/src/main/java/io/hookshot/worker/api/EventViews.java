package io.hookshot.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookshot.worker.store.EndpointStats;
import io.hookshot.worker.store.EventMessageView;
import io.hookshot.worker.store.EventView;
import java.util.List;

/**
 * The JSON shapes of the event routes, shared with the command line's {@code --json}: records with times as
 * ISO-8601 text. An event's payload is shown by {@link EventJson} only (one event asked for by id), never in a list.
 * Stateless.
 */
public final class EventViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventViews() {}

    /** One event with its payload (as JSON) and each endpoint's message. */
    public record EventJson(
            String id,
            String tenant,
            String eventType,
            JsonNode payload,
            List<String> channels,
            String idempotencyKey,
            String createdAt,
            int endpoints,
            String fannedOutAt,
            List<EventMessageJson> messages) {
        public static EventJson of(EventView e, List<EventMessageView> messages) {
            return new EventJson(
                    e.id(),
                    e.tenant(),
                    e.eventType(),
                    parsed(e.payload()),
                    e.channels(),
                    e.idempotencyKey(),
                    Views.text(e.createdAt()),
                    e.endpoints(),
                    Views.text(e.fannedOutAt()),
                    messages.stream().map(EventMessageJson::of).toList());
        }
    }

    /** An event in a list: no payload. */
    public record EventSummaryJson(
            String id,
            String tenant,
            String eventType,
            List<String> channels,
            String createdAt,
            int endpoints,
            String fannedOutAt) {
        public static EventSummaryJson of(EventView e) {
            return new EventSummaryJson(
                    e.id(),
                    e.tenant(),
                    e.eventType(),
                    e.channels(),
                    Views.text(e.createdAt()),
                    e.endpoints(),
                    Views.text(e.fannedOutAt()));
        }
    }

    public record EventMessageJson(String endpointId, String messageId, String url, String status, int attempts) {
        public static EventMessageJson of(EventMessageView m) {
            return new EventMessageJson(
                    m.endpointId(), m.messageId(), m.url(), m.status().dbValue(), m.attempts());
        }
    }

    /** How one endpoint's deliveries went over one window. */
    public record StatsJson(
            String since,
            long attempts,
            long delivered,
            Double successRate,
            Double latencyP50Ms,
            Double latencyP99Ms,
            LastErrorJson lastError) {
        public static StatsJson of(EndpointStats s) {
            EndpointStats.LastError e = s.lastError();
            return new StatsJson(
                    Views.text(s.since()),
                    s.attempts(),
                    s.delivered(),
                    s.successRate(),
                    s.latencyP50(),
                    s.latencyP99(),
                    e == null
                            ? null
                            : new LastErrorJson(
                                    Views.text(e.at()), e.messageId(), e.statusCode(), e.errorClass(), e.message()));
        }
    }

    public record LastErrorJson(String at, String messageId, Integer statusCode, String errorClass, String message) {}

    /** The stored payload as JSON; as a string should it not parse (it was checked when published). */
    private static JsonNode parsed(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
