package io.hookshot.producer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A producer's one subscription to its outcome channel, on a daemon thread of its own, started by the first awaiting
 * send ({@link #start}). It holds one connection of the producer's pool while it runs. When the connection breaks it
 * subscribes again (after 100 ms, doubling to 5 s while it fails), and once subscribed again it calls
 * {@code resubscribed}: notices published meanwhile are lost, so their records must be read. Thread-safe.
 */
final class OutcomeSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeSubscriber.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final UnifiedJedis redis;
    private final String channel;
    private final Consumer<String> notices;
    private final Runnable resubscribed;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile JedisPubSub current;

    OutcomeSubscriber(UnifiedJedis redis, String channel, Consumer<String> notices, Runnable resubscribed) {
        this.redis = redis;
        this.channel = channel;
        this.notices = notices;
        this.resubscribed = resubscribed;
        this.thread =
                Thread.ofPlatform().name("hookshot-outcome-subscriber").daemon().unstarted(this::run);
    }

    /**
     * Starts the subscription unless it runs, and waits at most {@code atMost} for it to be in place (so the first
     * notices are not published before it); past that the outcome records' reads make up for what it misses.
     */
    void start(Duration atMost) {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
        try {
            if (!subscribed.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("outcome subscription to {} not in place after {}; relying on status reads", channel, atMost);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean again = false;
        while (!stopping) {
            boolean reconnect = again;
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onMessage(String from, String message) {
                    notices.accept(message);
                }

                @Override
                public void onSubscribe(String to, int count) {
                    subscribed.countDown();
                    if (stopping) {
                        unsubscribe();
                    } else if (reconnect) {
                        LOG.info("outcome subscription to {} in place again", channel);
                        resubscribed.run();
                    }
                }
            };
            current = pubSub;
            try {
                redis.subscribe(pubSub, channel);
                backoff = FIRST_BACKOFF;
            } catch (JedisException e) {
                if (!stopping) {
                    LOG.warn(
                            "outcome subscription to {} lost; subscribing again in {}: {}",
                            channel,
                            backoff,
                            e.toString());
                }
            }
            again = true;
            if (!stopping) {
                LockSupport.parkNanos(backoff.toNanos());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Ends the subscription and waits up to a second for its thread. */
    @Override
    public void close() {
        stopping = true;
        JedisPubSub pubSub = current;
        if (pubSub != null && pubSub.isSubscribed()) {
            try {
                pubSub.unsubscribe();
            } catch (JedisException e) {
                LOG.debug("outcome subscription ended with an error: {}", e.toString());
            }
        }
        if (started.get()) {
            LockSupport.unpark(thread);
            try {
                thread.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
