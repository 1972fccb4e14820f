package io.hookshot.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.Lease;
import io.hookshot.worker.queue.QueueDepths;
import io.hookshot.worker.queue.Settlement;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricNamesTest {
    private static final Lease LEASE = new Lease(3, "msg_secret_id_1", "claim-1.1");
    private static final String URL = "http://127.0.0.1:9/hooks/orders";

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "200, 2xx",
                "204, 2xx",
                "299, 2xx",
                "301, 3xx",
                "400, 4xx",
                "410, 4xx",
                "429, 4xx",
                "500, 5xx",
                "503, 5xx",
                "999, 9xx",
                "null, none",
                "42, none",
            })
    void statusClassIsTheFirstDigitOrNone(Integer status, String expected) {
        assertThat(WorkerMetrics.statusClass(status)).isEqualTo(expected);
    }

    @Test
    void attemptTagsNameOutcomeStatusClassAndErrorClass() {
        assertThat(WorkerMetrics.attemptTags(new Settlement.Delivered(LEASE, response(204))))
                .containsExactly(
                        Tag.of("error_class", "none"), Tag.of("outcome", "delivered"), Tag.of("status_class", "2xx"));
        assertThat(WorkerMetrics.attemptTags(new Settlement.Retrying(LEASE, response(503), Duration.ofSeconds(5))))
                .containsExactly(
                        Tag.of("error_class", "none"), Tag.of("outcome", "retrying"), Tag.of("status_class", "5xx"));
        assertThat(WorkerMetrics.attemptTags(new Settlement.Dead(LEASE, noResponse("timeout"), "no more attempts")))
                .containsExactly(
                        Tag.of("error_class", "timeout"), Tag.of("outcome", "dead"), Tag.of("status_class", "none"));
    }

    @Test
    void scrapePrintsThePrometheusNamesAndNoIdsOrUrls() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkerMetrics metrics = new WorkerMetrics(registry);
        metrics.attempt(new Settlement.Delivered(LEASE, response(200)), Duration.ofSeconds(2));
        metrics.attempt(new Settlement.Dead(LEASE, noResponse("blocked"), "blocked: 10.0.0.1"), Duration.ZERO);
        metrics.inFlight(() -> 7);
        metrics.leasesReaped(2);
        metrics.staleAck();
        metrics.exporterBatch(40);
        metrics.exporterError();
        new QueueGauges(
                new QueueDepths(null, "orders", 2),
                new EndpointHealthReader(null, "orders", 2),
                new EndpointTraffic(),
                "orders",
                2,
                registry,
                Clock.systemUTC());

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "hookshot_attempts_total{error_class=\"none\",outcome=\"delivered\",status_class=\"2xx\"} 1.0",
                        "hookshot_attempts_total{error_class=\"blocked\",outcome=\"dead\",status_class=\"none\"} 1.0",
                        "hookshot_attempt_duration_seconds_bucket{le=\"0.05\"}",
                        "hookshot_attempt_duration_seconds_count 2",
                        "hookshot_delivery_latency_seconds_bucket{le=\"5.0\"} 1",
                        "hookshot_delivery_latency_seconds_count 1",
                        "hookshot_in_flight 7.0",
                        "hookshot_endpoint_state{endpoint=\"_other\",queue=\"orders\",state=\"open\"} 0.0",
                        "hookshot_endpoint_held_messages{endpoint=\"_other\",queue=\"orders\"} 0.0",
                        "hookshot_endpoint_breaker_opened_total{endpoint=\"_other\",queue=\"orders\"} 0.0",
                        "hookshot_leases_reaped_total 2.0",
                        "hookshot_stale_acks_total 1.0",
                        "hookshot_exporter_batch_size_count 1",
                        "hookshot_exporter_batch_size_sum 40.0",
                        "hookshot_exporter_errors_total 1.0",
                        "hookshot_queue_jobs{partition=\"1\",queue=\"orders\",state=\"in_flight\"} 0.0",
                        "hookshot_queue_oldest_ready_age_seconds{partition=\"0\",queue=\"orders\"} 0.0",
                        "hookshot_outbox_lag{partition=\"1\",queue=\"orders\"} 0.0");
        assertThat(scrape).doesNotContain("msg_secret_id_1", "127.0.0.1", "/hooks/orders", "10.0.0.1");
    }

    private static AttemptRecord response(int status) {
        return new AttemptRecord(URL, 0, 12, status, null, null, Map.of(), "", "w1");
    }

    private static AttemptRecord noResponse(String errorClass) {
        return new AttemptRecord(URL, 0, 1500, null, errorClass, "it failed", null, null, "w1");
    }
}
