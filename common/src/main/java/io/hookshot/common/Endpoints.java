package io.hookshot.common;

import java.net.URI;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The endpoint key of a target URL (its origin, {@code scheme://host:port}) and the queue partition it maps to.
 * Jobs of one endpoint share a partition, so fairness and per-endpoint caps are decided in one atomic script.
 */
public final class Endpoints {
    private Endpoints() {}

    /** {@code https://Example.com/hook} becomes {@code https://example.com:443}. */
    public static String keyOf(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The partition, in {@code [0, partitions)}, of an endpoint key. The same on every JVM and version. */
    public static int partitionOf(String endpointKey, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(endpointKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
