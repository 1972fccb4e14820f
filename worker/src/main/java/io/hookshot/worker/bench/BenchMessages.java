package io.hookshot.worker.bench;

import io.hookshot.common.RetrySchedule;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.producer.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a scenario's messages, each registered in its {@link ReceiptLog} before anything is sent: a JSON payload
 * of the configured size (the same for every message but for its sequence number), to one URL. Not thread-safe.
 */
final class BenchMessages {
    private static final String PAYLOAD_START = "{\"type\":\"bench.event\",\"seq\":";
    private static final String PADDING_START = ",\"data\":\"";
    private static final String PAYLOAD_END = "\"}";

    private final String url;
    private final int payloadBytes;
    private final ReceiptLog log;

    BenchMessages(String url, int payloadBytes, ReceiptLog log) {
        this.url = url;
        this.payloadBytes = payloadBytes;
        this.log = log;
    }

    /** {@code count} messages due at once, with {@code schedule} when not null. */
    List<Message> immediate(int count, RetrySchedule schedule) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Message.Builder b = Message.builder(url).payload(payload(i));
            if (schedule != null) {
                b.retrySchedule(schedule);
            }
            Message m = b.build();
            log.expect(m.id().value(), -1);
            messages.add(m);
        }
        return messages;
    }

    /** {@code count} messages due evenly over [{@code first}, {@code first + spread}]. */
    List<Message> dueFrom(Instant first, Duration spread, int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offsetMicros = count == 1 ? 0 : spread.toNanos() / 1_000 * i / (count - 1);
            Instant due = first.plusNanos(offsetMicros * 1_000);
            Message m = Message.builder(url).payload(payload(i)).dueAt(due).build();
            log.expect(m.id().value(), due.getEpochSecond() * 1_000_000 + due.getNano() / 1_000);
            messages.add(m);
        }
        return messages;
    }

    /**
     * {@code count} events of the tenant of {@code endpoints}, each registered as the message it becomes for every
     * one of them (its id made from the event's and the endpoint's).
     */
    List<Event> events(int count, List<MirroredEndpoint> endpoints) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Event e = Event.builder(BenchEndpoints.EVENT_TYPE)
                    .tenant(BenchEndpoints.TENANT.value())
                    .payload(new String(payload(i), StandardCharsets.UTF_8))
                    .build();
            BenchEndpoints.messageIds(e, endpoints).forEach(id -> log.expect(id, -1));
            events.add(e);
        }
        return events;
    }

    private byte[] payload(int seq) {
        StringBuilder json = new StringBuilder(payloadBytes)
                .append(PAYLOAD_START)
                .append(seq)
                .append(PADDING_START);
        int padding = Math.max(0, payloadBytes - json.length() - PAYLOAD_END.length());
        json.repeat('x', padding).append(PAYLOAD_END);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
