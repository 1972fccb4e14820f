package io.hookshot.worker.run;

import io.hookshot.common.Job;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.common.signing.WebhookHeaders;
import io.hookshot.common.signing.WebhookSigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Standard Webhooks headers the worker adds to one attempt: {@code webhook-id}, {@code webhook-timestamp} and,
 * when there is a secret, {@code webhook-signature} over the exact body sent. The job's own secrets win over the
 * worker's default ({@code HOOKSHOT_SIGNING_SECRET}); with neither, the request is not signed. Thread-safe
 * (immutable); one HMAC per secret per attempt.
 */
final class AttemptHeaders {
    private final List<SigningSecret> defaultSecrets;

    AttemptHeaders(List<SigningSecret> defaultSecrets) {
        this.defaultSecrets = List.copyOf(defaultSecrets);
    }

    /**
     * @param msgId            the {@code webhook-id}, the same on every attempt
     * @param timestampSeconds unix seconds of this attempt, sent as {@code webhook-timestamp} and signed
     */
    Map<String, String> of(Job job, String msgId, long timestampSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookHeaders.ID, msgId);
        headers.put(WebhookHeaders.TIMESTAMP, Long.toString(timestampSeconds));
        List<SigningSecret> secrets = job.signingSecrets().isEmpty() ? defaultSecrets : job.signingSecrets();
        if (!secrets.isEmpty()) {
            headers.put(WebhookHeaders.SIGNATURE, WebhookSigner.sign(msgId, timestampSeconds, job.payload(), secrets));
        }
        return headers;
    }
}
