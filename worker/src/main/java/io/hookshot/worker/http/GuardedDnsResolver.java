package io.hookshot.worker.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The SSRF guard: the HTTP client's resolver, consulted for every new connection (IP literals included), whose
 * answer is exactly the set of addresses the client then connects to. Checking here, on the resolved addresses,
 * means a name that resolves to a private address, or that is re-bound to one after an earlier check, is refused
 * all the same.
 *
 * <ol>
 *   <li>A host spelled as a number in {@link InetAton inet_aton notation} ({@code 0177.0.0.1}, {@code 0x7f.1},
 *       {@code 2130706433}) is refused when that reading is blocked, whatever Java makes of the spelling.</li>
 *   <li>Resolve with the wrapped resolver.</li>
 *   <li>Keep the addresses that are {@link AddressCategory#PUBLIC} or inside an allowed network.</li>
 *   <li>None kept: throw {@link BlockedAddressException} naming each address and its category. Otherwise return
 *       only the kept ones: a blocked address is never tried, not even as a fallback.</li>
 * </ol>
 *
 * <p>Thread-safe when the wrapped resolver is.
 */
final class GuardedDnsResolver implements DnsResolver {
    private final DnsResolver resolver;
    private final List<Cidr> allowedNetworks;

    GuardedDnsResolver(DnsResolver resolver, List<Cidr> allowedNetworks) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.allowedNetworks = List.copyOf(allowedNetworks);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        Optional<InetAddress> numeric = InetAton.read(host);
        if (numeric.isPresent() && !allowed(numeric.get())) {
            throw new BlockedAddressException(host, Map.of(numeric.get(), AddressClassifier.classify(numeric.get())));
        }
        InetAddress[] resolved = resolver.resolve(host);
        if (resolved == null || resolved.length == 0) {
            throw new UnknownHostException(host + ": no address");
        }
        List<InetAddress> kept = new ArrayList<>();
        Map<InetAddress, AddressCategory> refused = new LinkedHashMap<>();
        for (InetAddress address : resolved) {
            if (allowed(address)) {
                kept.add(address);
            } else {
                refused.put(address, AddressClassifier.classify(address));
            }
        }
        if (kept.isEmpty()) {
            throw new BlockedAddressException(host, refused);
        }
        return kept.toArray(InetAddress[]::new);
    }

    /** The same check as {@link #resolve(String)}: the client connects to exactly these socket addresses. */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host))
                .map(address -> new InetSocketAddress(address, port))
                .toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolver.resolveCanonicalHostname(host);
    }

    private boolean allowed(InetAddress address) {
        return AddressClassifier.reachable(address, allowedNetworks);
    }
}
