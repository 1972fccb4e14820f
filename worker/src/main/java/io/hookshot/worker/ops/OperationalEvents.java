package io.hookshot.worker.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookshot.common.MessageId;
import io.hookshot.common.events.EndpointId;
import io.hookshot.worker.queue.AttemptRecord;
import java.time.Instant;
import java.util.Set;

/**
 * The operational webhooks made from ops records, as Svix's: {@code {"type", "timestamp", "data"}}, where
 * {@code data} names the endpoint ({@code tenant} and {@code endpointId} of a registered endpoint, or {@code origin}
 * of a URL's) and what happened. Each record's webhook has an id made from the record's partition and entry id, so
 * that reading a record twice makes the same message. Stateless and thread-safe.
 */
final class OperationalEvents {
    static final String CIRCUIT_OPENED = "endpoint.circuit_opened";
    static final String CIRCUIT_CLOSED = "endpoint.circuit_closed";
    static final String DISABLED = "endpoint.disabled";
    static final String MESSAGE_DEAD = "message.dead";
    /** Every type; a record of another type (from a newer worker) is skipped. */
    static final Set<String> TYPES = Set.of(CIRCUIT_OPENED, CIRCUIT_CLOSED, DISABLED, MESSAGE_DEAD);

    private static final ObjectMapper JSON = new ObjectMapper();

    private OperationalEvents() {}

    /** The id of the webhook of {@code r}: {@code msg_op_<partition>_<entry id>}. */
    static MessageId messageId(OpsRecord r) {
        return new MessageId("msg_op_" + r.partition() + "_" + r.entryId());
    }

    /** The webhook's JSON body. */
    static String payload(OpsRecord r) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", r.field("t"));
        body.put("timestamp", time(r.field("at")));
        ObjectNode data = body.putObject("data");
        String ep = r.field("ep");
        if (ep.startsWith(EndpointId.PREFIX)) {
            data.put("tenant", r.field("tenant"));
            data.put("endpointId", ep);
        } else {
            data.put("origin", ep);
        }
        switch (r.field("t")) {
            case CIRCUIT_OPENED -> {
                data.put("failures", number(r.field("failures")));
                data.put("messageId", r.field("id"));
                lastAttempt(data, r.field("data"));
            }
            case CIRCUIT_CLOSED -> data.put("failingSince", time(r.field("since")));
            case DISABLED -> {
                data.put("reason", r.field("reason"));
                data.put("failingSince", time(r.field("since")));
            }
            case MESSAGE_DEAD -> {
                data.put("messageId", r.field("id"));
                data.put("attempt", number(r.field("n")));
                data.put("reason", r.field("reason"));
                lastAttempt(data, r.field("data"));
            }
            default -> {}
        }
        return body.toString();
    }

    /** {@code lastAttempt}: status code, error class and message of the attempt in {@code json}, when readable. */
    private static void lastAttempt(ObjectNode data, String json) {
        ObjectNode last = data.putObject("lastAttempt");
        try {
            AttemptRecord a = AttemptRecord.fromJson(json);
            last.put("timestamp", Instant.ofEpochMilli(a.startedAtMs()).toString());
            last.put("statusCode", a.statusCode());
            last.put("errorClass", a.errorClass());
            last.put("error", a.errorMessage());
        } catch (IllegalArgumentException e) {
            // not an attempt record (an older or newer worker's): the webhook goes without its details
        }
    }

    /** Epoch ms as an ISO-8601 instant; null when absent. */
    private static String time(String ms) {
        Long n = number(ms);
        return n == null ? null : Instant.ofEpochMilli(n).toString();
    }

    private static Long number(String text) {
        try {
            return text.isEmpty() ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
