package io.hookshot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF guard's address table. Classification only: every address is a literal, nothing is resolved or sent. */
class AddressClassifierTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // public, including the neighbours of blocked ranges
        "8.8.8.8,                 PUBLIC",
        "1.1.1.1,                 PUBLIC",
        "93.184.216.34,           PUBLIC",
        "9.255.255.255,           PUBLIC",
        "11.0.0.0,                PUBLIC",
        "100.63.255.255,          PUBLIC",
        "100.128.0.0,             PUBLIC",
        "126.255.255.255,         PUBLIC",
        "128.0.0.0,               PUBLIC",
        "169.253.255.255,         PUBLIC",
        "169.255.0.0,             PUBLIC",
        "172.15.255.255,          PUBLIC",
        "172.32.0.0,              PUBLIC",
        "192.0.1.255,             PUBLIC",
        "192.167.255.255,         PUBLIC",
        "192.169.0.0,             PUBLIC",
        "198.17.255.255,          PUBLIC",
        "198.20.0.0,              PUBLIC",
        "223.255.255.255,         PUBLIC",
        "2606:4700::1111,         PUBLIC",
        "2001:4860:4860::8888,    PUBLIC",
        "2a00:1450:4001:81b::200e, PUBLIC",
        "::ffff:8.8.8.8,          PUBLIC",
        "64:ff9b::808:808,        PUBLIC",
        "2002:808:808::,          PUBLIC",
        // loopback
        "127.0.0.1,               LOOPBACK",
        "127.255.255.254,         LOOPBACK",
        "127.0.1.1,               LOOPBACK",
        "::1,                     LOOPBACK",
        // private, carrier-grade NAT
        "10.0.0.1,                PRIVATE",
        "10.255.255.255,          PRIVATE",
        "172.16.0.1,              PRIVATE",
        "172.31.255.255,          PRIVATE",
        "192.168.1.1,             PRIVATE",
        "fec0::1,                 PRIVATE",
        "100.64.0.1,              CGNAT",
        "100.127.255.255,         CGNAT",
        // link-local and cloud metadata
        "169.254.0.1,             LINK_LOCAL",
        "169.254.255.255,         LINK_LOCAL",
        "fe80::1,                 LINK_LOCAL",
        "febf:ffff::1,            LINK_LOCAL",
        "169.254.169.254,         CLOUD_METADATA",
        "169.254.170.2,           CLOUD_METADATA",
        "100.100.100.200,         CLOUD_METADATA",
        "fd00:ec2::254,           CLOUD_METADATA",
        // multicast, broadcast, unspecified
        "224.0.0.1,               MULTICAST",
        "239.255.255.250,         MULTICAST",
        "ff02::1,                 MULTICAST",
        "ff0e::1,                 MULTICAST",
        "255.255.255.255,         BROADCAST",
        "0.0.0.0,                 UNSPECIFIED",
        "0.1.2.3,                 UNSPECIFIED",
        "::,                      UNSPECIFIED",
        // unique-local, documentation, benchmarking, reserved
        "fc00::1,                 UNIQUE_LOCAL",
        "fd12:3456:789a::1,       UNIQUE_LOCAL",
        "192.0.2.1,               DOCUMENTATION",
        "198.51.100.1,            DOCUMENTATION",
        "203.0.113.1,             DOCUMENTATION",
        "2001:db8::1,             DOCUMENTATION",
        "3fff::1,                 DOCUMENTATION",
        "198.18.0.1,              BENCHMARKING",
        "198.19.255.255,          BENCHMARKING",
        "2001:2::1,               BENCHMARKING",
        "240.0.0.1,               RESERVED",
        "255.255.255.254,         RESERVED",
        "192.0.0.8,               RESERVED",
        "100::1,                  RESERVED",
        "4000::1,                 RESERVED",
        // IPv6 carrying an IPv4 address: classified by that address
        "::ffff:127.0.0.1,        LOOPBACK",
        "::ffff:10.0.0.1,         PRIVATE",
        "::ffff:169.254.169.254,  CLOUD_METADATA",
        "::127.0.0.1,             LOOPBACK",
        "::10.0.0.1,              PRIVATE",
        "::0.0.0.2,               UNSPECIFIED",
        "64:ff9b::a00:1,          PRIVATE",
        "64:ff9b::7f00:1,         LOOPBACK",
        "64:ff9b::a9fe:a9fe,      CLOUD_METADATA",
        "64:ff9b:1::a00:1,        RESERVED",
        "2002:c0a8:0101::,        PRIVATE",
        "2002:7f00:1::1,          LOOPBACK",
        "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe, PRIVATE",
    })
    void classifiesByTheRangeTheAddressIsIn(String literal, AddressCategory expected) throws UnknownHostException {
        InetAddress address = literal(literal);

        assertThat(AddressClassifier.classify(address)).isEqualTo(expected);
        assertThat(expected.blocked()).isEqualTo(expected != AddressCategory.PUBLIC);
    }

    @Test
    void anIpv4MappedAddressHeldAsIpv6IsClassifiedByItsIpv4Address() throws UnknownHostException {
        // Java's parser turns ::ffff:a.b.c.d into an Inet4Address; raw bytes can still make an Inet6Address of it.
        assertThat(AddressClassifier.classify(mapped(127, 0, 0, 1))).isEqualTo(AddressCategory.LOOPBACK);
        assertThat(AddressClassifier.classify(mapped(192, 168, 0, 1))).isEqualTo(AddressCategory.PRIVATE);
        assertThat(AddressClassifier.classify(mapped(8, 8, 4, 4))).isEqualTo(AddressCategory.PUBLIC);
    }

    @Test
    void onlyPublicIsNotBlocked() {
        for (AddressCategory category : AddressCategory.values()) {
            assertThat(category.blocked()).as("%s", category).isEqualTo(category != AddressCategory.PUBLIC);
            assertThat(category.description()).isNotBlank();
        }
    }

    /** An IP literal: a dotted quad or text with colons, which {@link InetAddress} parses without any lookup. */
    static InetAddress literal(String text) throws UnknownHostException {
        assertThat(text).as("an IP literal").matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
        return InetAddress.getByName(text);
    }

    private static Inet6Address mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        return Inet6Address.getByAddress(null, bytes, (NetworkInterface) null);
    }
}
