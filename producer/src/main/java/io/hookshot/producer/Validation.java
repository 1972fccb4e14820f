package io.hookshot.producer;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The checks {@link HookshotProducer#send} and {@link HookshotProducer#publish} apply, without a producer or a
 * connection to Redis: for a message or event stored to be sent later (the transactional outbox, a dead letter about
 * to be replayed to another URL, an endpoint's test message). Stateless.
 *
 * <p>A message needs an absolute http(s) URL with a host and no credentials or fragment, of at most
 * {@value Message#MAX_URL_LENGTH} characters; a payload within the limit; valid, unreserved, distinct header names
 * ({@code webhook-*}, {@code content-type}, {@code host}, the W3C trace headers and the connection headers are
 * reserved) with values free of control characters; a delay or due time at most {@link Message#MAX_DELAY} ahead; an
 * idempotency key of printable ASCII.
 */
public final class Validation {
    private Validation() {}

    /**
     * Checks a message against the rules {@link HookshotProducer#send} applies with {@code config}.
     *
     * @throws InvalidMessageException naming the field and the problem
     */
    public static void validate(Message message, ProducerConfig config) {
        validate(message, config.maxPayloadBytes());
    }

    /**
     * As {@link #validate(Message, ProducerConfig)}, with a payload limit of {@code maxPayloadBytes} (for example
     * {@link ProducerConfig#DEFAULT_MAX_PAYLOAD_BYTES}) instead of a configuration's: for a message stored to be
     * sent later, such as by the transactional outbox.
     *
     * @throws InvalidMessageException naming the field and the problem
     */
    public static void validate(Message message, int maxPayloadBytes) {
        new MessageValidator(maxPayloadBytes, Clock.systemUTC()).validate(Objects.requireNonNull(message, "message"));
    }

    /**
     * Checks an event against the rules {@link HookshotProducer#publish} applies, with a payload limit of
     * {@code maxPayloadBytes}; the event type catalogue is not consulted.
     *
     * @throws InvalidEventException naming the field and the problem
     */
    public static void validate(Event event, int maxPayloadBytes) {
        new EventValidator(maxPayloadBytes).validate(Objects.requireNonNull(event, "event"), Instant.EPOCH);
    }
}
