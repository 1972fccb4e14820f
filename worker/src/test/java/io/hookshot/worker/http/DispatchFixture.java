package io.hookshot.worker.http;

import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two dispatchers with the SSRF guard opened for loopback (and nothing else), and the jobs the dispatcher's
 * integration tests send: one fixture per test, closed after it. Not thread-safe; each test owns its own.
 */
final class DispatchFixture implements AutoCloseable {
    /** Loopback only: these tests need the SSRF guard open for their receivers, and for nothing else. */
    static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    static final Duration DEADLINE = Duration.ofMillis(500);
    /** Scheduling slack on a busy machine: a deadline may end this much late and still count as kept. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    static final int BODY_LIMIT = 1024;
    static final Map<String, String> NO_EXTRA_HEADERS = Map.of();

    /** Generous deadline for the well-behaved cases, so that a slow first request cannot make them flaky. */
    final HttpDispatcher patient = dispatcher(Duration.ofSeconds(2), Duration.ofSeconds(10), LOOPBACK);
    /** The 500 ms deadline, for the cases about deadlines. */
    final HttpDispatcher impatient = dispatcher(DEADLINE, DEADLINE, LOOPBACK);

    static HttpDispatcher dispatcher(Duration connectTimeout, Duration deadline, List<Cidr> allowedNetworks) {
        return new HttpDispatcher(
                new HttpSettings(connectTimeout, deadline, 4, BODY_LIMIT, "Hookshot/test", allowedNetworks));
    }

    static Job job(String url, Map<String, String> headers, String payload, String contentType) {
        return new Job(
                new MessageId("msg_test"),
                URI.create(url),
                headers,
                payload.getBytes(StandardCharsets.UTF_8),
                contentType,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.now());
    }

    static Job job(String url) {
        return job(url, Map.of(), "{\"n\":1}", Job.DEFAULT_CONTENT_TYPE);
    }

    /** A job to {@code url} through the patient dispatcher. */
    DispatchResult dispatch(String url) {
        return patient.dispatch(job(url), NO_EXTRA_HEADERS);
    }

    @Override
    public void close() {
        patient.close();
        impatient.close();
    }
}
