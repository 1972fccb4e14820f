package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.Outbox;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HistoryStoreIT extends HistoryStoreTestBase {

    @Test
    void recordsARetryThenADelivery() {
        String id = newId();
        store.write(List.of(
                entries.accepted(id, URL, T0, T0, T0 + 1),
                entries.retrying(id, 1, response(URL, 503, "busy"), T0 + 5_000, T0 + 100),
                entries.attempt(id, 2, MessageStatus.DELIVERED, response(URL, 200, "ok"), T0 + 5_200)));

        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(message.attempts()).isEqualTo(2);
        assertThat(message.url()).isEqualTo(URL);
        assertThat(message.createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(message.updatedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 5_200));
        assertThat(message.finishedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 5_200));
        assertThat(message.nextAttemptAt()).isNull();
        assertThat(message.lastStatusCode()).isEqualTo(200);

        List<AttemptView> attempts = store.attempts(id);
        assertThat(attempts).extracting(AttemptView::attempt).containsExactly(1, 2);
        assertThat(attempts)
                .extracting(AttemptView::outcome)
                .containsExactly(MessageStatus.RETRYING, MessageStatus.DELIVERED);
        AttemptView first = attempts.getFirst();
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.responseBody()).isEqualTo("busy");
        assertThat(first.responseHeaders()).containsEntry("content-type", "text/plain");
        assertThat(first.workerId()).isEqualTo("worker-1");
        assertThat(first.durationMs()).isEqualTo(40);
        assertThat(first.startedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 10));
    }

    @Test
    void showsTheNextAttemptWhileRetrying() {
        String id = newId();
        store.write(List.of(
                entries.accepted(id, URL, T0, T0, T0),
                entries.retrying(id, 1, failure(URL, "timeout"), T0 + 5_000, T0 + 100)));

        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.RETRYING);
        assertThat(message.nextAttemptAt()).isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
        assertThat(message.lastStatusCode()).isNull();
        assertThat(message.lastError()).isEqualTo("it failed: timeout");
        assertThat(message.finishedAt()).isNull();
    }

    @Test
    void writingTheSameBatchTwiceChangesNothing() {
        String id = newId();
        List<OutboxEntry> batch = List.of(
                entries.accepted(id, URL, T0, T0, T0),
                entries.retrying(id, 1, response(URL, 500, "no"), T0 + 5_000, T0 + 100),
                entries.dead(id, 2, response(URL, 500, "no"), "gave up after 2 attempts", "{\"v\":1}", T0 + 5_100));
        store.write(batch);
        MessageView before = store.findMessage(id).orElseThrow();
        long rowsBefore = rowCount(id);

        store.write(batch);

        assertThat(store.findMessage(id)).contains(before);
        assertThat(rowCount(id)).isEqualTo(rowsBefore).isEqualTo(1 + 2 + 1);
    }

    @Test
    void aDeliveryRecordedBeforeItsAcceptanceStaysDelivered() {
        String id = newId();
        store.write(List.of(entries.attempt(id, 2, MessageStatus.DELIVERED, response(URL, 204, ""), T0 + 5_200)));
        store.write(List.of(entries.accepted(id, URL, T0, T0, T0 + 1)));
        store.write(List.of(entries.retrying(id, 1, response(URL, 503, ""), T0 + 5_000, T0 + 100)));

        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(message.attempts()).isEqualTo(2);
        assertThat(message.lastStatusCode()).isEqualTo(204);
        assertThat(message.createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(store.attempts(id)).hasSize(2);
    }

    @Test
    void archivesADeadMessageWithItsJob() {
        Job job = ScriptedQueue.newJob(URL);
        String id = job.id().value();
        String json = JobCodec.encode(job);
        store.write(List.of(
                entries.accepted(id, URL, T0, T0, T0),
                entries.dead(id, 1, failure(URL, "blocked"), "the URL is not allowed", json, T0 + 50)));

        DeadLetterView dead = store.findDeadLetter(id).orElseThrow();
        assertThat(dead.job()).isEqualTo(json);
        assertThat(JobCodec.decode(dead.job())).isEqualTo(job);
        assertThat(dead.reason()).isEqualTo("the URL is not allowed");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.url()).isEqualTo(URL);
        assertThat(dead.diedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 50));
        assertThat(dead.archivedAt()).isNotNull();
        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DEAD);
        assertThat(message.finishedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 50));
    }

    @Test
    void recordsAStalledAttemptBeforeTheDelivery() {
        String id = newId();
        store.write(List.of(entries.accepted(id, URL, T0, T0, T0)));
        // No claim time, as for a lease an older worker took: the attempt is recorded at the reap, lasting 0 ms.
        store.write(List.of(entries.stalled(id, 1, T0 + 60_000)));

        assertThat(store.findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.RETRYING);
        store.write(List.of(entries.attempt(id, 2, MessageStatus.DELIVERED, response(URL, 200, "ok"), T0 + 61_000)));

        List<AttemptView> attempts = store.attempts(id);
        AttemptView stalled = attempts.getFirst();
        assertThat(stalled.attempt()).isEqualTo(1);
        assertThat(stalled.errorClass()).isEqualTo("stalled");
        assertThat(stalled.errorMessage()).isEqualTo(HistoryRows.LEASE_EXPIRED);
        assertThat(stalled.statusCode()).isNull();
        assertThat(stalled.workerId()).isNull();
        assertThat(stalled.durationMs()).isZero();
        assertThat(stalled.url()).isEqualTo(URL);
        assertThat(stalled.startedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(stalled.outcome()).isEqualTo(MessageStatus.RETRYING);
        assertThat(attempts.get(1).outcome()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(store.findMessage(id).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void aStalledAttemptStartsAtItsClaimAndLastsUntilItsLeaseWasFoundExpired() {
        String id = newId();
        store.write(List.of(
                entries.accepted(id, URL, T0, T0, T0),
                Entries.with(entries.stalled(id, 1, T0 + 60_000), Outbox.CLAIMED, String.valueOf(T0 + 1_000))));

        AttemptView stalled = store.attempts(id).getFirst();
        assertThat(stalled.startedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        assertThat(stalled.durationMs()).isEqualTo(59_000);
        assertThat(store.findMessage(id).orElseThrow().updatedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
    }

    @Test
    void recordsAReleasedAttemptAsReleased() {
        String id = newId();
        store.write(List.of(entries.accepted(id, URL, T0, T0, T0), entries.released(id, 1, T0 + 10)));

        AttemptView released = store.attempts(id).getFirst();
        assertThat(released.errorClass()).isEqualTo("released");
        assertThat(released.errorMessage()).isEqualTo("released at worker shutdown");
        assertThat(released.url()).isEqualTo(URL);
    }

    @Test
    void takesTheUrlOfAMessageThatStalledToDeathFromItsJob() {
        Job job = ScriptedQueue.newJob(URL);
        String id = job.id().value();
        long created = job.createdAt().toEpochMilli();
        store.write(List.of(Entries.created(entries.stalledDead(id, 3, JobCodec.encode(job), T0), created)));

        assertThat(store.findDeadLetter(id).orElseThrow().url()).isEqualTo(URL);
        assertThat(store.findMessage(id).orElseThrow().url()).isEqualTo(URL);
        assertThat(store.attempts(id).getFirst().errorClass()).isEqualTo("stalled");

        store.write(List.of(entries.accepted(id, URL, created, T0 - 1_000, T0 - 1_000)));
        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DEAD);
        assertThat(message.createdAt()).isEqualTo(Instant.ofEpochMilli(created));
    }

    @Test
    void aStalledRecordOfAnUnknownMessageGetsItsUrlWhenTheAcceptanceArrives() {
        String id = newId();
        store.write(List.of(entries.stalled(id, 1, T0 + 60_000)));
        assertThat(store.attempts(id).getFirst().url()).isEmpty();

        store.write(List.of(entries.accepted(id, URL, T0, T0, T0)));

        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.url()).isEqualTo(URL);
        assertThat(message.status()).isEqualTo(MessageStatus.RETRYING);
    }

    @Test
    void storesAnyResponseBodyAsText() {
        Map<String, String> bodies = Map.of(
                newId(), "",
                newId(), "plain text, not JSON {",
                newId(), "broken \uFFFD\uFFFD bytes",
                newId(), "a NUL \u0000 in the middle");
        bodies.forEach((id, body) ->
                store.write(List.of(entries.attempt(id, 1, MessageStatus.DELIVERED, response(URL, 200, body), T0))));

        bodies.forEach((id, body) ->
                assertThat(store.attempts(id).getFirst().responseBody()).isEqualTo(body.replace('\u0000', '\uFFFD')));
    }

    @Test
    void storesUrlsOfAnyLength() {
        String id = newId();
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            query.append(UUID.randomUUID()); // incompressible enough to exceed a b-tree entry's limit
        }
        String longUrl = URL + "?q=" + query;
        store.write(List.of(entries.accepted(id, longUrl, T0, T0, T0)));

        assertThat(store.findMessage(id).orElseThrow().url()).isEqualTo(longUrl);
    }

    @Test
    void skipsEntriesItCannotReadAndWritesTheRest() {
        String id = newId();
        long skippedBefore = store.skippedEntries();
        OutboxEntry unknownType = entries.entry("t", "exploded", "id", newId(), "at", "1");
        OutboxEntry badData = Entries.with(
                entries.attempt(newId(), 1, MessageStatus.DELIVERED, response(URL, 200, ""), T0), "data", "not json");
        OutboxEntry missingAttemptNo = entries.entry("t", "stalled", "id", newId(), "outcome", "retrying", "at", "1");
        OutboxEntry good = entries.accepted(id, URL, T0, T0, T0);

        List<OutboxEntry> written = store.write(List.of(unknownType, badData, good, missingAttemptNo));

        assertThat(written).containsExactly(good);
        assertThat(store.skippedEntries() - skippedBefore).isEqualTo(3);
        assertThat(store.findMessage(id)).isPresent();
    }

    @Test
    void countsMessagesByStatus() {
        long before = store.countMessages(MessageStatus.PENDING);
        store.write(List.of(entries.accepted(newId(), URL, T0, T0, T0), entries.accepted(newId(), URL, T0, T0, T0)));
        assertThat(store.countMessages(MessageStatus.PENDING)).isEqualTo(before + 2);
    }

    @Test
    void aStoreOfOneQueueCountsThatQueuesMessagesOnly() {
        String queue = TestServers.newQueue();
        HistoryStore scoped = new HistoryStore(database, queue);
        long allBefore = store.countMessages(MessageStatus.PENDING);
        Entries other = new Entries(queue);
        store.write(List.of(other.accepted(newId(), URL, T0, T0, T0), entries.accepted(newId(), URL, T0, T0, T0)));

        assertThat(scoped.countMessages(MessageStatus.PENDING)).isEqualTo(1);
        assertThat(store.countMessages(MessageStatus.PENDING)).isEqualTo(allBefore + 2);
    }

    private long rowCount(String id) {
        return database.jdbi()
                .withHandle(
                        h -> h.createQuery("""
                        select (select count(*) from hookshot_message where id = :id)
                             + (select count(*) from hookshot_attempt where message_id = :id)
                             + (select count(*) from hookshot_dead_letter where message_id = :id)""").bind("id", id).mapTo(Long.class).one());
    }

    private static AttemptRecord response(String url, int status, String body) {
        return new AttemptRecord(
                url, T0 + 10, 40, status, null, null, Map.of("content-type", "text/plain"), body, "worker-1");
    }

    private static AttemptRecord failure(String url, String errorClass) {
        return new AttemptRecord(
                url, T0 + 10, 40, null, errorClass, "it failed: " + errorClass, Map.of(), "", "worker-1");
    }

    private static String newId() {
        return "msg_" + UUID.randomUUID();
    }
}
