package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RedisUrl;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.InvalidSigningSecretException;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.worker.http.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed settings from a map of environment variables. Every error is an {@link InvalidConfigException} that
 * names the variable, what it holds and what was expected. Immutable.
 */
public final class EnvReader {
    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    private String raw(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String required(String name, String example) {
        String value = raw(name);
        if (value == null) {
            throw new InvalidConfigException(name + " is not set: give it a value like " + example);
        }
        return value;
    }

    /** A required Redis URL of either form {@link RedisUrl} reads; the error never echoes it (it may hold a password). */
    public RedisUrl redisUrl(String name) {
        String value = required(
                name,
                "redis://127.0.0.1:6379, or redis-cluster://10.0.0.1:6379,10.0.0.2:6379 for a" + " Redis Cluster");
        try {
            return RedisUrl.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(name + " " + e.getMessage());
        }
    }

    public String string(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    /** A queue name, checked by {@link RedisKeys#requireValidQueueName}. */
    public String queueName(String name, String fallback) {
        String queue = string(name, fallback);
        try {
            return RedisKeys.requireValidQueueName(queue);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(name + ": " + e.getMessage());
        }
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigException(
                name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    public double fraction(String name, double fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigException(name + " must be a number from 0 to 1, got '" + value + "'");
    }

    public boolean bool(String name, boolean fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InvalidConfigException(name + " must be true or false, got '" + value + "'");
        };
    }

    public Duration duration(String name, Duration fallback, Duration min) {
        return optionalDuration(name, min).orElse(fallback);
    }

    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        return optionalDuration(name, min, max).orElse(fallback);
    }

    /** A duration that may be left unset (empty), and otherwise must be at least {@code min}. */
    public Optional<Duration> optionalDuration(String name, Duration min) {
        Optional<Duration> d = parsedDuration(name);
        if (d.isPresent() && d.get().compareTo(min) < 0) {
            throw new InvalidConfigException(
                    name + " must be at least " + Durations.format(min) + ", got '" + raw(name) + "'");
        }
        return d;
    }

    /** A duration that may be left unset (empty), and otherwise must be from {@code min} to {@code max}. */
    public Optional<Duration> optionalDuration(String name, Duration min, Duration max) {
        Optional<Duration> d = parsedDuration(name);
        if (d.isPresent() && (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0)) {
            throw new InvalidConfigException(name + " must be from " + Durations.format(min) + " to "
                    + Durations.format(max) + ", got '" + raw(name) + "'");
        }
        return d;
    }

    private Optional<Duration> parsedDuration(String name) {
        String value = raw(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(name + ": " + e.getMessage());
        }
    }

    public RetrySchedule schedule(String name, RetrySchedule fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        try {
            return RetrySchedule.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(name + ": " + e.getMessage());
        }
    }

    /** Space-separated {@code whsec_} secrets; an error names the variable, never the secret. */
    public List<SigningSecret> signingSecrets(String name, List<SigningSecret> fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        String[] texts = value.split("\\s+");
        List<SigningSecret> secrets = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            try {
                secrets.add(SigningSecret.parse(texts[i]));
            } catch (InvalidSigningSecretException e) {
                throw new InvalidConfigException(
                        name + ": " + (texts.length == 1 ? "" : "secret " + (i + 1) + " of " + texts.length + ": ")
                                + e.getMessage());
            }
        }
        return List.copyOf(secrets);
    }

    /** Comma-separated CIDR networks, like {@code 10.0.0.0/8,::1/128}; white space around each is ignored. */
    public List<Cidr> networks(String name, List<Cidr> fallback) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        List<Cidr> networks = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            if (part.isBlank()) {
                throw new InvalidConfigException(name + " must be comma-separated CIDR networks like 10.0.0.0/8,"
                        + "::1/128, got an empty entry in '" + value + "'");
            }
            try {
                networks.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(name + ": " + e.getMessage());
            }
        }
        return List.copyOf(networks);
    }
}
