package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.RedisUrl.Node;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisUrlTest {

    @Test
    void oneServerWithEverything() {
        RedisUrl url = RedisUrl.parse(" rediss://app:p%40ss@redis.internal:6380/2 ");

        assertThat(url.cluster()).isFalse();
        assertThat(url.tls()).isTrue();
        assertThat(url.nodes()).containsExactly(new Node("redis.internal", 6380));
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("p@ss");
        assertThat(url.database()).isEqualTo(2);
        assertThat(url.redacted()).isEqualTo("rediss://app:***@redis.internal:6380/2");
    }

    @Test
    void portDefaultsTo6379AndDatabaseTo0() {
        RedisUrl url = RedisUrl.parse("redis://h");

        assertThat(url.nodes()).containsExactly(new Node("h", 6379));
        assertThat(url.database()).isZero();
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
        assertThat(RedisUrl.parse("redis://h/").database()).isZero();
    }

    @Test
    void ipv6AddressesLoseTheirBracketsAndGetThemBackInUris() {
        Node node = RedisUrl.parse("redis://[::1]/0").nodes().getFirst();

        assertThat(node).isEqualTo(new Node("::1", 6379));
        assertThat(node.uri(false)).isEqualTo("redis://[::1]:6379");
        assertThat(node.uri(true)).isEqualTo("rediss://[::1]:6379");
    }

    @Test
    void clusterSeedsInTheOrderGiven() {
        RedisUrl url = RedisUrl.parse("redis-cluster://10.0.0.1:7000, 10.0.0.2:7001,redis-3,[::1]:7003");

        assertThat(url.cluster()).isTrue();
        assertThat(url.tls()).isFalse();
        assertThat(url.nodes())
                .containsExactly(
                        new Node("10.0.0.1", 7000),
                        new Node("10.0.0.2", 7001),
                        new Node("redis-3", 6379),
                        new Node("::1", 7003));
        assertThat(url.database()).isZero();
        assertThat(url.user()).isEmpty();
    }

    @Test
    void clusterWithTlsAndCredentialsSharedByEverySeed() {
        RedisUrl url = RedisUrl.parse("rediss-cluster://app:s3cret,x%2Fy@a:7000,b:7001/");

        assertThat(url.cluster()).isTrue();
        assertThat(url.tls()).isTrue();
        assertThat(url.nodes()).containsExactly(new Node("a", 7000), new Node("b", 7001));
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s3cret,x/y");
        assertThat(url.redacted()).isEqualTo("rediss-cluster://app:***@a:7000,b:7001/");
        assertThat(url.toString()).doesNotContain("s3cret");
    }

    @Test
    void sentinelsTheMastersNameAndADatabase() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://:s3cret@10.0.0.1,10.0.0.2:26380,[::1]/mymaster/3");

        assertThat(url.sentinel()).isTrue();
        assertThat(url.cluster()).isFalse();
        assertThat(url.tls()).isFalse();
        assertThat(url.master()).contains("mymaster");
        assertThat(url.nodes())
                .as("sentinel ports default to 26379")
                .containsExactly(new Node("10.0.0.1", 26379), new Node("10.0.0.2", 26380), new Node("::1", 26379));
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.password()).contains("s3cret");
        assertThat(url.redacted()).isEqualTo("redis-sentinel://:***@10.0.0.1,10.0.0.2:26380,[::1]/mymaster/3");
        assertThat(RedisUrl.parse("rediss-sentinel://s:1/m").tls()).isTrue();
        assertThat(RedisUrl.parse("redis-sentinel://s:1/m").database()).isZero();
        assertThat(RedisUrl.parse("redis://h").sentinel()).isFalse();
    }

    @Test
    void userInfoWithoutColonIsAPassword() {
        RedisUrl url = RedisUrl.parse("redis://s3cret@h:6379");

        assertThat(url.user()).isEmpty();
        assertThat(url.password()).contains("s3cret");
        assertThat(url.redacted()).isEqualTo("redis://***@h:6379");
        assertThat(RedisUrl.parse("redis://:s3cret@h").redacted()).isEqualTo("redis://:***@h");
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(RedisUrl.parse("REDIS-CLUSTER://a:1").cluster()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                | is required",
                "127.0.0.1:6379                    | names no scheme; must look like redis://",
                "http://127.0.0.1:6379             | has scheme 'http'",
                "redis:///0                        | names no host",
                "redis://h:1 /                     | is not a valid URI",
                "redis://h:6379/db                 | has a path that is not a database number",
                "redis://h:6379?x=1                | has a query or fragment",
                "redis://h:70000                   | has a port outside 1 to 65535",
                "redis-cluster://                  | names no host",
                "redis-cluster://a:7000,,b:7001    | an empty node",
                "redis-cluster://a:7000/1          | a cluster has only database 0",
                "redis-cluster://a:7000?x=1        | a cluster has only database 0",
                "redis-cluster://a:7000,b c:1      | has a node that is not a valid host[:port]",
                "redis-cluster://a:7000,b:0        | has a port outside 1 to 65535",
                "redis-cluster://u:p w@a:7000      | has user or password characters that are not valid",
                "redis-sentinel://a:26379          | names no master after the sentinels",
                "redis-sentinel://a:26379/         | names no master after the sentinels",
                "redis-sentinel://a/m y            | names no master after the sentinels",
                "redis-sentinel://a/m?x=1          | names no master after the sentinels",
                "redis-sentinel://a/m/db           | has a path after the master that is not a database number",
                "redis-sentinel://a/m/1/2          | names no master after the sentinels",
                "redis-sentinel://a,,b/m           | an empty node"
            })
    void badUrlsAreRejectedWithAReason(String text, String reason) {
        assertThatThrownBy(() -> RedisUrl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("redis-cluster://[user:password@]host1:port1");
    }

    @Test
    void errorsNeverEchoThePassword() {
        for (String text : List.of(
                "redis://app:s3cret@h:6379/x",
                "redis://app:s3 cret@h:6379",
                "redis-cluster://app:s3cret@a:7000/2",
                "redis-cluster://app:s3 cret@a:7000")) {
            assertThatThrownBy(() -> RedisUrl.parse(text)).message().doesNotContain("s3");
        }
    }

    @Test
    void aServerHasOneNodeAndAClusterOnlyDatabase0() {
        List<Node> two = List.of(new Node("a", 1), new Node("b", 2));
        assertThatThrownBy(() ->
                        new RedisUrl(false, false, two, Optional.empty(), Optional.empty(), 0, "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new RedisUrl(true, false, two, Optional.empty(), Optional.empty(), 1, "x", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
