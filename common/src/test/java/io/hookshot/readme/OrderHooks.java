package io.hookshot.readme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hookshot.common.signing.WebhookVerificationException;
import io.hookshot.common.signing.WebhookVerifier;
import java.io.IOException;

/** Receives webhooks from Hookshot: checks each request's signature before trusting its body. */
final class OrderHooks implements HttpHandler {
    private final WebhookVerifier verifier;

    OrderHooks(String secret) { // "whsec_...": what its messages are signed with
        this.verifier = WebhookVerifier.of(secret);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes(); // the raw bytes: verify before parsing
            try {
                verifier.verify(exchange.getRequestHeaders()::getFirst, body);
            } catch (WebhookVerificationException e) {
                exchange.sendResponseHeaders(401, -1); // e.getMessage() says what failed
                return;
            }
            // Trusted. Deduplicate on the webhook-id header, then handle the body.
            exchange.sendResponseHeaders(204, -1);
        }
    }
}
