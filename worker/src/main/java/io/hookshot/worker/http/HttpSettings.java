package io.hookshot.worker.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the worker's HTTP client behaves. Immutable; every default is a {@code DEFAULT_*} constant.
 *
 * @param connectTimeout       how long to wait for a TCP (and TLS) connection; at most {@code requestTimeout}
 * @param requestTimeout       the hard deadline for a whole attempt, connect to last body byte read
 * @param maxConnections       the connection pool size, in all and per receiver
 * @param maxResponseBodyBytes how much of a response body to read and keep; the rest is never read
 * @param userAgent            the {@code user-agent} sent with every request
 * @param allowedNetworks      networks the SSRF guard lets requests go to although their addresses are blocked
 *                             (loopback, private...); empty: only public addresses are reached
 */
public record HttpSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int maxConnections,
        int maxResponseBodyBytes,
        String userAgent,
        List<Cidr> allowedNetworks) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final int DEFAULT_MAX_RESPONSE_BODY_BYTES = 64 * 1024;
    /** {@code Hookshot/<version>}, the version from the jar manifest's {@code Implementation-Version}, else "dev". */
    public static final String DEFAULT_USER_AGENT = "Hookshot/" + version();
    /** None: the SSRF guard lets requests reach public addresses only. */
    public static final List<Cidr> DEFAULT_ALLOWED_NETWORKS = List.of();

    /** The longest deadline accepted: anything longer defeats the point of a deadline. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    /** The largest response body limit accepted, so that a misconfiguration cannot exhaust the heap. */
    public static final int MAX_RESPONSE_BODY_LIMIT = 16 * 1024 * 1024;

    public HttpSettings {
        requireTimeout("connectTimeout", connectTimeout);
        requireTimeout("requestTimeout", requestTimeout);
        if (connectTimeout.compareTo(requestTimeout) > 0) {
            throw new IllegalArgumentException("connectTimeout (" + connectTimeout
                    + ") must not be longer than requestTimeout (" + requestTimeout + ")");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxResponseBodyBytes < 0 || maxResponseBodyBytes > MAX_RESPONSE_BODY_LIMIT) {
            throw new IllegalArgumentException(
                    "maxResponseBodyBytes must be 0 to " + MAX_RESPONSE_BODY_LIMIT + ", got " + maxResponseBodyBytes);
        }
        Objects.requireNonNull(userAgent, "userAgent");
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("userAgent must be non-blank printable text, got '" + userAgent + "'");
        }
        allowedNetworks = List.copyOf(Objects.requireNonNull(allowedNetworks, "allowedNetworks"));
    }

    /** All defaults. */
    public static HttpSettings defaults() {
        return new HttpSettings(
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_RESPONSE_BODY_BYTES,
                DEFAULT_USER_AGENT,
                DEFAULT_ALLOWED_NETWORKS);
    }

    private static void requireTimeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    name + " must be more than 0 and at most " + MAX_TIMEOUT + ", got " + timeout);
        }
    }

    private static String version() {
        String version = HttpSettings.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
