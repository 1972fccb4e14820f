package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.api.ApiServer;
import io.hookshot.worker.api.ApiServices;
import io.hookshot.worker.api.HealthCheck;
import io.hookshot.worker.api.Problem;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;

/**
 * An admin API server on port 0 over one fresh queue ({@link WorkerFixture}), and a real HTTP client to call it.
 * Close it at the end of the test.
 */
final class ApiFixture implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final int REPLAY_RATE = 20;

    /** One response: status, content type, and the body as text and (when it is JSON) as a tree. */
    record Response(int status, String contentType, String text, JsonNode json) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final WorkerFixture queue;
    final RedissonClient redis;
    final ApiServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiFixture(TestServers servers) {
        this(servers, Optional.empty(), Map.of());
    }

    /** An API whose services use {@code history} instead of the queue's database; the caller closes it. */
    ApiFixture(TestServers servers, Database history) {
        this(servers, Optional.of(history), Map.of());
    }

    /** An API whose settings are the queue's environment with {@code overrides} on top. */
    ApiFixture(TestServers servers, Map<String, String> overrides) {
        this(servers, Optional.empty(), overrides);
    }

    private ApiFixture(TestServers servers, Optional<Database> history, Map<String, String> overrides) {
        this.queue = new WorkerFixture(servers);
        this.redis = RedissonClients.create(servers.redisUrl());
        Database database = history.orElse(queue.database);
        this.server = ApiServer.startFull(
                0,
                Optional.of(TOKEN),
                ApiServices.of(
                        queue.producer,
                        database,
                        redis,
                        REPLAY_RATE,
                        RegistryConfig.fromEnvironment(queue.env(overrides))),
                Map.of("redis", HealthCheck.redis(redis), "postgres", HealthCheck.postgres(database)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    Response get(String path) {
        return call("GET", path, null, TOKEN);
    }

    Response post(String path, String body) {
        return call("POST", path, body, TOKEN);
    }

    Response patch(String path, String body) {
        return call("PATCH", path, body, TOKEN);
    }

    Response delete(String path) {
        return call("DELETE", path, null, TOKEN);
    }

    /** {@code token} null: no Authorization header. */
    Response call(String method, String path, String body, String token) {
        return call(method, path, body, token, Map.of());
    }

    Response call(String method, String path, String body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), type, response.body(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts each body of {@code fieldByBody} to {@code path}: every one must be answered with a 400 problem that names
     * the field the map gives for the body and says what is wrong with it.
     */
    void assertEachIsA400NamingItsField(String path, Map<String, String> fieldByBody) {
        fieldByBody.forEach((body, field) -> {
            Response r = post(path, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).as(body).startsWith(Problem.CONTENT_TYPE);
            assertThat(r.json().get("status").asInt()).as(body).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(body).isEqualTo(field);
            assertThat(r.json().get("detail").asText()).as(body).isNotBlank();
        });
    }

    /** Enqueues through the API; returns the id. */
    String enqueue(String url, String payloadJson) {
        Response r = post("/v1/messages", "{\"url\":\"" + url + "\",\"payload\":" + payloadJson + "}");
        if (r.status() != 202) {
            throw new AssertionError("enqueue answered " + r.status() + ": " + r.text());
        }
        return r.json().get("id").asText();
    }

    @Override
    public void close() {
        server.close();
        redis.shutdown();
        queue.close();
    }
}
