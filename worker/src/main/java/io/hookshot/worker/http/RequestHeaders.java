package io.hookshot.worker.http;

import io.hookshot.common.Job;
import io.hookshot.common.TraceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * The request headers of one attempt, merged case-insensitively, later sources winning: the job's own headers,
 * then {@code content-type} from {@link Job#contentType()}, then the worker's headers ({@code webhook-id},
 * signature, ...), then {@code user-agent}. Thread-safe (stateless).
 */
final class RequestHeaders {
    static final String CONTENT_TYPE = "content-type";
    static final String USER_AGENT = "user-agent";

    /**
     * Headers HTTP framing and the client own, and the W3C trace headers the worker owns; a job header of one of these
     * names is dropped, since it would break the request (HttpClient refuses a preset content-length), redirect it
     * ({@code host}), or claim a trace the attempt is not in (the producer refuses trace headers; a job stored before
     * it did may have one).
     */
    static final Set<String> RESERVED = Set.of(
            TraceContext.TRACEPARENT,
            TraceContext.TRACESTATE,
            "content-length",
            "transfer-encoding",
            "host",
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "upgrade",
            "expect");

    private RequestHeaders() {}

    static List<Header> forAttempt(Job job, Map<String, String> extraHeaders, String userAgent) {
        Map<String, Header> merged = new LinkedHashMap<>();
        job.headers().forEach((name, value) -> {
            if (!RESERVED.contains(lowerCase(name))) {
                put(merged, name, value);
            }
        });
        put(merged, CONTENT_TYPE, job.contentType());
        extraHeaders.forEach((name, value) -> put(merged, name, value));
        put(merged, USER_AGENT, userAgent);
        return new ArrayList<>(merged.values());
    }

    private static void put(Map<String, Header> merged, String name, String value) {
        String key = lowerCase(name);
        merged.remove(key);
        merged.put(key, new BasicHeader(name, value));
    }

    private static String lowerCase(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
