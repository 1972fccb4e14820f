package io.hookshot.testing;

/** A fresh, empty Postgres schema for one test class: {@code jdbcUrl} selects it as the current schema. */
public record TestDatabase(String jdbcUrl, String user, String password, String schema) {}
