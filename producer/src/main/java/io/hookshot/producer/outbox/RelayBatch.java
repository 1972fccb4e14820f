package io.hookshot.producer.outbox;

import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.InvalidEventException;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends one batch of locked rows through a producer: the messages in one {@link HookshotProducer#sendAll}, the events
 * in one {@link HookshotProducer#publishAll}, each in insert order. A row the producer refuses (a body it cannot
 * read, a rule its configuration is stricter about than {@link JdbcOutbox}'s, an event type the catalogue lacks) is
 * told apart from the rest by sending that kind one row at a time, and is reported with the reason, so that it does
 * not hold up the rows after it. A Redis failure ({@code ProducerException}) is thrown: the caller rolls back, and
 * sending the same rows again is harmless (see {@link OutboxBodies}). Not thread-safe: one per batch.
 */
final class RelayBatch {
    private final HookshotProducer producer;
    private final List<OutboxRow> relayed = new ArrayList<>();
    private final Map<OutboxRow, String> refused = new LinkedHashMap<>();

    RelayBatch(HookshotProducer producer) {
        this.producer = producer;
    }

    /** Sends {@code rows}; afterwards {@link #relayed()} and {@link #refused()} say what became of each. */
    RelayBatch send(List<OutboxRow> rows) {
        List<OutboxRow> messageRows = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        List<OutboxRow> eventRows = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (OutboxRow row : rows) {
            try {
                if (OutboxRow.Kind.MESSAGE.is(row)) {
                    messages.add(OutboxBodies.message(row.body(), row.dueAtMs()));
                    messageRows.add(row);
                } else if (OutboxRow.Kind.EVENT.is(row)) {
                    events.add(OutboxBodies.event(row.body()));
                    eventRows.add(row);
                } else {
                    refused.put(row, "unknown kind '" + row.kind() + "': expected 'message' or 'event'");
                }
            } catch (RuntimeException e) { // the codecs' decoding errors name the field, never the payload
                refused.put(row, "cannot read the stored " + row.kind() + ": " + e.getMessage());
            }
        }
        try {
            producer.sendAll(messages);
            relayed.addAll(messageRows);
        } catch (InvalidMessageException e) {
            oneByOne(messageRows, messages, m -> producer.send(m));
        }
        try {
            producer.publishAll(events);
            relayed.addAll(eventRows);
        } catch (InvalidEventException e) {
            oneByOne(eventRows, events, ev -> producer.publish(ev));
        }
        return this;
    }

    private <T> void oneByOne(List<OutboxRow> rows, List<T> items, Consumer<T> send) {
        for (int i = 0; i < rows.size(); i++) {
            try {
                send.accept(items.get(i));
                relayed.add(rows.get(i));
            } catch (InvalidMessageException | InvalidEventException e) {
                refused.put(rows.get(i), e.getMessage());
            }
        }
    }

    /** The rows now in Redis, to delete. */
    List<OutboxRow> relayed() {
        return relayed;
    }

    /** The rows the producer refused, with why, to mark refused. */
    Map<OutboxRow, String> refused() {
        return refused;
    }
}
