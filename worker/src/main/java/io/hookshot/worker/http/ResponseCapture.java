package io.hookshot.worker.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
        byte[] bytes = in.readNBytes(limit);
        long declared = entity.getContentLength();
        // Fewer bytes than asked means the end was reached. Exactly the limit means more may follow: rather than
        // block on a probe read, treat it as incomplete (unless the declared length says otherwise).
        boolean complete = bytes.length < limit || declared == bytes.length;
        return new ResponseCapture(headers, text(bytes), complete);
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
