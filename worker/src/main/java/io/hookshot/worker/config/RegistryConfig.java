package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.worker.http.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of the event model's registry: how many endpoints a tenant may have, how often each worker repairs
 * the registry's Redis mirror from PostgreSQL, and the networks an endpoint's address literal may name (the worker's
 * {@value WorkerConfig#ALLOWED_NETWORKS}, read here too, so that registration refuses what delivery would). Read by
 * the worker, the server and the registry commands, from environment variables ({@link #VARIABLES}). Immutable.
 *
 * @param maxEndpointsPerTenant the most endpoints one tenant may have; creating one more is refused
 * @param mirrorRepairInterval  how often a worker rewrites the mirror from PostgreSQL (also once at its start)
 * @param allowedNetworks       networks an endpoint URL's address literal may be in although it is not public
 */
public record RegistryConfig(int maxEndpointsPerTenant, Duration mirrorRepairInterval, List<Cidr> allowedNetworks) {
    public static final String MAX_ENDPOINTS_PER_TENANT = "HOOKSHOT_MAX_ENDPOINTS_PER_TENANT";
    public static final String MIRROR_REPAIR_INTERVAL = "HOOKSHOT_MIRROR_REPAIR_INTERVAL";

    public static final int DEFAULT_MAX_ENDPOINTS_PER_TENANT = 100;
    public static final Duration DEFAULT_MIRROR_REPAIR_INTERVAL = Duration.ofSeconds(60);
    /** The largest {@value #MAX_ENDPOINTS_PER_TENANT} accepted: each change rewrites the tenant's whole mirror. */
    public static final int MAX_ENDPOINTS_LIMIT = 10_000;

    /** The variables read here alone (the allowed networks are the worker's), in the README's order. */
    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(
                    MAX_ENDPOINTS_PER_TENANT,
                    Integer.toString(DEFAULT_MAX_ENDPOINTS_PER_TENANT),
                    "Most endpoints one tenant may have (1 to " + MAX_ENDPOINTS_LIMIT
                            + "); creating one more is refused"),
            new ConfigVariable(
                    MIRROR_REPAIR_INTERVAL,
                    Durations.format(DEFAULT_MIRROR_REPAIR_INTERVAL),
                    "How often each worker rewrites the registry's Redis mirror from PostgreSQL (and once at its start); 0: never, for a mirror another system writes"));

    public RegistryConfig {
        if (maxEndpointsPerTenant < 1 || maxEndpointsPerTenant > MAX_ENDPOINTS_LIMIT) {
            throw new InvalidConfigException(MAX_ENDPOINTS_PER_TENANT + " must be from 1 to " + MAX_ENDPOINTS_LIMIT
                    + ", got " + maxEndpointsPerTenant);
        }
        Objects.requireNonNull(mirrorRepairInterval, "mirrorRepairInterval");
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    /** Reads and validates these variables; throws {@link InvalidConfigException} naming the first bad one. */
    public static RegistryConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new RegistryConfig(
                r.integer(MAX_ENDPOINTS_PER_TENANT, DEFAULT_MAX_ENDPOINTS_PER_TENANT, 1, MAX_ENDPOINTS_LIMIT),
                repairInterval(r),
                r.networks(WorkerConfig.ALLOWED_NETWORKS, WorkerConfig.DEFAULT_ALLOWED_NETWORKS));
    }

    /** Whether workers repair the mirror: not when the interval is 0 (a mirror another system writes). */
    public boolean repairsMirror() {
        return !mirrorRepairInterval.isZero();
    }

    private static Duration repairInterval(EnvReader r) {
        Duration interval = r.duration(MIRROR_REPAIR_INTERVAL, DEFAULT_MIRROR_REPAIR_INTERVAL, Duration.ZERO);
        if (!interval.isZero() && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigException(MIRROR_REPAIR_INTERVAL + " must be 0 (off) or at least 1s, got '"
                    + Durations.format(interval) + "'");
        }
        return interval;
    }

    /** Every default, with the given allowed networks (tests, tools). */
    public static RegistryConfig defaults(List<Cidr> allowedNetworks) {
        return new RegistryConfig(DEFAULT_MAX_ENDPOINTS_PER_TENANT, DEFAULT_MIRROR_REPAIR_INTERVAL, allowedNetworks);
    }
}
