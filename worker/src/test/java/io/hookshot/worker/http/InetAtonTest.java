package io.hookshot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Host spellings read as inet_aton(3) reads them. Pure: nothing is resolved. */
class InetAtonTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.1,          127.0.0.1",
        "127.1,              127.0.0.1",
        "127.0.1,            127.0.0.1",
        "2130706433,         127.0.0.1",
        "0x7f000001,         127.0.0.1",
        "0X7F000001,         127.0.0.1",
        "0x7f.1,             127.0.0.1",
        "0x7f.0x0.0x0.0x1,   127.0.0.1",
        "0177.0.0.1,         127.0.0.1",
        "0177.1,             127.0.0.1",
        "017700000001,       127.0.0.1",
        "00000000177.0.0.1,  127.0.0.1",
        "127.000.000.001,    127.0.0.1",
        "0,                  0.0.0.0",
        "0x,                 0.0.0.0",
        "10.1,               10.0.0.1",
        "012.0.0.1,          10.0.0.1",
        "167772161,          10.0.0.1",
        "0xa9.0xfe.0xa9.0xfe, 169.254.169.254",
        "2852039166,         169.254.169.254",
        "4294967295,         255.255.255.255",
        "8.8.8.8,            8.8.8.8",
        "134744072,          8.8.8.8",
    })
    void readsEverySpellingInetAtonAccepts(String host, String address) throws Exception {
        assertThat(InetAton.read(host)).contains(InetAddress.getByAddress(bytes(address)));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "localhost",
                "example.com",
                "1.2.3.4.5",
                "256.0.0.1",
                "1.256.0.1",
                "1.2.65536",
                "4294967296",
                "0x100000000",
                "09.0.0.1",
                "08",
                "0xg",
                "1..2",
                ".1.2.3",
                "1.2.3.",
                "",
                "-1",
                "+1",
                "1.2.3.-4",
                "1e3",
                "[::1]",
                "::1",
                "0x7f.1.example",
                "١٢٧.0.0.1"
            })
    void otherHostNamesAreNotNumbers(String host) {
        assertThat(InetAton.read(host)).isEmpty();
    }

    private static byte[] bytes(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }
}
