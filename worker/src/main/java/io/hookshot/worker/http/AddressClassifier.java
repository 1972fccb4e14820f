package io.hookshot.worker.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Says what kind of address an {@link InetAddress} is, for the SSRF guard. A pure function of the address bytes: it
 * never resolves or connects. Thread-safe (stateless).
 *
 * <ol>
 *   <li>IPv4: the first matching range of {@link #IPV4} gives the category, else {@link AddressCategory#PUBLIC}.</li>
 *   <li>IPv6 carrying an IPv4 address is classified by that IPv4 address: IPv4-mapped {@code ::ffff:0:0/96},
 *       IPv4-compatible {@code ::/96} (but {@code ::} and {@code ::1}), NAT64 {@code 64:ff9b::/96}, 6to4
 *       {@code 2002::/16} and the client of Teredo {@code 2001::/32}.</li>
 *   <li>Other IPv6: the first matching range of {@link #IPV6}; else {@link AddressCategory#PUBLIC} inside global
 *       unicast {@code 2000::/3}, {@link AddressCategory#RESERVED} outside it.</li>
 * </ol>
 */
public final class AddressClassifier {

    /** One range and what addresses in it are. */
    private record Range(Cidr network, AddressCategory category) {
        static Range of(String cidr, AddressCategory category) {
            return new Range(Cidr.parse(cidr), category);
        }
    }

    /** IPv4 special-purpose ranges (IANA registry), specific ones first. */
    private static final List<Range> IPV4 = List.of(
            Range.of("169.254.169.254/32", AddressCategory.CLOUD_METADATA), // AWS, GCP, Azure, OCI, DigitalOcean...
            Range.of("169.254.170.2/32", AddressCategory.CLOUD_METADATA), // AWS ECS task metadata
            Range.of("169.254.170.23/32", AddressCategory.CLOUD_METADATA), // AWS EKS pod identity
            Range.of("100.100.100.200/32", AddressCategory.CLOUD_METADATA), // Alibaba Cloud
            Range.of("0.0.0.0/8", AddressCategory.UNSPECIFIED),
            Range.of("10.0.0.0/8", AddressCategory.PRIVATE),
            Range.of("100.64.0.0/10", AddressCategory.CGNAT),
            Range.of("127.0.0.0/8", AddressCategory.LOOPBACK),
            Range.of("169.254.0.0/16", AddressCategory.LINK_LOCAL),
            Range.of("172.16.0.0/12", AddressCategory.PRIVATE),
            Range.of("192.0.0.0/24", AddressCategory.RESERVED), // IETF protocol assignments
            Range.of("192.0.2.0/24", AddressCategory.DOCUMENTATION),
            Range.of("192.88.99.0/24", AddressCategory.RESERVED), // deprecated 6to4 relay anycast
            Range.of("192.168.0.0/16", AddressCategory.PRIVATE),
            Range.of("198.18.0.0/15", AddressCategory.BENCHMARKING),
            Range.of("198.51.100.0/24", AddressCategory.DOCUMENTATION),
            Range.of("203.0.113.0/24", AddressCategory.DOCUMENTATION),
            Range.of("224.0.0.0/4", AddressCategory.MULTICAST),
            Range.of("255.255.255.255/32", AddressCategory.BROADCAST),
            Range.of("240.0.0.0/4", AddressCategory.RESERVED));

    /** IPv6 special-purpose ranges without an embedded IPv4 address, specific ones first. */
    private static final List<Range> IPV6 = List.of(
            Range.of("::/128", AddressCategory.UNSPECIFIED),
            Range.of("::1/128", AddressCategory.LOOPBACK),
            Range.of("fd00:ec2::254/128", AddressCategory.CLOUD_METADATA), // AWS instance metadata over IPv6
            Range.of("fd00:ec2::23/128", AddressCategory.CLOUD_METADATA), // AWS EKS pod identity over IPv6
            Range.of("64:ff9b:1::/48", AddressCategory.RESERVED), // local-use NAT64
            Range.of("100::/64", AddressCategory.RESERVED), // discard-only
            Range.of("2001:2::/48", AddressCategory.BENCHMARKING),
            Range.of("2001:10::/28", AddressCategory.RESERVED), // ORCHID (deprecated)
            Range.of("2001:20::/28", AddressCategory.RESERVED), // ORCHIDv2
            Range.of("2001:db8::/32", AddressCategory.DOCUMENTATION),
            Range.of("3fff::/20", AddressCategory.DOCUMENTATION),
            Range.of("fc00::/7", AddressCategory.UNIQUE_LOCAL),
            Range.of("fe80::/10", AddressCategory.LINK_LOCAL),
            Range.of("fec0::/10", AddressCategory.PRIVATE), // site-local (deprecated)
            Range.of("ff00::/8", AddressCategory.MULTICAST));

    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");

    private AddressClassifier() {}

    /** The category of {@code address}; only {@link AddressCategory#PUBLIC} is not {@link AddressCategory#blocked()}. */
    public static AddressCategory classify(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return address instanceof Inet4Address ? classifyIpv4(address) : classifyIpv6(address);
    }

    /**
     * Whether the SSRF guard lets a request reach {@code address}: it is {@link AddressCategory#PUBLIC}, or inside one
     * of {@code allowedNetworks} (the worker's {@code HOOKSHOT_ALLOWED_NETWORKS}).
     */
    public static boolean reachable(InetAddress address, List<Cidr> allowedNetworks) {
        return !classify(address).blocked() || allowedNetworks.stream().anyMatch(network -> network.contains(address));
    }

    private static AddressCategory classifyIpv4(InetAddress address) {
        return firstMatch(IPV4, address, AddressCategory.PUBLIC);
    }

    private static AddressCategory classifyIpv6(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (isIpv4Mapped(bytes)
                || NAT64.contains(address)
                || IPV4_COMPATIBLE.contains(address) && !isUnspecifiedOrLoopback(address)) {
            return classifyIpv4(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return classifyIpv4(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        if (TEREDO.contains(address)) {
            byte[] client = Arrays.copyOfRange(bytes, 12, 16); // stored with every bit flipped
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return classifyIpv4(ipv4(client));
        }
        return firstMatch(
                IPV6, address, GLOBAL_UNICAST.contains(address) ? AddressCategory.PUBLIC : AddressCategory.RESERVED);
    }

    /**
     * {@code ::ffff:0:0/96}. Java turns such addresses into {@link Inet4Address}es when it parses or resolves them,
     * but an {@link java.net.Inet6Address} built from raw bytes can still hold one (and no {@link Cidr} can: its
     * text parses as IPv4).
     */
    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static boolean isUnspecifiedOrLoopback(InetAddress address) {
        return address.isAnyLocalAddress() || address.isLoopbackAddress();
    }

    private static AddressCategory firstMatch(List<Range> ranges, InetAddress address, AddressCategory otherwise) {
        for (Range range : ranges) {
            if (range.network().contains(address)) {
                return range.category();
            }
        }
        return otherwise;
    }

    private static InetAddress ipv4(byte[] fourBytes) {
        try {
            return InetAddress.getByAddress(fourBytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
