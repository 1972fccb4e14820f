package io.hookshot.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.common.signing.WebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's "Verifying signatures" example is {@link OrderHooks}, word for word, and it works. */
class ReadmeVerifierExampleTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String FENCE = "```";

    private HttpServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/orders", new OrderHooks(SECRET));
        server.start();
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void theReadmeShowsTheExampleVerbatim() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("\n## Verifying signatures\n"));
        int start = section.indexOf(FENCE + "java\n") + (FENCE + "java\n").length();
        String shown = section.substring(start, section.indexOf(FENCE + "\n", start));

        String source = Files.readString(Path.of("src/test/java/io/hookshot/readme/OrderHooks.java"));

        assertThat("package io.hookshot.readme;\n\n" + shown).isEqualTo(source);
    }

    @Test
    void acceptsASignedRequestAndRefusesAnyOther() throws Exception {
        byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSigner.sign("msg_1", now, body, List.of(SigningSecret.parse(SECRET)));

        assertThat(post(body, "msg_1", now, signature)).isEqualTo(204);
        assertThat(post("{\"order\":43}".getBytes(StandardCharsets.UTF_8), "msg_1", now, signature))
                .isEqualTo(401);
        assertThat(post(body, "msg_2", now, signature)).isEqualTo(401);
        assertThat(post(
                        body,
                        "msg_1",
                        now - 600,
                        WebhookSigner.sign("msg_1", now - 600, body, List.of(SigningSecret.parse(SECRET)))))
                .isEqualTo(401);
        assertThat(client.send(request(body).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(401);
    }

    private int post(byte[] body, String id, long timestamp, String signature) throws Exception {
        HttpRequest request = request(body)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(byte[] body) {
        return HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/orders"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
}
