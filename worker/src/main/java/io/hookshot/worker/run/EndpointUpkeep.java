package io.hookshot.worker.run;

import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.ops.OperationalNotifier;
import io.hookshot.worker.registry.AutoDisableSchedule;
import io.hookshot.worker.registry.Registry;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistorySchema;
import java.time.Clock;
import org.redisson.api.RedissonClient;

/**
 * A worker's periodic endpoint upkeep beside delivery, each part when configured: the auto-disable of endpoints
 * failing for {@code HOOKSHOT_DISABLE_AFTER} ({@link AutoDisableSchedule}), and the operational webhooks
 * ({@link OperationalNotifier}). Thread-safe.
 */
final class EndpointUpkeep implements AutoCloseable {
    /** Null when {@code HOOKSHOT_DISABLE_AFTER} is 0. */
    private final AutoDisableSchedule autoDisable;
    /** Null when {@code HOOKSHOT_OPERATIONAL_WEBHOOK_URL} is not set. */
    private final OperationalNotifier notifier;

    private EndpointUpkeep(AutoDisableSchedule autoDisable, OperationalNotifier notifier) {
        this.autoDisable = autoDisable;
        this.notifier = notifier;
    }

    /** Starts the parts {@code config} asks for; returns at once. */
    static EndpointUpkeep start(WorkerConfig config, Database database, RedissonClient redis, HistorySchema schema) {
        AutoDisableSchedule autoDisable = null;
        if (config.endpoints().disables()) {
            autoDisable = AutoDisableSchedule.start(
                    Registry.autoDisable(
                            database,
                            redis,
                            config.queue(),
                            config.partitions(),
                            config.registry(),
                            config.endpoints().disableAfter(),
                            Clock.systemUTC()),
                    schema);
        }
        OperationalNotifier notifier = null;
        if (config.operational().enabled()) {
            notifier = new OperationalNotifier(
                    redis,
                    config.queue(),
                    config.partitions(),
                    config.operational().url().orElseThrow(),
                    config.operational().secret().orElseThrow(),
                    config.workerId(),
                    config.lease(),
                    Clock.systemUTC());
            notifier.start(config.pollInterval());
        }
        return new EndpointUpkeep(autoDisable, notifier);
    }

    @Override
    public void close() {
        if (autoDisable != null) {
            autoDisable.close();
        }
        if (notifier != null) {
            notifier.close();
        }
    }
}
