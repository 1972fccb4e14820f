package io.hookshot.common.signing;

import io.hookshot.common.signing.WebhookVerificationException.Reason;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks that a webhook request was signed with one of the receiver's secrets, for a Java receiver of Hookshot (or
 * of any Standard Webhooks sender). One call:
 * <ol>
 *   <li>{@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} are all present;</li>
 *   <li>the timestamp is within {@link #DEFAULT_TOLERANCE} (or {@link #withTolerance}) of the clock, either way;</li>
 *   <li>one of the space-separated {@code v1,<base64>} signatures is the HMAC-SHA256 of {@code id.timestamp.body}
 *       under one of the secrets, compared in constant time. Entries of other versions are ignored.</li>
 * </ol>
 * Anything else throws a {@link WebhookVerificationException} naming what failed.
 *
 * <p>Immutable and thread-safe: make one per secret (or set of secrets while rotating) and share it.
 */
public final class WebhookVerifier {
    /** How far a request's timestamp may be from the receiver's clock, in the past or the future. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,15}");
    private static final String V1_PREFIX = WebhookSigner.VERSION + ",";

    private final List<SigningSecret> secrets;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(List<SigningSecret> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one secret");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
        }
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier for one {@code whsec_...} secret; throws {@link InvalidSigningSecretException} for a bad one. */
    public static WebhookVerifier of(String whsec) {
        return of(List.of(SigningSecret.parse(whsec)));
    }

    /** A verifier that accepts a signature under any of {@code secrets}, such as the old and new while rotating. */
    public static WebhookVerifier of(List<SigningSecret> secrets) {
        return new WebhookVerifier(secrets, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /** The same verifier with another timestamp tolerance. */
    public WebhookVerifier withTolerance(Duration value) {
        return new WebhookVerifier(secrets, Objects.requireNonNull(value, "tolerance"), clock);
    }

    /** The same verifier reading the time from {@code value}. */
    public WebhookVerifier withClock(Clock value) {
        return new WebhookVerifier(secrets, tolerance, value);
    }

    /**
     * Verifies a request whose headers {@code header} looks up by (lower-case) name, returning null for a missing
     * one: {@code request::getHeader} (Servlet), {@code exchange.getRequestHeaders()::getFirst} (JDK HttpServer),
     * {@code headers::getFirst} (Spring).
     *
     * @param body the request body exactly as received, before any parsing
     */
    public void verify(Function<String, String> header, byte[] body) throws WebhookVerificationException {
        verify(
                header.apply(WebhookHeaders.ID),
                header.apply(WebhookHeaders.TIMESTAMP),
                header.apply(WebhookHeaders.SIGNATURE),
                body);
    }

    /** Verifies a request given its headers as a map; names are matched ignoring case. */
    public void verify(Map<String, String> headers, byte[] body) throws WebhookVerificationException {
        verify(name -> valueIgnoringCase(headers, name), body);
    }

    /**
     * Verifies a request given its three {@code webhook-*} header values (any may be null when missing).
     *
     * @param body the request body exactly as received, before any parsing
     */
    public void verify(String msgId, String timestamp, String signatureHeader, byte[] body)
            throws WebhookVerificationException {
        Objects.requireNonNull(body, "body");
        requirePresent(WebhookHeaders.ID, msgId);
        requirePresent(WebhookHeaders.TIMESTAMP, timestamp);
        requirePresent(WebhookHeaders.SIGNATURE, signatureHeader);
        long seconds = checkTimestamp(timestamp.strip());
        List<byte[]> offered = v1Signatures(signatureHeader);
        for (SigningSecret secret : secrets) {
            byte[] expected = WebhookSigner.hmac(secret, msgId, seconds, body);
            for (byte[] signature : offered) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return;
                }
            }
        }
        throw new WebhookVerificationException(
                Reason.NO_MATCHING_SIGNATURE,
                WebhookHeaders.SIGNATURE
                        + (offered.isEmpty()
                                ? " holds no v1 signature"
                                : " holds " + offered.size()
                                        + " v1 signature(s), none made with this secret over this " + WebhookHeaders.ID
                                        + ", "
                                        + WebhookHeaders.TIMESTAMP + " and body"));
    }

    private static void requirePresent(String name, String value) throws WebhookVerificationException {
        if (value == null || value.isBlank()) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, "the " + name + " header is missing");
        }
    }

    private long checkTimestamp(String timestamp) throws WebhookVerificationException {
        if (!SECONDS.matcher(timestamp).matches()) {
            throw new WebhookVerificationException(
                    Reason.MALFORMED_TIMESTAMP,
                    WebhookHeaders.TIMESTAMP + " is not a whole number of seconds since the epoch");
        }
        long seconds = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        long allowed = tolerance.toSeconds();
        if (seconds < now - allowed) {
            throw new WebhookVerificationException(
                    Reason.TIMESTAMP_TOO_OLD,
                    WebhookHeaders.TIMESTAMP + " is " + (now - seconds) + " s in the past; at most " + allowed
                            + " s is accepted");
        }
        if (seconds > now + allowed) {
            throw new WebhookVerificationException(
                    Reason.TIMESTAMP_TOO_NEW,
                    WebhookHeaders.TIMESTAMP + " is " + (seconds - now) + " s in the future; at most " + allowed
                            + " s is accepted");
        }
        return seconds;
    }

    /** The decoded {@code v1} entries; entries of other versions, and malformed ones, are skipped. */
    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.strip().split(" +")) {
            if (entry.startsWith(V1_PREFIX)) {
                try {
                    signatures.add(Base64.getDecoder().decode(entry.substring(V1_PREFIX.length())));
                } catch (IllegalArgumentException e) {
                    // not base64: cannot match, like any other wrong signature
                }
            }
        }
        return signatures;
    }

    private static String valueIgnoringCase(Map<String, String> headers, String name) {
        String exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey() != null
                    && header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
