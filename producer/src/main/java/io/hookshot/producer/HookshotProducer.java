package io.hookshot.producer;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.MessageId;
import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.TenantId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Enqueues webhooks onto a Hookshot queue in Redis, for the worker to deliver. Embed one per application and share
 * it: it is thread-safe, and holds a pool of at most {@link ProducerConfig#maxPoolSize()} Redis connections (per node
 * of a Redis Cluster) until {@link #close()}.
 *
 * <p>What a send does:
 * <ol>
 *   <li>Checks every message against the rules (URL, payload size, headers, delay, idempotency key: see
 *       {@link Validation}); if any breaks one, throws {@link InvalidMessageException} and enqueues nothing.</li>
 *   <li>Runs the queue's {@code enqueue} script once per partition the messages go to (for more than
 *       {@value EnqueueLayout#MAX_JOBS_PER_CALL} messages of one partition, once per that many), all in one
 *       pipelined round trip. Each message goes to the partition of its endpoint (scheme, host and port), ready at
 *       once or delayed until due by the Redis server's clock, and leaves an {@code accepted} record in the
 *       partition's outbox.</li>
 *   <li>Returns the ids the messages are stored under, in order. A message whose id is already queued is not stored
 *       again; one whose idempotency key was seen within {@link ProducerConfig#idempotencyWindow()} returns the id
 *       of the first message sent with that key.</li>
 * </ol>
 * Redis failures throw {@link ProducerException}; sending the same messages again is then safe.
 *
 * <p>{@link #publish} and {@link #publishAll} publish {@link Event}s instead: each is checked (and its type against
 * the catalogue while {@link ProducerConfig#eventTypesStrict()}) and appended to its tenant's events stream, once per
 * idempotency key and tenant within the window; a worker fans it out to the tenant's endpoints that accept it.
 *
 * <p>Tracing: when the sending thread has a valid current OpenTelemetry span (made by the application's SDK or the
 * Java agent), its W3C trace context ({@code traceparent}, {@code tracestate}) is kept with every message or event of
 * the call, and each delivery attempt's span continues it; an event's messages all carry it.
 *
 * <p>{@link #sendAndAwait} and {@link #publishAndAwait} also return a future of the outcome ({@link OutcomeAwaiter}).
 */
public final class HookshotProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HookshotProducer.class);

    private final ProducerConfig config;
    private final UnifiedJedis redis;
    private final Clock clock;
    private final MessageValidator validator;
    private final EnqueueScript script;
    private final EnqueueCalls calls;
    private final EventPublisher publisher;
    private final ProducerListener listener;
    private final OutcomeAwaiter awaiter;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HookshotProducer(
            ProducerConfig config,
            UnifiedJedis redis,
            Clock clock,
            AwaitSettings awaitSettings,
            ProducerListener listener) {
        this.config = config;
        this.redis = redis;
        this.clock = clock;
        this.listener = listener;
        this.awaiter = new OutcomeAwaiter(redis, config, awaitSettings);
        this.validator = new MessageValidator(config.maxPayloadBytes(), clock);
        this.script = new EnqueueScript(redis, config.replicaAcks());
        this.calls = new EnqueueCalls(config);
        this.publisher = new EventPublisher(config, redis, clock);
    }

    /**
     * Connects to Redis and checks the queue's partition count against the configuration (the first user records it).
     *
     * @throws IllegalStateException when the queue was set up with a different number of partitions
     * @throws ProducerException     when Redis cannot be reached
     */
    public static HookshotProducer create(ProducerConfig config) {
        return create(config, Clock.systemUTC(), AwaitSettings.defaults(), ProducerListener.NONE);
    }

    /** As {@link #create(ProducerConfig)}, telling {@code listener} how each send and publish call went. */
    public static HookshotProducer create(ProducerConfig config, ProducerListener listener) {
        return create(config, Clock.systemUTC(), AwaitSettings.defaults(), listener);
    }

    /** As {@link #create(ProducerConfig)}, awaiting outcomes as {@code awaitSettings} say. */
    public static HookshotProducer create(ProducerConfig config, AwaitSettings awaitSettings) {
        return create(config, Clock.systemUTC(), awaitSettings, ProducerListener.NONE);
    }

    /** As {@link #create(ProducerConfig)}, with creation times from {@code clock}, await settings and a listener. */
    static HookshotProducer create(
            ProducerConfig config, Clock clock, AwaitSettings awaitSettings, ProducerListener listener) {
        Objects.requireNonNull(awaitSettings, "awaitSettings");
        Objects.requireNonNull(listener, "listener");
        UnifiedJedis redis = RedisClients.connect(config);
        HookshotProducer producer = new HookshotProducer(config, redis, clock, awaitSettings, listener);
        try {
            producer.script.load(RedisKeys.meta(config.queue()));
            producer.publisher.load(RedisKeys.meta(config.queue()));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        LOG.info(
                "producer ready: Redis {}, queue {}, {} partitions",
                config.redactedRedisUrl(),
                config.queue(),
                config.partitions());
        return producer;
    }

    /**
     * Enqueues one message and returns the id it is stored under.
     *
     * @throws InvalidMessageException when the message breaks a rule; nothing is enqueued
     * @throws ProducerException       when Redis fails
     * @throws IllegalStateException   when this producer is closed
     */
    public MessageId send(Message message) {
        Objects.requireNonNull(message, "message");
        return sendAll(List.of(message)).getFirst();
    }

    /**
     * Enqueues a batch in one round trip and returns the ids, in the order of {@code messages}. All messages are
     * checked first: if one is invalid, none is enqueued. The batch is not atomic against Redis failures.
     *
     * @throws InvalidMessageException saying what is wrong with the first invalid message, and which one it is when
     *                                 the batch holds more than one
     * @throws ProducerException       when Redis fails; some messages may be enqueued
     * @throws IllegalStateException   when this producer is closed
     */
    public List<MessageId> sendAll(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        checkOpen();
        return ListenedCall.run(listener, ProducerListener.Operation.SEND, messages.size(), () -> {
            List<URI> urls = validator.validateAll(messages);
            return messages.isEmpty() ? List.of() : enqueue(messages, urls, Optional.empty());
        });
    }

    /**
     * Enqueues one message, as {@link #send} does, and returns a future of its outcome: {@link DeliveryOutcome}
     * once it is delivered or dead, or a failure: {@link java.util.concurrent.TimeoutException} after
     * {@link AwaitSettings#timeout()}, {@link IllegalStateException} when this producer is closed first.
     *
     * @throws TooManyPendingOutcomesException when {@link AwaitSettings#maxPending()} are pending; nothing enqueued
     */
    public CompletableFuture<DeliveryOutcome> sendAndAwait(Message message) {
        return sendAndAwait(message, awaiter.timeout());
    }

    /** As {@link #sendAndAwait(Message)}, waiting at most {@code timeout}. */
    public CompletableFuture<DeliveryOutcome> sendAndAwait(Message message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        checkOpen();
        List<URI> urls = validator.validateAll(List.of(message));
        return awaiter.awaitMessage(
                timeout,
                Endpoints.keyOf(urls.getFirst()),
                request -> listened(
                        ProducerListener.Operation.SEND, () -> enqueue(List.of(message), urls, Optional.of(request))));
    }

    /** Runs the send or publish of one awaited message or event, told to the listener; returns its id. */
    private <T> T listened(ProducerListener.Operation operation, Supplier<List<T>> call) {
        return ListenedCall.run(listener, operation, 1, call).getFirst();
    }

    private List<MessageId> enqueue(List<Message> messages, List<URI> urls, Optional<OutcomeRequest> outcome) {
        EnqueueCalls.Plan plan = calls.of(messages, urls, clock.instant(), CurrentTrace.capture(), outcome);
        List<MessageId> stored = script.run(plan.calls());
        MessageId[] ids = new MessageId[messages.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[plan.positions()[k]] = stored.get(k);
        }
        return List.of(ids);
    }

    /**
     * Publishes one event and returns its id (or, for an idempotency key seen within the window, the first event's).
     *
     * @throws InvalidEventException when the event breaks a rule or its type may not be published; nothing is
     *                               published
     * @throws ProducerException     when Redis fails; publishing the same {@link Event} again is then safe
     * @throws IllegalStateException when this producer is closed
     */
    public EventId publish(Event event) {
        Objects.requireNonNull(event, "event");
        return publishAll(List.of(event)).getFirst();
    }

    /**
     * Publishes a batch in one pipelined round trip and returns the ids, in the order of {@code events}. All events
     * are checked first: if one is refused, none is published. The batch is not atomic against Redis failures.
     *
     * @throws InvalidEventException saying what is wrong with the first refused event, and which one it is when the
     *                               batch holds more than one
     * @throws ProducerException     when Redis fails; some events may be published
     * @throws IllegalStateException when this producer is closed
     */
    public List<EventId> publishAll(List<Event> events) {
        Objects.requireNonNull(events, "events");
        checkOpen();
        return ListenedCall.run(
                listener,
                ProducerListener.Operation.PUBLISH,
                events.size(),
                () -> publisher.publish(events, Optional.empty()));
    }

    /**
     * Publishes one event, as {@link #publish} does, and returns a future of the outcome of each message its fan-out
     * makes, in endpoint id order (empty when it matches no endpoint); it fails as {@link #sendAndAwait} does, the
     * timeout counting for the whole.
     *
     * @throws TooManyPendingOutcomesException when {@link AwaitSettings#maxPending()} are pending; nothing published
     */
    public CompletableFuture<List<DeliveryOutcome>> publishAndAwait(Event event) {
        return publishAndAwait(event, awaiter.timeout());
    }

    /** As {@link #publishAndAwait(Event)}, waiting at most {@code timeout}. */
    public CompletableFuture<List<DeliveryOutcome>> publishAndAwait(Event event, Duration timeout) {
        Objects.requireNonNull(event, "event");
        checkOpen();
        return awaiter.awaitEvent(
                timeout,
                new TenantId(event.tenant()),
                request -> listened(
                        ProducerListener.Operation.PUBLISH,
                        () -> publisher.publish(List.of(event), Optional.of(request))));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("producer is closed");
        }
    }

    /** A {@code PING} through this producer's connections, for health checks: {@link ProducerException} if none. */
    public void ping() {
        checkOpen();
        try {
            redis.ping();
        } catch (JedisException e) {
            throw new ProducerException(
                    "Redis at " + config.redactedRedisUrl() + " does not answer: " + e.getMessage(), e);
        }
    }

    /** The configuration this producer was made with. */
    public ProducerConfig config() {
        return config;
    }

    /**
     * Fails the pending outcome futures ({@link IllegalStateException}) and releases the Redis connections. Idempotent;
     * sends after closing throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            awaiter.close();
            redis.close();
        }
    }
}
