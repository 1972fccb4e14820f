package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.fixtures.DeadLetters;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead letters through the admin API: list, show, replay (one, by filter, dry run, paced), delete. */
@ExtendWith(RealServers.class)
class ApiDeadLettersIT {
    private final AtomicBoolean recovered = new AtomicBoolean();

    private TestReceiver failingUntilRecovered() {
        return TestReceiver.scripted((request, earlier) -> recovered.get() ? Answer.ok() : Answer.status(500));
    }

    /** Sends through the API and lets a worker try until each message is dead (three attempts). */
    private static void deliverUntilDead(ApiFixture api, List<String> ids) {
        try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
            api.queue.awaitFinal(ids, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (String id : ids) {
                    assertThat(api.get("/v1/dead-letters/" + id).status())
                            .as(id)
                            .isEqualTo(200);
                }
            });
        }
    }

    @Test
    void aReplayContinuesTheAttemptNumberingAndTheMessageEndsDelivered(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = failingUntilRecovered()) {
            String id = api.enqueue(receiver.url("/one"), "{\"n\":1}");
            deliverUntilDead(api, List.of(id));
            JsonNode dead = api.get("/v1/dead-letters/" + id).json();
            assertThat(dead.get("attempts").asInt()).isEqualTo(3);
            assertThat(dead.has("job"))
                    .as("the stored job (payload, secrets) is never shown")
                    .isFalse();
            assertThat(api.get("/v1/messages/" + id).json().get("status").asText())
                    .isEqualTo("dead");

            recovered.set(true);
            Response replay = api.post("/v1/dead-letters/" + id + "/replay", null);
            assertThat(replay.status()).as(replay.text()).isEqualTo(202);
            assertThat(replay.json().get("firstAttempt").asInt()).isEqualTo(4);
            assertThat(api.get("/v1/dead-letters/" + id).status()).isEqualTo(404);
            assertThat(api.get("/v1/messages/" + id).json().get("status").asText())
                    .isEqualTo("pending");

            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                api.queue.awaitFinal(List.of(id), Duration.ofSeconds(20));
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(api.get("/v1/messages/" + id + "/attempts")
                                        .json()
                                        .get("attempts"))
                                .hasSize(4));
            }
            JsonNode attempts =
                    api.get("/v1/messages/" + id + "/attempts").json().get("attempts");
            assertThat(attempts).extracting(a -> a.get("attempt").asInt()).containsExactly(1, 2, 3, 4);
            assertThat(attempts)
                    .extracting(a -> a.get("outcome").asText())
                    .containsExactly("retrying", "retrying", "dead", "delivered");
            JsonNode message = api.get("/v1/messages/" + id).json();
            assertThat(message.get("status").asText()).isEqualTo("delivered");
            assertThat(message.get("attempts").asInt()).isEqualTo(4);
            assertThat(receiver.receivedFor(id))
                    .hasSize(4)
                    .allSatisfy(r -> assertThat(r.webhookId()).isEqualTo(id));
            assertThat(api.queue.inspect().violations()).isEmpty();
        }
    }

    @Test
    void replayByFilterDryRunChangesNothingAndTheRealRunIsPacedInSearchOrder(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = failingUntilRecovered()) {
            String bulkUrl = receiver.url("/bulk");
            List<String> bulk = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                bulk.add(api.enqueue(bulkUrl, "{\"i\":" + i + "}"));
            }
            String other = api.enqueue(receiver.url("/other"), "{}");
            String moved = api.enqueue(receiver.url("/other"), "{}");
            List<String> all = new ArrayList<>(bulk);
            all.addAll(List.of(other, moved));
            deliverUntilDead(api, all);

            String filter = "url=" + bulkUrl;
            List<String> searchOrder = new ArrayList<>();
            api.get("/v1/dead-letters?" + filter)
                    .json()
                    .get("items")
                    .forEach(d -> searchOrder.add(d.get("id").asText()));
            assertThat(searchOrder).containsExactlyInAnyOrderElementsOf(bulk);

            JsonNode dry = api.post("/v1/dead-letters/replay?dryRun=true&" + filter, null)
                    .json();
            assertThat(dry.get("matched").asInt()).isEqualTo(4);
            assertThat(dry.get("replayed").asInt()).isZero();
            assertThat(dry.get("sample")).extracting(JsonNode::asText).containsExactlyElementsOf(searchOrder);
            assertThat(api.get("/v1/dead-letters").json().get("items")).hasSize(6);
            assertThat(api.queue.countWithStatus(all, MessageStatus.DEAD)).isEqualTo(6);
            assertThat(api.queue.inspect().live()).isZero();

            assertThat(api.post("/v1/dead-letters/replay?rate=1000&" + filter, null)
                            .json()
                            .get("field")
                            .asText())
                    .isEqualTo("rate");
            recovered.set(true);
            long started = System.nanoTime();
            JsonNode run =
                    api.post("/v1/dead-letters/replay?rate=5&" + filter, null).json();
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(run.get("replayed").asInt()).isEqualTo(4);
            assertThat(run.get("replayedIds")).extracting(JsonNode::asText).containsExactlyElementsOf(searchOrder);
            assertThat(elapsedMs)
                    .as("4 replays at 5 a second start 0.6 s apart at least")
                    .isGreaterThanOrEqualTo(550);
            assertThat(api.get("/v1/dead-letters").json().get("items"))
                    .extracting(d -> d.get("id").asText())
                    .containsExactlyInAnyOrder(other, moved);

            Response badUrl = api.post("/v1/dead-letters/" + moved + "/replay", "{\"url\":\"ftp://example.com/x\"}");
            assertThat(badUrl.status()).isEqualTo(400);
            assertThat(badUrl.json().get("field").asText()).isEqualTo("url");
            String movedUrl = receiver.url("/moved");
            Response toNewUrl = api.post("/v1/dead-letters/" + moved + "/replay", "{\"url\":\"" + movedUrl + "\"}");
            assertThat(toNewUrl.status()).as(toNewUrl.text()).isEqualTo(202);

            assertThat(api.delete("/v1/dead-letters/" + other).status()).isEqualTo(204);
            assertThat(api.get("/v1/dead-letters/" + other).status()).isEqualTo(404);

            List<String> replayed = new ArrayList<>(bulk);
            replayed.add(moved);
            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                api.queue.awaitFinal(replayed, Duration.ofSeconds(20));
            }
            assertThat(api.queue.countWithStatus(replayed, MessageStatus.DELIVERED))
                    .isEqualTo(5);
            assertThat(api.queue.message(other).orElseThrow().status()).isEqualTo(MessageStatus.DEAD);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(api.get("/v1/messages/" + moved + "/attempts")
                                    .json()
                                    .get("attempts"))
                            .hasSize(4));
            assertThat(api.get("/v1/messages/" + moved + "/attempts")
                            .json()
                            .get("attempts")
                            .get(3)
                            .get("url")
                            .asText())
                    .isEqualTo(movedUrl);
        }
    }

    @Test
    void deadLettersPageAndDeleteByFilterWithADryRun(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            Instant base = Instant.parse("2026-05-01T00:00:00Z");
            for (int i = 0; i < 7; i++) {
                DeadLetters.insert(
                        api.queue,
                        "msg_dl_" + i,
                        i < 5 ? "http://127.0.0.1:9/a" : "http://127.0.0.1:9/b",
                        base.plusSeconds(i),
                        DeadLetters.encodedJob("msg_dl_" + i, "http://127.0.0.1:9/a"));
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            for (int pages = 0; pages < 10; pages++) {
                JsonNode page = api.get("/v1/dead-letters?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                        .json();
                page.get("items").forEach(d -> seen.add(d.get("id").asText()));
                cursor = page.get("nextCursor").isNull()
                        ? null
                        : page.get("nextCursor").asText();
                if (cursor == null) {
                    break;
                }
            }
            assertThat(seen)
                    .containsExactly(
                            "msg_dl_6", "msg_dl_5", "msg_dl_4", "msg_dl_3", "msg_dl_2", "msg_dl_1", "msg_dl_0");
            assertThat(api.get("/v1/dead-letters?status=dead")
                            .json()
                            .get("field")
                            .asText())
                    .isEqualTo("status");

            Response unfiltered = api.delete("/v1/dead-letters");
            assertThat(unfiltered.status()).isEqualTo(400);
            JsonNode dry = api.delete("/v1/dead-letters?dryRun=true&url=http://127.0.0.1:9/a")
                    .json();
            assertThat(dry.get("matched").asInt()).isEqualTo(5);
            assertThat(api.get("/v1/dead-letters").json().get("items")).hasSize(7);
            assertThat(api.delete("/v1/dead-letters?url=http://127.0.0.1:9/a&since=2026-05-01T00:00:01Z")
                            .json()
                            .get("deleted")
                            .asInt())
                    .isEqualTo(4);
            assertThat(api.get("/v1/dead-letters").json().get("items"))
                    .extracting(d -> d.get("id").asText())
                    .containsExactly("msg_dl_6", "msg_dl_5", "msg_dl_0");
            assertThat(api.delete("/v1/dead-letters?all=true")
                            .json()
                            .get("deleted")
                            .asInt())
                    .isEqualTo(3);
        }
    }
}
