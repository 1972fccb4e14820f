package io.hookshot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.RawBehaviours;
import io.hookshot.testing.TestReceiver;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard through the dispatcher, against receivers on loopback that count every TCP connection they accept.
 * With no allowed networks, each spelling of 127.0.0.1 and ::1 (and names resolving to them) is refused before any
 * connection; with loopback allowed, the same URLs deliver.
 *
 * <p>Nothing here sends a packet beyond loopback. Spellings that Java reads as something other than loopback
 * ({@code 0177.0.0.1} is 177.0.0.1 to Java, 127.0.0.1 to inet_aton) are never dispatched: {@link
 * GuardedDnsResolverTest} shows them refused without connecting anywhere.
 */
class SsrfGuardIT {
    private static final List<Cidr> NOTHING_ALLOWED = List.of();

    /** What each URL host does with the guard fully on, and with loopback allowed. */
    @ParameterizedTest(name = "{0} on {1}: blocked, else {2}")
    @CsvSource({
        // host                 receiver   with loopback allowed
        "127.0.0.1,             127.0.0.1, DELIVERED",
        "localhost,             127.0.0.1, DELIVERED", // the name resolves to 127.0.0.1 (/etc/hosts)
        "LOCALHOST,             127.0.0.1, DELIVERED",
        "127.000.000.001,       127.0.0.1, DELIVERED", // Java reads the leading zeros as decimal
        "2130706433,            127.0.0.1, DELIVERED", // Java reads one 32-bit decimal number
        "0x7f000001,            127.0.0.1, DNS", // Java refuses hex as ambiguous; inet_aton: 127.0.0.1
        "017700000001,          127.0.0.1, DNS", // Java refuses this octal as ambiguous too
        "[::ffff:127.0.0.1],    127.0.0.1, DELIVERED", // Java makes IPv4-mapped IPv6 plain IPv4
        "[::ffff:7f00:1],       127.0.0.1, DELIVERED",
        "[::1],                 ::1,       DELIVERED",
        "[0:0:0:0:0:0:0:1],     ::1,       DELIVERED",
        "[0000::0001],          ::1,       DELIVERED",
    })
    void everyLoopbackSpellingIsBlockedBeforeAnyConnectionUnlessLoopbackIsAllowed(
            String host, String listenOn, Outcome whenAllowed) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (TestReceiver receiver = countingReceiver(InetAddress.getByName(listenOn), connections)) {
            String url = "http://" + host + ":" + receiver.port() + "/hook";

            assertThat(dispatch(url, NOTHING_ALLOWED)).isInstanceOfSatisfying(Unreachable.class, unreachable -> {
                assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.BLOCKED);
                assertThat(unreachable.message())
                        .startsWith("refused by the SSRF guard: " + host + " is ")
                        .contains("(loopback)");
            });
            assertThat(connections).as("connections while blocked").hasValue(0);

            DispatchResult allowed = dispatch(url, DispatchFixture.LOOPBACK);
            if (whenAllowed == Outcome.DELIVERED) {
                assertThat(allowed).isInstanceOf(Delivered.class);
                assertThat(connections).as("connections once allowed").hasValue(1);
            } else {
                assertThat(allowed)
                        .isInstanceOfSatisfying(
                                Unreachable.class,
                                unreachable ->
                                        assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.DNS));
                assertThat(connections).as("connections once allowed").hasValue(0);
            }
        }
    }

    /** What the dispatcher does with a loopback spelling once loopback is allowed. */
    enum Outcome {
        DELIVERED,
        DNS
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.1", "0x7f.1", "0177.1", "127.0.0.1.", "0x7f.0.0.1"})
    void spellingsJavaNetUriFindsNoHostInAreInvalidUrls(String host) throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (TestReceiver receiver = countingReceiver(InetAddress.getByName("127.0.0.1"), connections)) {
            String url = "http://" + host + ":" + receiver.port() + "/hook";

            for (List<Cidr> allowed : List.of(NOTHING_ALLOWED, DispatchFixture.LOOPBACK)) {
                assertThat(dispatch(url, allowed))
                        .isInstanceOfSatisfying(
                                Unreachable.class,
                                unreachable ->
                                        assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.INVALID_URL));
            }
            assertThat(connections).hasValue(0);
        }
    }

    private static DispatchResult dispatch(String url, List<Cidr> allowedNetworks) {
        try (HttpDispatcher dispatcher =
                DispatchFixture.dispatcher(Duration.ofSeconds(2), Duration.ofSeconds(5), allowedNetworks)) {
            return dispatcher.dispatch(DispatchFixture.job(url), DispatchFixture.NO_EXTRA_HEADERS);
        }
    }

    /** Counts each accepted connection and answers its request 204, closing the connection. */
    private static TestReceiver countingReceiver(InetAddress loopback, AtomicInteger connections) {
        return TestReceiver.raw(loopback, (socket, stop) -> {
            connections.incrementAndGet();
            RawBehaviours.readRequest(socket);
            RawBehaviours.write(socket, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        });
    }
}
