package io.hookshot.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * Micrometer's JVM and process meters: memory, garbage collection, threads, class loading, CPU, uptime. A registry
 * that has them already (a worker and the server in one process) is left as it is. Close to stop listening for GC
 * events.
 */
public final class JvmMeters implements AutoCloseable {
    /** A meter every binding registers; its presence means the registry has them all. */
    private static final String MARKER = "process.uptime";

    private final JvmGcMetrics gc = new JvmGcMetrics();

    private JvmMeters() {}

    public static JvmMeters bindTo(MeterRegistry registry) {
        JvmMeters meters = new JvmMeters();
        if (registry.find(MARKER).meter() != null) {
            return meters;
        }
        new JvmMemoryMetrics().bindTo(registry);
        meters.gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return meters;
    }

    @Override
    public void close() {
        gc.close();
    }
}
