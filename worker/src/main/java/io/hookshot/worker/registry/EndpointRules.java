package io.hookshot.worker.registry;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.TenantId;
import io.hookshot.common.signing.InvalidSigningSecretException;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.Validation;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.http.Cidr;
import io.hookshot.worker.http.TargetUrl;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registry's rules for an endpoint's fields, all in one place; each broken rule is an
 * {@link InvalidRegistryInputException} naming the field. The URL and headers follow the rules of a message sent to
 * that URL (the producer's, then the worker's), since each event becomes such a message; an address literal the SSRF
 * guard would refuse is refused here already. Immutable and thread-safe.
 */
final class EndpointRules {
    /** The most channels an endpoint may be limited to. */
    static final int MAX_CHANNELS = 10;
    /** A channel: 1 to 128 letters, digits, {@code _}, {@code -}, {@code .} or {@code :}. */
    static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    /** The most event types an endpoint may name. */
    static final int MAX_EVENT_TYPES = 100;
    /** The longest description or disabled reason, in characters. */
    static final int MAX_TEXT_LENGTH = 1024;
    /** The most metadata entries, and the longest key and value. */
    static final int MAX_METADATA_ENTRIES = 32;

    static final int MAX_METADATA_KEY_LENGTH = 64;
    /** The highest rate limit, in requests per second. */
    static final long MAX_RATE_LIMIT = 100_000;

    private final ProducerConfig producer;
    private final List<Cidr> allowedNetworks;

    EndpointRules(ProducerConfig producer, List<Cidr> allowedNetworks) {
        this.producer = producer;
        this.allowedNetworks = List.copyOf(allowedNetworks);
    }

    /** A new endpoint from a draft, every field checked but the secret. */
    Endpoint endpoint(EndpointId id, TenantId tenant, EndpointDraft d, Instant now) {
        if (d.disabledReason().isPresent() && !d.disabled()) {
            throw reasonWithoutDisabled();
        }
        return new Endpoint(
                id,
                tenant,
                target(d.url(), d.headers()),
                eventTypes(d.eventTypes()),
                channels(d.channels()),
                description(d.description()),
                d.headers(),
                d.rateLimit().map(this::rateLimit),
                d.disabled(),
                d.disabledReason().map(this::disabledReason),
                metadata(d.metadata()),
                now,
                now);
    }

    /**
     * {@code e} with {@code c} applied, every changed field checked. Enabling clears the disabled reason; a reason
     * is kept while the endpoint stays disabled, unless a new one is given.
     */
    Endpoint apply(Endpoint e, EndpointChanges c, Instant now) {
        Map<String, String> headers = c.headers().orElse(e.headers());
        URI url = c.url().isPresent() || c.headers().isPresent()
                ? target(c.url().orElse(e.url().toString()), headers)
                : e.url();
        boolean disabled = c.disabled().orElse(e.disabled());
        if (c.disabledReason().isPresent() && !disabled) {
            throw reasonWithoutDisabled();
        }
        Optional<String> reason = !disabled
                ? Optional.empty()
                : c.disabledReason()
                        .map(this::disabledReason)
                        .or(() -> e.disabled() ? e.disabledReason() : Optional.empty());
        return new Endpoint(
                e.id(),
                e.tenant(),
                url,
                c.eventTypes().map(this::eventTypes).orElse(e.eventTypes()),
                c.channels().map(this::channels).orElse(e.channels()),
                c.description().map(this::description).orElse(e.description()),
                headers,
                c.rateLimit().map(limit -> limit.map(this::rateLimit)).orElse(e.rateLimit()),
                disabled,
                reason,
                c.metadata().map(this::metadata).orElse(e.metadata()),
                e.createdAt(),
                now);
    }

    /** Checks the URL and headers as a message's; returns the URL. */
    URI target(String url, Map<String, String> headers) {
        Message.Builder probe = Message.builder(url).payload("{}");
        headers.forEach(probe::header);
        try {
            Validation.validate(probe.build(), producer);
        } catch (InvalidMessageException e) {
            throw invalid(e.field().equals("header") ? "headers" : e.field(), e.getMessage());
        }
        URI uri = URI.create(url);
        Optional<String> problem = TargetUrl.problemWith(uri)
                .or(() -> TargetUrl.blockedAddress(uri, allowedNetworks)
                        .map(p -> p + " (" + WorkerConfig.ALLOWED_NETWORKS + " opens exceptions)"));
        problem.ifPresent(p -> {
            throw invalid("url", p);
        });
        return uri;
    }

    /** The event type names, each checked, without repeats, sorted. */
    List<String> eventTypes(List<String> names) {
        TreeSet<String> out = new TreeSet<>();
        for (String name : names) {
            try {
                out.add(new EventTypeName(name).value());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw invalid("eventTypes", "eventTypes: " + e.getMessage());
            }
        }
        if (out.size() > MAX_EVENT_TYPES) {
            throw invalid(
                    "eventTypes",
                    "eventTypes names " + out.size() + " types; the most is " + MAX_EVENT_TYPES
                            + " (name none to receive every type)");
        }
        return List.copyOf(out);
    }

    /** The channels, each checked, without repeats, sorted. */
    List<String> channels(List<String> channels) {
        TreeSet<String> out = new TreeSet<>();
        for (String channel : channels) {
            if (channel == null || !CHANNEL.matcher(channel).matches()) {
                throw invalid(
                        "channels",
                        "channels: each must be 1 to 128 letters, digits, '_', '-', '.' or ':', got" + " '" + channel
                                + "'");
            }
            out.add(channel);
        }
        if (out.size() > MAX_CHANNELS) {
            throw invalid("channels", "channels has " + out.size() + " channels; the most is " + MAX_CHANNELS);
        }
        return List.copyOf(out);
    }

    String description(String description) {
        return text("description", description);
    }

    String disabledReason(String reason) {
        return text("disabledReason", reason);
    }

    int rateLimit(long perSecond) {
        if (perSecond < 1 || perSecond > MAX_RATE_LIMIT) {
            throw invalid(
                    "rateLimit",
                    "rateLimit must be from 1 to " + MAX_RATE_LIMIT + " requests per second, got " + perSecond);
        }
        return (int) perSecond;
    }

    Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw invalid(
                    "metadata", "metadata has " + metadata.size() + " entries; the most is " + MAX_METADATA_ENTRIES);
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH) {
                throw invalid(
                        "metadata",
                        "metadata keys must be 1 to " + MAX_METADATA_KEY_LENGTH + " characters, got " + key.length());
            }
            text("metadata", value);
        });
        return metadata;
    }

    /** A secret in {@code whsec_} form; the message never repeats it. */
    static SigningSecret secret(String whsec) {
        try {
            return SigningSecret.parse(whsec);
        } catch (InvalidSigningSecretException e) {
            throw invalid("secret", "secret: " + e.getMessage());
        }
    }

    private static InvalidRegistryInputException reasonWithoutDisabled() {
        return invalid("disabledReason", "disabledReason is for a disabled endpoint: send \"disabled\": true with it");
    }

    /** Text of at most {@value #MAX_TEXT_LENGTH} characters: a description, a reason, a metadata value. */
    static String text(String field, String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw invalid(field, field + " is " + text.length() + " characters long; the most is " + MAX_TEXT_LENGTH);
        }
        return text;
    }

    static InvalidRegistryInputException invalid(String field, String message) {
        return new InvalidRegistryInputException(field, message);
    }
}
