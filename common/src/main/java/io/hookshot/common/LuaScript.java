package io.hookshot.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hookshot's Lua scripts, the queue's and the registry mirror's, read from {@code io/hookshot/lua/<name>.lua}. A line
 * {@code -- @include NAME} is replaced by {@code include/NAME.lua}, so shared functions are written once. Each script
 * documents its KEYS, ARGV and return values in its header. Immutable and thread-safe.
 */
public enum LuaScript {
    ENQUEUE,
    CLAIM,
    EXTEND,
    SETTLE,
    REAP,
    RELEASE,
    ARCHIVE,
    REPLAY,
    MIRROR_ENDPOINTS,
    MIRROR_EVENT_TYPES,
    MIRROR_HEALTH,
    PUBLISH,
    FANNED,
    HELD_SERIES,
    ORIGIN_STATS;

    private final String source;
    private final String sha1;

    LuaScript() {
        this.source = expandIncludes(read(name().toLowerCase(Locale.ROOT) + ".lua"));
        this.sha1 = sha1Hex(source);
    }

    /** The script text, includes expanded: what EVAL sends. */
    public String source() {
        return source;
    }

    /** The SHA-1 Redis knows the script by: what EVALSHA sends. */
    public String sha1() {
        return sha1;
    }

    private static String expandIncludes(String text) {
        // A local, not a static field: enum constants are built before the enum's other static fields.
        Matcher m = Pattern.compile("(?m)^-- @include (\\w+)$").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(read("include/" + m.group(1) + ".lua")));
        }
        return m.appendTail(out).toString();
    }

    private static String read(String path) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/io/hookshot/lua/" + path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script io/hookshot/lua/" + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
