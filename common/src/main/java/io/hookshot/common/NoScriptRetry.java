package io.hookshot.common;

/**
 * The one policy for a script call Redis answers with NOSCRIPT (its script cache is empty after a restart, a failover
 * to a replica that never loaded the scripts, or a {@code SCRIPT FLUSH}): the call did not run, so the caller loads
 * the scripts and sends it again, up to {@value #MAX_LOADS} loads. Each load reaches every master (Jedis sends
 * {@code SCRIPT LOAD} to all nodes of a cluster, Redisson to all masters), so more than one is needed only while
 * caches keep being flushed. Used by the producer's (Jedis) and the worker's (Redisson) script runners. Stateless.
 */
public final class NoScriptRetry {
    /** Script loads to try for one call (or batch) before giving up on NOSCRIPT. */
    public static final int MAX_LOADS = 3;

    private NoScriptRetry() {}

    /** Whether {@code error}, or one of its causes, is Redis answering NOSCRIPT. */
    public static boolean isNoScript(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
