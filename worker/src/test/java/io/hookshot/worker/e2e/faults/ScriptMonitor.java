package io.hookshot.worker.e2e.faults;

import io.hookshot.common.LuaScript;
import io.hookshot.worker.queue.ClaimCall;
import io.hookshot.worker.queue.SettleCall;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Watches Redis run the queue's scripts, through {@code MONITOR} on a connection of its own, and counts how often
 * each call ran: a claim is one call per claim id, a settle call one per first (job id, fencing token), so a count above one
 * is a call that reached Redis twice (a client re-sent it). For tests only: MONITOR slows Redis down. Thread-safe.
 */
final class ScriptMonitor implements AutoCloseable {
    /** Where the identifying arguments sit among a script's arguments (after the keys), by script. */
    private static final Map<LuaScript, int[]> IDENTITY = Map.of(
            LuaScript.CLAIM, new int[] {ClaimCall.CLAIM_ID_ARG},
            LuaScript.SETTLE, new int[] {SettleCall.FIRST_ID_ARG, SettleCall.FIRST_ID_ARG + 1}); // and its token

    private final Jedis jedis;
    private final Thread thread;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<LuaScript, AtomicLong> calls = new ConcurrentHashMap<>();

    ScriptMonitor(String redisUrl) {
        URI uri = URI.create(redisUrl);
        jedis = new Jedis(uri.getHost(), uri.getPort());
        thread = Thread.ofPlatform().daemon().name("script-monitor").start(() -> {
            try {
                jedis.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String line) {
                        record(line);
                    }
                });
            } catch (RuntimeException e) {
                // closed
            }
        });
    }

    private void record(String line) {
        if (line.contains(" lua] ") || !line.contains("\"EVALSHA\"")) {
            return;
        }
        List<String> words = quoted(line);
        if (words.size() < 3) {
            return;
        }
        for (LuaScript script : LuaScript.values()) {
            if (script.sha1().equalsIgnoreCase(words.get(1))) {
                calls.computeIfAbsent(script, s -> new AtomicLong()).incrementAndGet();
                int[] at = IDENTITY.get(script);
                if (at != null) {
                    int firstArg = 3 + Integer.parseInt(words.get(2));
                    StringBuilder identity = new StringBuilder(script.name());
                    for (int i : at) {
                        identity.append(' ').append(words.get(firstArg + i));
                    }
                    runs.computeIfAbsent(identity.toString(), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
        }
    }

    /** The double-quoted words of a MONITOR line, unescaped enough to compare ids and tokens. */
    private static List<String> quoted(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (word == null) {
                if (c == '"') {
                    word = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == '"') {
                words.add(word.toString());
                word = null;
            } else {
                word.append(c);
            }
        }
        return words;
    }

    /** Calls of {@code script} that Redis ran, re-sent ones included. */
    long calls(LuaScript script) {
        AtomicLong n = calls.get(script);
        return n == null ? 0 : n.get();
    }

    /** Calls of {@code script} (claim or settle) that Redis ran more than once. */
    long rerun(LuaScript script) {
        return runs.entrySet().stream()
                .filter(e -> e.getKey().startsWith(script.name() + " "))
                .filter(e -> e.getValue().get() > 1)
                .count();
    }

    @Override
    public void close() {
        jedis.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
