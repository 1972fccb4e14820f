package io.hookshot.worker.http;

import io.hookshot.common.Job;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Rejected;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one HTTP attempt per {@link #dispatch} call and says what it came to, as a {@link DispatchResult}.
 *
 * <ol>
 *   <li>A URL that cannot be posted to is {@link ErrorClass#INVALID_URL} at once; nothing is sent.</li>
 *   <li>{@code POST} the payload with the merged {@link RequestHeaders}. Every connection goes through the SSRF
 *       guard ({@link GuardedDnsResolver}): a host whose every address is blocked (loopback, private, link-local,
 *       metadata...) and outside {@link HttpSettings#allowedNetworks()} is {@link ErrorClass#BLOCKED} before any
 *       connection is tried.</li>
 *   <li>A hard deadline of {@link HttpSettings#requestTimeout()} covers the whole attempt: a timer cancels the
 *       request when it passes, however slowly the receiver trickles, and the attempt is a
 *       {@link ErrorClass#TIMEOUT}.</li>
 *   <li>Read the status, the headers and at most {@link HttpSettings#maxResponseBodyBytes()} of the body; when more
 *       may follow, drop the connection instead of draining it.</li>
 *   <li>2xx is {@link Delivered}, any other status {@link Rejected} (redirects are not followed); no response is
 *       {@link Unreachable}, its {@link ErrorClass} taken from the exception.</li>
 * </ol>
 *
 * <p>Thread-safe: one instance per worker, shared by all delivery threads, over one pooled HttpClient and one
 * daemon timer thread. Not usable after {@link #close()}.
 */
public final class HttpDispatcher implements AutoCloseable {
    /** How many response header lines and how long a line the client accepts, so headers cannot flood memory. */
    static final int MAX_HEADER_COUNT = 200;

    static final int MAX_LINE_LENGTH = 16 * 1024;
    /**
     * Each pooled connection's input, line and output buffers (httpcore5 5.4 makes them 32 KiB each: 96 KiB of heap per
     * connection, 96 MB at 1,000 in flight). A request is its headers and body; a response is read through a capped
     * capture: 8 KiB buffers cost nothing measurable per request.
     */
    static final int CONNECTION_BUFFER_BYTES = 8 * 1024;

    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
    private static final TimeValue EVICT_IDLE_AFTER = TimeValue.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);

    private final HttpSettings settings;
    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor deadlines;

    public HttpDispatcher(HttpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = newClient(settings);
        this.deadlines = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("hookshot-http-deadline").daemon().factory());
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Posts {@code job} once. {@code extraHeaders} (the worker's {@code webhook-*} headers) win over same-named
     * job headers, case-insensitively. Returns within about {@link HttpSettings#requestTimeout()}; throws only for
     * bugs, never for what the receiver does.
     */
    public DispatchResult dispatch(Job job, Map<String, String> extraHeaders) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(extraHeaders, "extraHeaders");
        long started = System.nanoTime();
        Optional<String> problem = TargetUrl.problemWith(job.url());
        if (problem.isPresent()) {
            return new Unreachable(ErrorClass.INVALID_URL, problem.get(), since(started));
        }
        HttpPost request = new HttpPost(job.url());
        request.setEntity(new ByteArrayEntity(job.payload(), null));
        RequestHeaders.forAttempt(job, extraHeaders, settings.userAgent()).forEach(request::addHeader);
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    deadlinePassed.set(true);
                    request.cancel();
                },
                settings.requestTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            return exchange(HttpHost.create(job.url()), request, started);
        } catch (IOException e) {
            return deadlinePassed.get()
                    ? new Unreachable(
                            ErrorClass.TIMEOUT,
                            "no complete response within the "
                                    + settings.requestTimeout().toMillis() + " ms deadline",
                            since(started))
                    : new Unreachable(ErrorClass.of(e), describe(e), since(started));
        } finally {
            deadline.cancel(false);
        }
    }

    private DispatchResult exchange(HttpHost target, HttpPost request, long started) throws IOException {
        ClassicHttpResponse response = client.executeOpen(target, request, null);
        boolean complete = false;
        try {
            int status = response.getCode();
            ResponseCapture capture = ResponseCapture.read(response, settings.maxResponseBodyBytes());
            complete = capture.complete();
            Duration elapsed = since(started);
            return Delivered.isSuccess(status)
                    ? new Delivered(status, capture.headers(), capture.body(), elapsed)
                    : new Rejected(status, capture.headers(), capture.body(), elapsed);
        } finally {
            if (!complete) {
                request.cancel(); // closes the connection at once: the unread rest is never drained
            }
            closeResponse(response);
        }
    }

    private static void closeResponse(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            LOG.debug("closing a response failed; its connection is dropped", e);
        }
    }

    private static String describe(IOException e) {
        String message =
                BlockedAddressException.in(e).map(Throwable::getMessage).orElse(e.getMessage());
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static CloseableHttpClient newClient(HttpSettings settings) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.requestTimeout()))
                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                .build();
        Http1Config http1 = Http1Config.custom()
                .setMaxHeaderCount(MAX_HEADER_COUNT)
                .setMaxLineLength(MAX_LINE_LENGTH)
                .setBufferSize(CONNECTION_BUFFER_BYTES)
                .build();
        RequestConfig request = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.requestTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.requestTimeout()))
                .setRedirectsEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(http1)
                                .build())
                        .setDnsResolver(
                                new GuardedDnsResolver(SystemDefaultDnsResolver.INSTANCE, settings.allowedNetworks()))
                        .setMaxConnTotal(settings.maxConnections())
                        .setMaxConnPerRoute(settings.maxConnections())
                        .setDefaultConnectionConfig(connection)
                        .build())
                .setDefaultRequestConfig(request)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(EVICT_IDLE_AFTER)
                .build();
    }

    /** Stops the deadline timer and closes the pooled connections. Idempotent. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }
}
