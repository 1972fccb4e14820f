package io.hookshot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorClassTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new SocketTimeoutException("Read timed out"), ErrorClass.TIMEOUT),
                Arguments.of(new ConnectTimeoutException("Connect timed out"), ErrorClass.TIMEOUT),
                Arguments.of(new UnknownHostException("nonexistent.invalid"), ErrorClass.DNS),
                Arguments.of(new HttpHostConnectException("Connection refused"), ErrorClass.CONNECT),
                Arguments.of(new ConnectException("Connection refused"), ErrorClass.CONNECT),
                Arguments.of(new NoRouteToHostException("No route to host"), ErrorClass.CONNECT),
                Arguments.of(new SSLHandshakeException("PKIX path building failed"), ErrorClass.TLS),
                Arguments.of(new NoHttpResponseException("The target server failed to respond"), ErrorClass.IO),
                Arguments.of(new ConnectionClosedException("Premature end of chunk"), ErrorClass.IO),
                Arguments.of(new SocketException("Connection reset"), ErrorClass.IO),
                Arguments.of(new IOException("wrapped", new SSLHandshakeException("bad certificate")), ErrorClass.TLS),
                Arguments.of(blocked(), ErrorClass.BLOCKED),
                Arguments.of(new IOException("wrapped", blocked()), ErrorClass.BLOCKED));
    }

    private static BlockedAddressException blocked() {
        return new BlockedAddressException(
                "localhost", Map.of(InetAddress.getLoopbackAddress(), AddressCategory.LOOPBACK));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("failures")
    void classifiesByTheFirstTellingExceptionInTheChain(IOException failure, ErrorClass expected) {
        assertThat(ErrorClass.of(failure)).isEqualTo(expected);
    }

    @Test
    void wireNamesAreTheRecordedLowerCaseNames() {
        assertThat(Arrays.stream(ErrorClass.values()).map(ErrorClass::wireName))
                .containsExactly("timeout", "connect", "dns", "tls", "io", "blocked", "invalid_url");
    }
}
