package io.hookshot.worker.run;

import java.net.URI;
import java.util.Locale;

/**
 * A job's URL as an attempt's span shows it. Spans leave for a tracing backend that more people read than the
 * history, and webhook URLs often carry a token in the query, so {@code url.full} keeps the scheme, host, port, path
 * and query parameter names, and replaces every query value with {@value #REDACTED} (a parameter without {@code =}
 * entirely). User info and fragments never get this far: the producer refuses URLs with them. Thread-safe
 * (stateless).
 */
final class SpanUrl {
    static final String REDACTED = "REDACTED";

    private SpanUrl() {}

    /** {@code url.full}: the URL with every query value redacted. */
    static String full(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(scheme).append("://").append(serverHost(url));
        if (url.getPort() != -1) {
            out.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            out.append(url.getRawPath());
        }
        String query = url.getRawQuery();
        if (query != null) {
            out.append('?');
            String[] params = query.split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    out.append('&');
                }
                int eq = params[i].indexOf('=');
                if (eq >= 0) {
                    out.append(params[i], 0, eq + 1).append(REDACTED);
                } else if (!params[i].isEmpty()) {
                    out.append(REDACTED);
                }
            }
        }
        return out.toString();
    }

    /** {@code server.address}: the host, an IPv6 address without its brackets. */
    static String serverAddress(URI url) {
        String host = serverHost(url);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String serverHost(URI url) {
        return url.getHost() == null ? "" : url.getHost();
    }

    /** {@code server.port}: the URL's port, or its scheme's default. */
    static long serverPort(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
