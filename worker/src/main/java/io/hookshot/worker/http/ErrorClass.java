package io.hookshot.worker.http;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Why an attempt got no response, as recorded in the attempt history ({@link #wireName()}). */
public enum ErrorClass {
    /** The connect timeout, the socket timeout or the attempt's hard deadline passed. */
    TIMEOUT("timeout"),
    /** The connection was refused, or no route led to the host. */
    CONNECT("connect"),
    /** The host name did not resolve. */
    DNS("dns"),
    /** The TLS handshake or session failed. */
    TLS("tls"),
    /** Any other I/O failure: the receiver closed or reset the connection, or broke the protocol. */
    IO("io"),
    /**
     * The SSRF guard refused every address of the host (loopback, private, link-local, metadata...): nothing was
     * sent. Never retried.
     */
    BLOCKED("blocked"),
    /** The URL cannot be posted to: not absolute http(s), no host, a bad port. Never retried. */
    INVALID_URL("invalid_url");

    private final String wireName;

    ErrorClass(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name stored in the attempt record, like {@code timeout}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Classifies an I/O failure by the first telling exception in its cause chain; {@link #IO} when none tells. A
     * {@link BlockedAddressException} is {@link #BLOCKED}, though it is an {@link UnknownHostException}.
     * Timeouts of every kind ({@code SocketTimeoutException}, {@code ConnectTimeoutException}) are
     * {@link InterruptedIOException}s.
     */
    static ErrorClass of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BlockedAddressException) {
                return BLOCKED;
            }
            if (t instanceof InterruptedIOException) {
                return TIMEOUT;
            }
            if (t instanceof UnknownHostException) {
                return DNS;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return CONNECT;
            }
            if (t instanceof SSLException) {
                return TLS;
            }
        }
        return IO;
    }
}
