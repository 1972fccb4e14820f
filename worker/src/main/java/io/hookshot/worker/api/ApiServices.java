package io.hookshot.worker.api;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.fanout.EndpointMirror;
import io.hookshot.worker.fanout.EndpointTestSend;
import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.HeldSeries;
import io.hookshot.worker.queue.OriginStats;
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
import org.redisson.api.RedissonClient;

/**
 * What the admin API's routes work with, for one queue (the producer's). Built once per server; every part is
 * thread-safe. The API does not own them: whoever built them closes them.
 *
 * @param replayRate the most dead letters a replay by filter re-enqueues per second unless a request asks for fewer
 * @param registry   the event model's registry: event types and endpoints
 * @param endpoints  the registry's Redis mirror, for the routes about one endpoint (they need no PostgreSQL to find it)
 * @param activity   endpoints' attempts per minute and last delivery, from the history
 * @param held       endpoints' held messages per minute, as the workers sample them into Redis
 * @param origins    URL origins' attempts, latencies and latest failure per minute, as the workers count them in Redis
 */
public record ApiServices(
        HookshotProducer producer,
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
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
    }

    /** Everything for the producer's queue, over one database and one Redisson client. */
    public static ApiServices of(
            HookshotProducer producer,
            Database database,
            RedissonClient redis,
            int replayRate,
            RegistryConfig registry) {
        String queue = producer.config().queue();
        HistorySearch search = new HistorySearch(database, queue);
        DeadLetterReplayer replayer = new DeadLetterReplayer(database, redis, producer.config());
        EventHistory events = new EventHistory(database, queue);
        Clock clock = Clock.systemUTC();
        return new ApiServices(
                producer,
                new HistoryStore(database),
                search,
                replayer,
                new BulkReplay(search, replayer),
                new DeadLetterDeletion(database, search),
                new QueueStats(redis, database, queue, producer.config().partitions()),
                new EndpointHealthReader(redis, queue, producer.config().partitions()),
                replayRate,
                Registry.of(database, redis, producer.config(), registry, clock),
                clock,
                events,
                new EndpointMirror(redis, queue),
                new EndpointRecovery(events, replayer),
                new EndpointTestSend(redis, queue, producer.config().partitions(), clock),
                new EndpointActivity(database, queue),
                new HeldSeries(redis, queue, producer.config().partitions()),
                new OriginStats(redis, queue, producer.config().partitions()));
    }
}
