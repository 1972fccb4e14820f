package io.hookshot.spring;

import io.hookshot.producer.outbox.OutboxRelay;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;

/**
 * Runs an {@link OutboxRelay} while the application context runs: started once every bean is ready (the outbox table
 * made by the application's migrations included), stopped, after its batch in progress, before the beans it uses (the
 * producer, the DataSource) are closed. A relay runs once: a context stopped and started again does not restart it.
 * Thread-safe.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {
    private final OutboxRelay relay;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    public OutboxRelayLifecycle(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            relay.start();
            running.set(true);
        }
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            relay.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
