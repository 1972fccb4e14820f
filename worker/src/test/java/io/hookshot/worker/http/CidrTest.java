package io.hookshot.worker.http;

import static io.hookshot.worker.http.AddressClassifierTest.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8,        10.0.0.0,        true",
        "10.0.0.0/8,        10.255.255.255,  true",
        "10.0.0.0/8,        11.0.0.0,        false",
        "10.0.0.0/8,        9.255.255.255,   false",
        "172.16.0.0/12,     172.31.255.255,  true",
        "172.16.0.0/12,     172.32.0.0,      false",
        "127.0.0.0/8,       127.0.0.1,       true",
        "127.0.0.0/8,       ::1,             false",
        "127.0.0.0/8,       ::ffff:127.0.0.1, true",
        "127.0.0.1,         127.0.0.1,       true",
        "127.0.0.1,         127.0.0.2,       false",
        "0.0.0.0/0,         203.0.113.7,     true",
        "0.0.0.0/0,         2001:db8::1,     false",
        "::/0,              2001:db8::1,     true",
        "::/0,              8.8.8.8,         false",
        "::1/128,           ::1,             true",
        "::1/128,           ::2,             false",
        "fd00::/8,          fdff:ffff::1,    true",
        "fd00::/8,          fe00::1,         false",
        "2001:db8::/33,     2001:db8:7fff::1, true",
        "2001:db8::/33,     2001:db8:8000::1, false",
    })
    void containsExactlyTheAddressesUnderItsPrefix(String cidr, String address, boolean expected)
            throws UnknownHostException {
        assertThat(Cidr.parse(cidr).contains(literal(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({
        "10.0.0.0/8,      10.0.0.0/8",
        "' 10.0.0.0/8 ',  10.0.0.0/8",
        "192.168.1.1,     192.168.1.1/32",
        "::1,             0:0:0:0:0:0:0:1/128",
        "fd00::/8,        fd00:0:0:0:0:0:0:0/8",
        "0.0.0.0/0,       0.0.0.0/0",
    })
    void parsesAndPrintsTheCanonicalForm(String text, String printed) {
        Cidr cidr = Cidr.parse(text);

        assertThat(cidr).hasToString(printed);
        assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "10.0.0.1/8          | has host bits set; the network is 10.0.0.0/8",
                "fd00::1/8           | has host bits set; the network is fd00:0:0:0:0:0:0:0/8",
                "10.0.0.0/33         | prefix length must be 0 to 32, got 33",
                "::/129              | prefix length must be 0 to 128, got 129",
                "10.0.0.0/-1         | the prefix length '-1' is not a number from 0 to 32",
                "10.0.0.0/           | the prefix length '' is not a number",
                "10.0.0.0/8/8        | the prefix length '8/8' is not a number",
                "/8                  | '' is not an IPv4 address",
                "10.0.0/8            | '10.0.0' is not an IPv4 address",
                "010.0.0.0/8         | '010.0.0.0' is not an IPv4 address",
                "256.0.0.0/8         | '256.0.0.0' is not an IPv4 address",
                "0x7f.0.0.0/8        | '0x7f.0.0.0' is not an IPv4 address",
                "localhost/8         | 'localhost' is not an IPv4 address",
                "example.com         | 'example.com' is not an IPv4 address",
                "gg::/16             | 'gg::' is not an IPv4 address",
                ":::/16              | ':::' is not a valid IPv6 address",
                "1:2:3:4:5:6:7:8:9   | is not a valid IPv6 address",
                "::ffff:10.0.0.0/104 | write an IPv4-mapped network as the IPv4 network itself",
            })
    void refusesAnythingButAnIpLiteralAndAPrefixThatFits(String text, String problem) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a CIDR network")
                .hasMessageContaining(problem);
    }

    @Test
    void aNetworkWithHostBitsIsRefusedWhenBuiltDirectly() throws UnknownHostException {
        assertThatThrownBy(() -> new Cidr(literal("192.168.1.1"), 16))
                .hasMessage("192.168.1.1/16 has host bits set; the network is 192.168.0.0/16");
        assertThat(new Cidr(literal("192.168.0.0"), 16).contains(literal("192.168.255.255")))
                .isTrue();
    }
}
