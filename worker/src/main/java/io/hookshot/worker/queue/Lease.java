package io.hookshot.worker.queue;

/** A job's lease: valid while {@code token} matches the token stored with the job in partition {@code partition}. */
public record Lease(int partition, String id, String token) {}
