package io.hookshot.common.signing;

/** The Standard Webhooks request header names, lower case as the specification writes them. */
public final class WebhookHeaders {
    /** The message id, the same on every attempt: receivers deduplicate on it. */
    public static final String ID = "webhook-id";
    /** Unix seconds of this attempt. */
    public static final String TIMESTAMP = "webhook-timestamp";
    /** {@code v1,<base64>} entries, space-separated, one per secret the message is signed with. */
    public static final String SIGNATURE = "webhook-signature";

    private WebhookHeaders() {}
}
