package io.hookshot.worker.http;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.core5.http.HttpHost;

/** Checks that a job's URL can be posted to before any connection is tried. Thread-safe (stateless). */
final class TargetUrl {
    private TargetUrl() {
    }

    /** What makes {@code url} unusable for a webhook, or empty when it is fine. Never repeats user info. */
    static Optional<String> problemWith(URI url) {
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
}
