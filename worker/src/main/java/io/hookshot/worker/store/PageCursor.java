package io.hookshot.worker.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a keyset search ended: the sort time and id of its last row. Opaque to clients: base64url of
 * {@code <epoch seconds>.<nanos>:<id>}. Immutable.
 */
public record PageCursor(Instant at, String id) {

    public String encode() {
        String text = at.getEpochSecond() + "." + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor made by {@link #encode()}; throws {@link InvalidFilterException} for anything else. */
    public static PageCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            int dot = text.indexOf('.');
            if (colon < 0 || dot < 0 || dot > colon || colon == text.length() - 1) {
                throw new IllegalArgumentException("no time and id");
            }
            return new PageCursor(
                    Instant.ofEpochSecond(
                            Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1, colon))),
                    text.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new InvalidFilterException(
                    "cursor",
                    "cursor is not one this server handed out: pass the"
                            + " nextCursor of the previous page unchanged");
        }
    }
}
