package io.hookshot.worker.http;

import static io.hookshot.worker.http.AddressClassifierTest.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF guard's resolver, over a scripted resolver (names) or the system resolver given IP literals only, which
 * it parses without any lookup. Nothing is connected to.
 */
class GuardedDnsResolverTest {
    private static final List<Cidr> NONE = List.of();

    /** Answers each lookup with the next scripted answer, like a DNS server whose records change between lookups. */
    private static final class ScriptedResolver implements DnsResolver {
        private final Deque<InetAddress[]> answers = new ArrayDeque<>();
        private int lookups;

        ScriptedResolver answer(String... literals) throws UnknownHostException {
            InetAddress[] answer = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) {
                answer[i] = literal(literals[i]);
            }
            answers.add(answer);
            return this;
        }

        @Override
        public InetAddress[] resolve(String host) {
            lookups++;
            return answers.remove();
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefusedNamingHostAddressAndCategory() throws UnknownHostException {
        GuardedDnsResolver guard = new GuardedDnsResolver(new ScriptedResolver().answer("10.1.2.3"), NONE);
        InetAddress refused = literal("10.1.2.3");

        assertThatThrownBy(() -> guard.resolve("internal.example.com"))
                .isInstanceOfSatisfying(BlockedAddressException.class, blocked -> {
                    assertThat(blocked.host()).isEqualTo("internal.example.com");
                    assertThat(blocked.refused()).isEqualTo(Map.of(refused, AddressCategory.PRIVATE));
                })
                .hasMessage("refused by the SSRF guard: internal.example.com is 10.1.2.3 (private network), not a"
                        + " public address nor in the allowed networks");
    }

    @Test
    void aNameResolvingOnlyToBlockedAddressesNamesEachOfThem() throws UnknownHostException {
        GuardedDnsResolver guard =
                new GuardedDnsResolver(new ScriptedResolver().answer("169.254.169.254", "fd00:ec2::254"), NONE);

        assertThatThrownBy(() -> guard.resolve("metadata.example.com"))
                .hasMessageContaining("169.254.169.254 (cloud metadata service), fd00:ec2:0:0:0:0:0:254 (cloud"
                        + " metadata service)");
    }

    @Test
    void publicAddressesAreReturnedAsResolved() throws UnknownHostException {
        GuardedDnsResolver guard = new GuardedDnsResolver(
                new ScriptedResolver().answer("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"), NONE);

        assertThat(guard.resolve("example.com"))
                .containsExactly(literal("93.184.216.34"), literal("2606:2800:220:1:248:1893:25c8:1946"));
    }

    @Test
    void blockedAddressesAreDroppedFromAMixedAnswerSoTheyAreNeverTried() throws UnknownHostException {
        GuardedDnsResolver guard =
                new GuardedDnsResolver(new ScriptedResolver().answer("127.0.0.1", "93.184.216.34", "10.0.0.1"), NONE);

        assertThat(guard.resolve("mixed.example.com", 8443))
                .containsExactly(new InetSocketAddress(literal("93.184.216.34"), 8443));
    }

    @Test
    void aNameReboundToLoopbackIsRefusedAtTheNextConnect() throws UnknownHostException {
        ScriptedResolver dns = new ScriptedResolver().answer("93.184.216.34").answer("127.0.0.1");
        GuardedDnsResolver guard = new GuardedDnsResolver(dns, NONE);

        assertThat(guard.resolve("rebinding.example.com")).containsExactly(literal("93.184.216.34"));
        assertThatThrownBy(() -> guard.resolve("rebinding.example.com"))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("127.0.0.1 (loopback)");
        assertThat(dns.lookups).as("every connect resolves afresh").isEqualTo(2);
    }

    @Test
    void theAllowedNetworksOpenExactlyTheirAddresses() throws UnknownHostException {
        List<Cidr> loopback = List.of(Cidr.parse("127.0.0.0/8"));
        GuardedDnsResolver guard = new GuardedDnsResolver(
                new ScriptedResolver().answer("10.0.0.1", "127.0.0.1").answer("::1"), loopback);

        assertThat(guard.resolve("dev.example.com")).containsExactly(literal("127.0.0.1"));
        assertThatThrownBy(() -> guard.resolve("dev.example.com"))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("0:0:0:0:0:0:0:1 (loopback)");
    }

    /** What each spelling of a blocked address comes to, through the resolver the HTTP client uses by default. */
    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "127.0.0.1,           127.0.0.1,       LOOPBACK",
        "127.000.000.001,     127.0.0.1,       LOOPBACK",
        "2130706433,          127.0.0.1,       LOOPBACK",
        "0x7f000001,          127.0.0.1,       LOOPBACK", // Java refuses this spelling; inet_aton reads it
        "0177.0.0.1,          127.0.0.1,       LOOPBACK", // Java reads 177.0.0.1; inet_aton reads 127.0.0.1
        "017700000001,        127.0.0.1,       LOOPBACK",
        "0,                   0.0.0.0,         UNSPECIFIED",
        "2852039166,          169.254.169.254, CLOUD_METADATA",
        "[::1],               ::1,             LOOPBACK",
        "[0:0:0:0:0:0:0:1],   ::1,             LOOPBACK",
        "[::ffff:127.0.0.1],  127.0.0.1,       LOOPBACK",
        "[::ffff:7f00:1],     127.0.0.1,       LOOPBACK",
        "[::127.0.0.1],       ::127.0.0.1,     LOOPBACK",
        "[::],                ::,              UNSPECIFIED",
        "[fe80::1%251],       fe80::1,         LINK_LOCAL",
        "[64:ff9b::a9fe:a9fe], 64:ff9b::a9fe:a9fe, CLOUD_METADATA",
    })
    void everySpellingOfABlockedLiteralIsRefused(String host, String address, AddressCategory category)
            throws UnknownHostException {
        GuardedDnsResolver guard = new GuardedDnsResolver(SystemDefaultDnsResolver.INSTANCE, NONE);
        InetAddress refused = literal(address);

        assertThatThrownBy(() -> guard.resolve(host))
                .isInstanceOfSatisfying(
                        BlockedAddressException.class,
                        blocked -> assertThat(blocked.refused()).isEqualTo(Map.of(refused, category)));
    }

    @Test
    void aNumericSpellingJavaRefusesStaysADnsFailureWhenItsInetAtonReadingIsPublic() {
        GuardedDnsResolver guard = new GuardedDnsResolver(SystemDefaultDnsResolver.INSTANCE, NONE);

        assertThatThrownBy(() -> guard.resolve("0x08080808")) // 8.8.8.8 to inet_aton; Java refuses it unresolved
                .isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(BlockedAddressException.class);
    }
}
