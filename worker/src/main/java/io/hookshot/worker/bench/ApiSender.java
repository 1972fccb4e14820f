package io.hookshot.worker.bench;

import io.hookshot.producer.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends each message with one {@code POST /v1/messages} to an admin API, as a service in another language would:
 * JSON body with the message's own id (so the receipt log knows it before the answer), its URL, its payload as JSON
 * and its retry schedule; keep-alive connections of the JDK's HTTP/1.1 client. Anything but 202 is an error naming
 * the status and body. Thread-safe.
 */
final class ApiSender implements MessageSender {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    private final URI messages;
    private final String authorization;

    ApiSender(URI base, String token) {
        this.messages = base.resolve("/v1/messages");
        this.authorization = "Bearer " + token;
    }

    @Override
    public String via() {
        return API;
    }

    @Override
    public void send(Message message) {
        HttpRequest request = HttpRequest.newBuilder(messages)
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message)))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + messages + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException(
                    "POST " + messages + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void sendAll(List<Message> messages) {
        messages.forEach(this::send);
    }

    @Override
    public boolean batches() {
        return false;
    }

    /** The bench's messages carry a JSON payload, no headers of their own and no delay (see {@link BenchMessages}). */
    static String body(Message message) {
        StringBuilder json = new StringBuilder(message.payload().length + 200)
                .append("{\"id\":\"")
                .append(message.id().value())
                .append("\",\"url\":\"")
                .append(message.url())
                .append("\",\"payload\":")
                .append(new String(message.payload(), StandardCharsets.UTF_8));
        message.retrySchedule().ifPresent(schedule -> {
            json.append(",\"retrySchedule\":[");
            for (int i = 0; i < schedule.delays().size(); i++) {
                json.append(i == 0 ? "" : ",").append(schedule.delays().get(i).toMillis());
            }
            json.append(']');
        });
        return json.append('}').toString();
    }
}
