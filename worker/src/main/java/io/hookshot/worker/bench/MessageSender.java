package io.hookshot.worker.bench;

import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import java.util.List;

/**
 * How the bench hands a message to Hookshot: the Java producer, or {@code POST /v1/messages} of the admin API
 * ({@link ApiSender}). Implementations are thread-safe.
 */
interface MessageSender {
    String PRODUCER = "producer";
    String API = "api";

    /** {@value #PRODUCER} or {@value #API}: the {@code --send-via} value that picks it. */
    String via();

    void send(Message message);

    /** Several at once; only the producer has such a call ({@link #batches()}). */
    void sendAll(List<Message> messages);

    /** False when {@link #sendAll} is not one call, so a burst is sent from several threads instead. */
    boolean batches();

    /** Publishes events in one call; only the producer can ({@link BenchOptions} refuses fanout through the API). */
    default void publishAll(List<Event> events) {
        throw new UnsupportedOperationException(via() + " does not publish events");
    }

    /** The producer itself. */
    static MessageSender of(HookshotProducer producer) {
        return new MessageSender() {
            @Override
            public String via() {
                return PRODUCER;
            }

            @Override
            public void send(Message message) {
                producer.send(message);
            }

            @Override
            public void sendAll(List<Message> messages) {
                producer.sendAll(messages);
            }

            @Override
            public boolean batches() {
                return true;
            }

            @Override
            public void publishAll(List<Event> events) {
                producer.publishAll(events);
            }
        };
    }
}
