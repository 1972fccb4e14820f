package io.hookshot.worker.http;

/**
 * What kind of address a webhook would be sent to, as {@link AddressClassifier} sees it: {@link #PUBLIC}, the only
 * one the SSRF guard lets through unless an allowed network covers the address, or a category it blocks.
 */
public enum AddressCategory {
    /** A globally routable unicast address. */
    PUBLIC("public"),
    /** {@code 127.0.0.0/8}, {@code ::1}. */
    LOOPBACK("loopback"),
    /** RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}) and deprecated IPv6 site-local. */
    PRIVATE("private network"),
    /** {@code 100.64.0.0/10}, shared address space behind carrier-grade NAT. */
    CGNAT("carrier-grade NAT"),
    /** {@code 169.254.0.0/16}, {@code fe80::/10}. */
    LINK_LOCAL("link-local"),
    /** Instance metadata services of cloud providers, like {@code 169.254.169.254} and {@code fd00:ec2::254}. */
    CLOUD_METADATA("cloud metadata service"),
    /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
    MULTICAST("multicast"),
    /** {@code 255.255.255.255}. */
    BROADCAST("broadcast"),
    /** {@code 0.0.0.0/8} ("this network", which reaches the local host), {@code ::}. */
    UNSPECIFIED("unspecified"),
    /** {@code fc00::/7}. */
    UNIQUE_LOCAL("unique-local"),
    /** {@code 192.0.2.0/24}, {@code 198.51.100.0/24}, {@code 203.0.113.0/24}, {@code 2001:db8::/32}, {@code 3fff::/20}. */
    DOCUMENTATION("documentation"),
    /** {@code 198.18.0.0/15}, {@code 2001:2::/48}. */
    BENCHMARKING("benchmarking"),
    /** Anything else not globally routable: {@code 240.0.0.0/4}, IETF protocol assignments, IPv6 outside {@code 2000::/3}. */
    RESERVED("reserved");

    private final String description;

    AddressCategory(String description) {
        this.description = description;
    }

    /** Lower-case words for messages, like {@code carrier-grade NAT}. */
    public String description() {
        return description;
    }

    /** Whether the SSRF guard refuses addresses of this category (unless an allowed network covers them). */
    public boolean blocked() {
        return this != PUBLIC;
    }
}
