package io.hookshot.worker.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads a host name the way the C library's {@code inet_aton(3)} does, and with it curl, browsers and many
 * resolvers: one to four dot-separated numbers, each decimal, octal (leading {@code 0}) or hexadecimal (leading
 * {@code 0x}), the last filling the remaining bytes. So {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1} and
 * {@code 2130706433} all read as {@code 127.0.0.1}.
 *
 * <p>Java reads some of these spellings differently ({@code 0177.0.0.1} is {@code 177.0.0.1} to
 * {@link InetAddress}) and refuses others, so the SSRF guard checks this reading too. Pure; thread-safe.
 */
final class InetAton {
    private static final int MAX_SIGNIFICANT_DIGITS = 11;

    private InetAton() {}

    /** The IPv4 address {@code host} spells in inet_aton notation, or empty when it is not such a spelling. */
    static Optional<InetAddress> read(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i]);
            boolean fits = i < parts.length - 1 ? values[i] <= 0xff : values[i] < 1L << 8 * (5 - parts.length);
            if (values[i] < 0 || !fits) {
                return Optional.empty();
            }
        }
        byte[] address = new byte[4];
        for (int i = 0; i < parts.length - 1; i++) {
            address[i] = (byte) values[i];
        }
        long last = values[parts.length - 1];
        for (int i = 3; i >= parts.length - 1; i--, last >>= 8) {
            address[i] = (byte) last;
        }
        try {
            return Optional.of(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** One part's value, or -1 when it is not a number in inet_aton notation. */
    private static long number(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0; // inet_aton reads a bare "0x" as zero
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.isEmpty() || significant.length() > MAX_SIGNIFICANT_DIGITS) {
            return -1;
        }
        for (int i = 0; i < significant.length(); i++) {
            char c = significant.charAt(i);
            if (c > 0x7f || Character.digit(c, radix) < 0) {
                return -1;
            }
        }
        return Long.parseLong(significant, radix);
    }
}
