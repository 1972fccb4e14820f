package io.hookshot.worker.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation, like {@code 10.0.0.0/8} or {@code fd00::/8}. Immutable.
 *
 * <p>Parsing never touches the network: the address part must be an IP literal (a canonical dotted quad for IPv4,
 * a text form with colons for IPv6), never a host name. An IPv4 network contains only IPv4 addresses and an IPv6
 * network only IPv6 ones.
 *
 * @param network      the lowest address of the network; its host bits are zero
 * @param prefixLength how many leading bits are fixed: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", got " + prefixLength);
        }
        byte[] bytes = network.getAddress();
        if (!Arrays.equals(bytes, masked(bytes, prefixLength))) {
            throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                    + " has host bits set; the network is " + text(masked(bytes, prefixLength)) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code ::1/128}, or a bare address (a network of one: {@code /32} or
     * {@code /128}). Surrounding white space is ignored.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = literal(address, trimmed);
        int bits = network.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(network, bits);
        }
        String prefix = trimmed.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a CIDR network: the prefix length '" + prefix
                    + "' is not a number from 0 to " + bits);
        }
        try {
            return new Cidr(network, Integer.parseInt(prefix));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a CIDR network: " + e.getMessage(), e);
        }
    }

    /** Whether {@code address} lies in this network; always false for an address of the other IP version. */
    public boolean contains(InetAddress address) {
        byte[] candidate = Objects.requireNonNull(address, "address").getAddress();
        byte[] base = network.getAddress();
        return candidate.length == base.length && matches(base, candidate, prefixLength);
    }

    /** The CIDR text, like {@code 10.0.0.0/8}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress literal(String address, String whole) {
        if (IPV4.matcher(address).matches()) {
            String[] octets = address.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(octets[i]);
            }
            return address(bytes);
        }
        if (!IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + whole + "' is not a CIDR network: '" + address
                    + "' is not an IPv4 address like 10.0.0.0 or an IPv6 address like fd00::");
        }
        try {
            // Hex digits and colons only, starting with either: InetAddress parses it as a literal or refuses it,
            // and never asks DNS.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet4Address) {
                throw new IllegalArgumentException("'" + whole
                        + "' is not a CIDR network: write an IPv4-mapped network as the IPv4 network itself");
            }
            return parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "'" + whole + "' is not a CIDR network: '" + address + "' is not a valid IPv6 address", e);
        }
    }

    private static byte[] masked(byte[] bytes, int prefixLength) {
        byte[] result = bytes.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.clamp(prefixLength - i * 8L, 0, 8);
            result[i] &= (byte) (0xff00 >> keep);
        }
        return result;
    }

    private static boolean matches(byte[] a, byte[] b, int prefixLength) {
        return Arrays.equals(masked(a, prefixLength), masked(b, prefixLength));
    }

    private static String text(byte[] bytes) {
        return address(bytes).getHostAddress();
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }
}
