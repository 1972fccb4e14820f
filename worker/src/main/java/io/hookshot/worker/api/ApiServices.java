package io.hookshot.worker.api;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.fanout.EndpointMirror;
import io.hookshot.worker.fanout.EndpointTestSend;
import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.HeldSeries;
import io.hookshot.worker.queue.OriginStats;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.registry.Registry;
import io.hookshot.worker.replay.BulkReplay;
import io.hookshot.worker.replay.DeadLetterDeletion;
import io.hookshot.worker.replay.DeadLetterReplayer;
import io.hookshot.worker.replay.EndpointRecovery;
import io.hookshot.worker.stats.QueueStats;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.EndpointActivity;
import io.hookshot.worker.store.EventHistory;
import io.hookshot.worker.store.HistorySearch;
import io.hookshot.worker.store.HistoryStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.redisson.api.RedissonClient;

/**
 * What the admin API's routes work with, for one queue (the producer's). Built once per server; every part is
 * thread-safe. The API does not own them: whoever built them closes them.
 *
 * @param producerConfig the queue's settings: its name, partitions and the limits a message must keep
 * @param sender         the producer the routes that send and publish use; empty for the admin commands, which never
 *                       send (so they open no producer connection)
 * @param replayRate     the most dead letters a replay by filter re-enqueues per second unless a request asks for fewer
 * @param registry       the event model's registry: event types and endpoints
 * @param endpoints      the registry's Redis mirror, for the routes about one endpoint (they need no PostgreSQL to find
 *                       it)
 * @param activity       endpoints' attempts per minute and last delivery, from the history
 * @param held           endpoints' held messages per minute, as the workers sample them into Redis
 * @param origins        URL origins' attempts, latencies and latest failure per minute, as the workers count them in
 *                       Redis
 */
public record ApiServices(
        ProducerConfig producerConfig,
        Optional<HookshotProducer> sender,
        HistoryStore history,
        HistorySearch search,
        DeadLetterReplayer replayer,
        BulkReplay bulkReplay,
        DeadLetterDeletion deletion,
        QueueStats stats,
        EndpointHealthReader endpointHealth,
        int replayRate,
        Registry registry,
        Clock clock,
        EventHistory events,
        EndpointMirror endpoints,
        EndpointRecovery recovery,
        EndpointTestSend testSend,
        EndpointActivity activity,
        HeldSeries held,
        OriginStats origins) {
    public ApiServices {
        Objects.requireNonNull(producerConfig, "producerConfig");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
    }

    /** Everything for the producer's queue, over one database and one Redisson client, sending through it. */
    public static ApiServices of(
            HookshotProducer producer,
            Database database,
            RedissonClient redis,
            int replayRate,
            RegistryConfig registry) {
        return build(producer.config(), Optional.of(producer), database, redis, replayRate, registry);
    }

    /**
     * Everything but sending, for the queue {@code config} names: what the admin commands use. Replays and test sends
     * still enqueue, so the queue's partition count is checked as a producer checks it.
     *
     * @throws IllegalStateException when the queue was set up with a different number of partitions
     */
    public static ApiServices withoutSending(
            ProducerConfig config, Database database, RedissonClient redis, int replayRate, RegistryConfig registry) {
        RedisJobQueue.requireSamePartitionCount(redis, config.queue(), config.partitions());
        return build(config, Optional.empty(), database, redis, replayRate, registry);
    }

    /**
     * The producer the send and publish routes use.
     *
     * @throws IllegalStateException when these services were built {@linkplain #withoutSending without} one
     */
    public HookshotProducer producer() {
        return sender.orElseThrow(
                () -> new IllegalStateException("these services were built without a producer: they do not send"));
    }

    private static ApiServices build(
            ProducerConfig config,
            Optional<HookshotProducer> sender,
            Database database,
            RedissonClient redis,
            int replayRate,
            RegistryConfig registry) {
        String queue = config.queue();
        HistorySearch search = new HistorySearch(database, queue);
        DeadLetterReplayer replayer = new DeadLetterReplayer(database, redis, config);
        EventHistory events = new EventHistory(database, queue);
        Clock clock = Clock.systemUTC();
        return new ApiServices(
                config,
                sender,
                new HistoryStore(database),
                search,
                replayer,
                new BulkReplay(search, replayer),
                new DeadLetterDeletion(database, search),
                new QueueStats(redis, database, queue, config.partitions()),
                new EndpointHealthReader(redis, queue, config.partitions()),
                replayRate,
                Registry.of(database, redis, config, registry, clock),
                clock,
                events,
                new EndpointMirror(redis, queue),
                new EndpointRecovery(events, replayer),
                new EndpointTestSend(redis, queue, config.partitions(), clock),
                new EndpointActivity(database, queue),
                new HeldSeries(redis, queue, config.partitions()),
                new OriginStats(redis, queue, config.partitions()));
    }
}
