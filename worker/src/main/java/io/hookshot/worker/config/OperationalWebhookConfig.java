package io.hookshot.worker.config;

import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a worker sends operational webhooks (breaker transitions, disabled endpoints, dead messages: see README
 * "Operational webhooks"), and the secret they are signed with. Read from {@link #VARIABLES}. Immutable;
 * {@link #toString()} never shows the secret.
 *
 * @param url    where they are posted; empty: operational webhooks are off
 * @param secret what they are signed with; present exactly when {@code url} is
 */
public record OperationalWebhookConfig(Optional<URI> url, Optional<SigningSecret> secret) {
    public static final String URL = "HOOKSHOT_OPERATIONAL_WEBHOOK_URL";
    public static final String SECRET = "HOOKSHOT_OPERATIONAL_WEBHOOK_SECRET";

    /** Off. */
    public static final OperationalWebhookConfig OFF = new OperationalWebhookConfig(Optional.empty(), Optional.empty());

    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(
                    URL,
                    "",
                    "Where to send operational webhooks (endpoint.circuit_opened, endpoint.circuit_closed,"
                            + " endpoint.disabled, message.dead), through the queue like any message; unset: none"),
            new ConfigVariable(
                    SECRET,
                    "",
                    "Secret (whsec_...) that signs the operational webhooks; required with"
                            + " HOOKSHOT_OPERATIONAL_WEBHOOK_URL"));

    public OperationalWebhookConfig {
        if (url.isPresent() != secret.isPresent()) {
            throw new InvalidConfigException(
                    url.isPresent()
                            ? SECRET + " is not set: " + URL + " needs a secret to sign with, like whsec_"
                                    + "<base64 of 24 to 64 random bytes>"
                            : URL + " is not set: " + SECRET + " signs operational webhooks, which go to " + URL);
        }
    }

    /** Whether operational webhooks are sent. */
    public boolean enabled() {
        return url.isPresent();
    }

    /** Reads and checks both variables; throws {@link InvalidConfigException} naming a bad one. */
    public static OperationalWebhookConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        List<SigningSecret> secrets = r.signingSecrets(SECRET, List.of());
        if (secrets.size() > 1) {
            throw new InvalidConfigException(SECRET + " must be one whsec_ secret, got " + secrets.size());
        }
        String text = r.string(URL, "");
        return new OperationalWebhookConfig(
                text.isEmpty() ? Optional.empty() : Optional.of(url(text)),
                secrets.stream().findFirst());
    }

    private static URI url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(URL + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidConfigException(URL + " must be an absolute http or https URL, got '" + text + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidConfigException(URL + " must not carry credentials: give them as a header of the"
                    + " receiver's choosing, or in the path");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "OperationalWebhookConfig[url=" + url.map(URI::toString).orElse("none") + "]";
    }
}
