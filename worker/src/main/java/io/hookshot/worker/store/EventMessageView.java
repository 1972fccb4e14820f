package io.hookshot.worker.store;

/** One message of an event: the endpoint it was made for and how its delivery stands. Immutable. */
public record EventMessageView(String endpointId, String messageId, String url, MessageStatus status, int attempts) {}
