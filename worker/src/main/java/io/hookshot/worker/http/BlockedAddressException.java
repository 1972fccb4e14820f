package io.hookshot.worker.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SSRF guard refused a host: every address it resolves to is in a blocked category and outside the allowed
 * networks, so no connection was tried. An {@link UnknownHostException} because that is what a
 * {@link org.apache.hc.client5.http.DnsResolver} may throw; {@link ErrorClass#of} tells it apart as
 * {@link ErrorClass#BLOCKED}. Immutable.
 */
public final class BlockedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    private final String host;

    @SuppressWarnings("serial") // Map is not a Serializable type, but this one is: addresses and an enum's values
    private final Map<InetAddress, AddressCategory> refused;

    /**
     * @param host    the host name as the URL gave it
     * @param refused each refused address with its category, in resolver order; not empty
     */
    BlockedAddressException(String host, Map<InetAddress, AddressCategory> refused) {
        super(message(host, refused));
        this.host = host;
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
    }

    /** The host name as the URL gave it. */
    public String host() {
        return host;
    }

    /** Each refused address with its category, in resolver order. */
    public Map<InetAddress, AddressCategory> refused() {
        return refused;
    }

    /** The first {@link BlockedAddressException} in {@code failure}'s cause chain, if any. */
    static Optional<BlockedAddressException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BlockedAddressException blocked) {
                return Optional.of(blocked);
            }
        }
        return Optional.empty();
    }

    private static String message(String host, Map<InetAddress, AddressCategory> refused) {
        Objects.requireNonNull(host, "host");
        if (refused.isEmpty()) {
            throw new IllegalArgumentException("a blocked host needs at least one refused address");
        }
        List<String> addresses = refused.entrySet().stream()
                .map(e -> e.getKey().getHostAddress() + " (" + e.getValue().description() + ")")
                .toList();
        return "refused by the SSRF guard: " + host + " is " + String.join(", ", addresses)
                + ", not a public address nor in the allowed networks";
    }
}
