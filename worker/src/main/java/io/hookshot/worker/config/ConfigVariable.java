package io.hookshot.worker.config;

/**
 * One environment variable: its name, its default as written in the environment ("" when it has none and must
 * be set), and what it does. The README's configuration table and {@code deploy/hookshot.env.example} list exactly
 * these (a test checks it).
 */
public record ConfigVariable(String name, String defaultValue, String description) {}
