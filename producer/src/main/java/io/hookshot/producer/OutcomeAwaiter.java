package io.hookshot.producer;

import io.hookshot.common.Endpoints;
import io.hookshot.common.MessageId;
import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * What a producer's awaiting sends share: its outcome channel (one per producer) and the request sent with each job,
 * the subscription (started by the first awaiting send), and the pending futures ({@link OutcomeWaiters}). The
 * futures it hands out complete asynchronously (in the common pool), never on the subscription's thread.
 * Thread-safe.
 */
final class OutcomeAwaiter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeAwaiter.class);
    /** How long the first awaiting send waits for the subscription to be in place. */
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(5);

    private final ProducerConfig config;
    private final OutcomeRequest request;
    private final OutcomeWaiters waiters;
    private final OutcomeSubscriber subscriber;
    private final Duration timeout;

    OutcomeAwaiter(UnifiedJedis redis, ProducerConfig config, AwaitSettings settings) {
        this.config = config;
        this.timeout = settings.timeout();
        String channel =
                RedisKeys.outcomeChannel(config.queue(), UUID.randomUUID().toString());
        this.request = new OutcomeRequest(channel, AwaitSettings.RECORD_KEEP);
        this.waiters = new OutcomeWaiters(settings, keys -> read(redis, keys));
        this.subscriber = new OutcomeSubscriber(redis, channel, this::notice, waiters::readAllSoon);
    }

    /** How long a future waits unless told otherwise ({@link AwaitSettings#timeout()}). */
    Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code send} (which enqueues one message carrying the request it is given, queued under
     * {@code endpointKey}) with the subscription in place and a slot for its future taken (or throws
     * {@link TooManyPendingOutcomesException}, sending nothing), and returns the future of its outcome.
     */
    CompletableFuture<DeliveryOutcome> awaitMessage(
            Duration timeout, String endpointKey, Function<OutcomeRequest, MessageId> send) {
        MessageId id = sent(timeout, send);
        return message(id, endpointKey, timeout, false).thenApplyAsync(Function.identity());
    }

    /**
     * As {@link #awaitMessage}, for {@code send} publishing one event of {@code tenant}: the future of the outcomes of
     * the messages its fan-out makes, in endpoint id order; each message takes a slot of its own once the fan-out
     * names it.
     */
    CompletableFuture<List<DeliveryOutcome>> awaitEvent(
            Duration timeout, TenantId tenant, Function<OutcomeRequest, EventId> send) {
        EventId id = sent(timeout, send);
        long deadline = System.nanoTime() + timeout.toNanos();
        RedisKeys keys = new RedisKeys(config.queue(), EventKeys.partitionOf(tenant, config.partitions()));
        return waiters.await(
                        OutcomeNotice.eventKey(id.value()),
                        keys.eventOutcome(id.value()),
                        timeout,
                        "event " + id,
                        false)
                .thenCompose(notice -> {
                    List<CompletableFuture<DeliveryOutcome>> parts = new ArrayList<>();
                    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
                    for (String endpoint : notice.endpointIds()) {
                        waiters.reserve();
                        parts.add(message(id.messageIdFor(new EndpointId(endpoint)), endpoint, left, true));
                    }
                    // A message settled before the fan-out's notice came was notified before it was awaited.
                    waiters.readDueSoon();
                    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                            .thenApply(done ->
                                    parts.stream().map(CompletableFuture::join).toList());
                })
                .thenApplyAsync(Function.identity());
    }

    /** Runs {@code send} in a slot taken for it (given back when it fails), the subscription in place. */
    private <T> T sent(Duration timeout, Function<OutcomeRequest, T> send) {
        AwaitSettings.requireTimeout(timeout);
        if (config.maxPoolSize() < 2) {
            throw new IllegalStateException(ProducerConfig.ENV_REDIS_POOL_SIZE + " (maxPoolSize) must be at least 2 to"
                    + " await outcomes: the outcome subscription holds one connection; it is 1");
        }
        subscriber.start(SUBSCRIBE_WAIT);
        waiters.reserve();
        try {
            return send.apply(request);
        } catch (RuntimeException e) {
            waiters.release();
            throw e;
        }
    }

    private CompletableFuture<DeliveryOutcome> message(
            MessageId id, String endpointKey, Duration timeout, boolean readSoon) {
        RedisKeys keys = new RedisKeys(config.queue(), Endpoints.partitionOf(endpointKey, config.partitions()));
        return waiters.await(
                        OutcomeNotice.messageKey(id.value()),
                        keys.outcome(id.value()),
                        timeout,
                        "message " + id,
                        readSoon)
                .thenApply(OutcomeNotice::message);
    }

    private void notice(String text) {
        try {
            waiters.complete(OutcomeNotice.parse(text));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a message on the outcome channel: {}", e.getMessage());
        }
    }

    /** The outcome records of {@code keys}, in one pipeline: the text of each, or null. */
    private static List<String> read(UnifiedJedis redis, List<String> keys) {
        List<Response<String>> responses = new ArrayList<>(keys.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            keys.forEach(key -> responses.add(pipeline.get(key)));
            pipeline.sync();
        }
        return responses.stream().map(Response::get).toList();
    }

    /** Ends the subscription and fails every pending future. */
    @Override
    public void close() {
        subscriber.close();
        waiters.close();
    }
}
