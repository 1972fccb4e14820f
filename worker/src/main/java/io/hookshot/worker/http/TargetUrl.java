package io.hookshot.worker.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.core5.http.HttpHost;

/**
 * Checks that a URL can be posted to before any connection is tried: a job's URL before its attempt, an endpoint's
 * when it is registered. Thread-safe (stateless).
 */
public final class TargetUrl {
    private TargetUrl() {}

    /** What makes {@code url} unusable for a webhook, or empty when it is fine. Never repeats user info. */
    public static Optional<String> problemWith(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of("url must be absolute http or https, got scheme '" + url.getScheme() + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.of("url has no valid host name");
        }
        if (url.getPort() == 0 || url.getPort() > 65_535) {
            return Optional.of("url port " + url.getPort() + " is not 1 to 65535");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("url carries user info (credentials), which is not sent; use a header instead");
        }
        try {
            HttpHost.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("url is not usable: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * When {@code url}'s host is an address literal ({@code 10.0.0.5}, {@code [fe80::1]}, or a number in
     * {@link InetAton inet_aton notation} like {@code 0x7f.1}) that the SSRF guard would refuse to connect to, what
     * makes it so; empty for a host name (checked when it is resolved, at each attempt) and for a literal that is
     * public or inside {@code allowedNetworks}. Never resolves a name or connects.
     */
    public static Optional<String> blockedAddress(URI url, List<Cidr> allowedNetworks) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> literal = host.startsWith("[") && host.endsWith("]")
                ? ipv6(host.substring(1, host.length() - 1))
                : InetAton.read(host);
        return literal.filter(address -> !AddressClassifier.reachable(address, allowedNetworks))
                .map(address -> "url host " + host + " is a "
                        + AddressClassifier.classify(address).description() + " address, which webhooks may not reach");
    }

    private static Optional<InetAddress> ipv6(String literal) {
        try {
            return Optional.of(InetAddress.getByName(literal)); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
