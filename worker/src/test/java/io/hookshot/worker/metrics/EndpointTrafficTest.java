package io.hookshot.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointTrafficTest {
    @Test
    void theBusiestAreRankedByRecentAttemptsAndQuietOnesAreForgotten() {
        EndpointTraffic traffic = new EndpointTraffic();
        count(traffic, "ep_a", 50);
        count(traffic, "ep_b", 30);
        count(traffic, "https://c.example:443", 10);

        assertThat(traffic.busiest(2)).containsExactlyInAnyOrder("ep_a", "ep_b");

        count(traffic, "https://c.example:443", 200); // c is now the busiest by far; b decays
        assertThat(traffic.busiest(2)).containsExactlyInAnyOrder("https://c.example:443", "ep_a");

        for (int i = 0; i < 100; i++) { // about 10 minutes of refreshes without an attempt
            traffic.busiest(2);
        }
        assertThat(traffic.busiest(10)).isEmpty();
    }

    @Test
    void atMostTheBoundOfEndpointsIsCounted() {
        EndpointTraffic traffic = new EndpointTraffic();
        for (int i = 0; i < EndpointTraffic.MAX_ENDPOINTS + 5; i++) {
            traffic.count("ep_" + i);
        }
        assertThat(traffic.busiest(EndpointTraffic.MAX_ENDPOINTS + 5)).hasSize(EndpointTraffic.MAX_ENDPOINTS);
    }

    private static void count(EndpointTraffic traffic, String endpoint, int attempts) {
        for (int i = 0; i < attempts; i++) {
            traffic.count(endpoint);
        }
    }
}
