package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.EventId;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.redisson.client.codec.StringCodec;

/**
 * The event model set up through the admin API as a user would (an event type, endpoints, published events), and an
 * endpoint's health set in Redis as the claim and settle scripts would. Each call asserts that the API accepted it.
 * Stateless.
 */
final class EventModelCalls {
    private EventModelCalls() {}

    static void eventType(ApiFixture api, String name) {
        Response r = api.post("/v1/event-types", "{\"name\": \"" + name + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    /** Registers an endpoint of {@code tenant} with the fields of {@code body} (a JSON object); returns its id. */
    static String endpoint(ApiFixture api, String tenant, String body) {
        Response r = api.post("/v1/tenants/" + tenant + "/endpoints", body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Publishes an event; returns its id. */
    static String publish(ApiFixture api, String tenant, String type, String payload) {
        Response r = api.post(
                "/v1/tenants/" + tenant + "/events", "{\"eventType\": \"" + type + "\", \"payload\": " + payload + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    /** The id of the message the fan-out makes of {@code eventId} for {@code endpointId}. */
    static String messageOf(String eventId, String endpointId) {
        return new EventId(eventId).messageIdFor(new EndpointId(endpointId)).value();
    }

    static String path(String tenant, String endpointId, String what) {
        return "/v1/tenants/" + tenant + "/endpoints/" + endpointId + "/" + what;
    }

    static JsonNode health(ApiFixture api, String tenant, String endpointId) {
        Response r = api.get(path(tenant, endpointId, "health"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    /** Sets health fields of the endpoint (by key), and its pause in the paused set, as the scripts would. */
    static void setHealth(ApiFixture api, String endpoint, Map<String, String> fields, Optional<Instant> pausedUntil) {
        RedisKeys keys = new RedisKeys(api.queue.queue, Endpoints.partitionOf(endpoint, api.queue.partitions));
        fields.forEach((name, value) ->
                api.redis.getMap(keys.health(), StringCodec.INSTANCE).fastPut(endpoint + "|" + name, value));
        pausedUntil.ifPresent(at -> {
            api.redis
                    .getMap(keys.health(), StringCodec.INSTANCE)
                    .fastPut(endpoint + "|p", Long.toString(at.toEpochMilli()));
            api.redis.getScoredSortedSet(keys.paused(), StringCodec.INSTANCE).add(at.toEpochMilli(), endpoint);
        });
    }
}
