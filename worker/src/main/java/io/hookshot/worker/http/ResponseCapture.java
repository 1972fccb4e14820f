package io.hookshot.worker.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * What is kept of a response: its headers and the start of its body as text fit for a Postgres {@code text}
 * column (UTF-8, invalid bytes replaced, NUL characters removed). Immutable.
 *
 * @param headers  names lower-cased, repeated names joined with ", ", in arrival order
 * @param body     at most the limit's worth of bytes, as text
 * @param complete whether the body was read to its end, so that the connection can be reused; when false the
 *                 caller must drop the connection rather than let the client drain an unbounded rest
 */
record ResponseCapture(Map<String, String> headers, String body, boolean complete) {
    /** The first buffer for a body of unknown length, in bytes. */
    private static final int FIRST_BUFFER = 1024;

    /** Reads the headers and at most {@code limit} bytes of the body; never reads past the limit. */
    static ResponseCapture read(ClassicHttpResponse response, int limit) throws IOException {
        Map<String, String> headers = headersOf(response);
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new ResponseCapture(headers, "", true);
        }
        InputStream in = entity.getContent();
        if (in == null) {
            return new ResponseCapture(headers, "", true);
        }
        long declared = entity.getContentLength();
        byte[] bytes = readAtMost(in, limit, declared);
        // Fewer bytes than asked means the end was reached. Exactly the limit means more may follow: rather than
        // block on a probe read, treat it as incomplete (unless the declared length says otherwise).
        boolean complete = bytes.length < limit || declared == bytes.length;
        return new ResponseCapture(headers, text(bytes), complete);
    }

    /**
     * Up to {@code limit} bytes, to the end of the stream if it comes first, into a buffer sized for the declared
     * length (or {@value #FIRST_BUFFER} bytes when none is declared) that grows only when more arrives.
     * ({@code readNBytes(limit)} allocated 16 KiB for every two-byte "ok": a fifth of the worker's allocations.)
     */
    private static byte[] readAtMost(InputStream in, int limit, long declared) throws IOException {
        int expected = declared >= 0 ? (int) Math.min(limit, declared + 1) : Math.min(limit, FIRST_BUFFER);
        byte[] buffer = new byte[Math.max(1, expected)];
        int length = 0;
        while (length < limit) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    /** UTF-8 with replacement characters for invalid bytes, without NUL characters (Postgres text refuses them). */
    static String text(byte[] bytes) {
        return withoutNul(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Map<String, String> headersOf(ClassicHttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            String value = header.getValue() == null ? "" : withoutNul(header.getValue());
            headers.merge(withoutNul(header.getName()).toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
        }
        return Collections.unmodifiableMap(headers);
    }

    private static String withoutNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }
}
