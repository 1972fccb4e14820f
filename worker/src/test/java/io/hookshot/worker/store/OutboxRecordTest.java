package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.store.OutboxRecord.Accepted;
import io.hookshot.worker.store.OutboxRecord.Attempted;
import io.hookshot.worker.store.OutboxRecord.FannedOut;
import io.hookshot.worker.store.OutboxRecord.Stalled;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboxRecordTest {
    private final Entries entries = new Entries("q");

    @Test
    void decodesAnAcceptedRecord() {
        OutboxRecord record = OutboxRecord.decode(entries.accepted("m1", "https://a.example/", 1, 2, 3));

        assertThat(record)
                .isEqualTo(new Accepted(
                        "m1",
                        "https://a.example/",
                        Instant.ofEpochMilli(1),
                        Instant.ofEpochMilli(2),
                        Instant.ofEpochMilli(3),
                        Optional.empty()));
    }

    @Test
    void decodesTheOriginOfAFanOutMessagesAcceptedRecord() {
        EventOrigin origin = new EventOrigin("evt_1", "ep_1", "acme", "invoice.paid");

        OutboxRecord record = OutboxRecord.decode(entries.accepted("m1", "https://a.example/", 1, 2, 3, origin));

        assertThat(record)
                .isInstanceOfSatisfying(
                        Accepted.class, a -> assertThat(a.origin()).contains(origin));
    }

    @Test
    void decodesAnEventRecord() {
        PublishedEvent event = new PublishedEvent(
                new EventId("evt_1"),
                new TenantId("acme"),
                new EventTypeName("a.b"),
                "{}",
                List.of("eu"),
                Optional.empty(),
                Instant.ofEpochMilli(5));

        OutboxRecord record = OutboxRecord.decode(entries.event(event, 3, 9));

        assertThat(record).isEqualTo(new FannedOut("evt_1", event, 3, Instant.ofEpochMilli(9)));
    }

    @Test
    void decodesAnAttemptRecordWithItsData() {
        AttemptRecord data = new AttemptRecord("https://a.example/", 10, 20, 503, null, null, Map.of(), "x", "w1");

        OutboxRecord record = OutboxRecord.decode(entries.retrying("m1", 2, data, 500, 30));

        assertThat(record).isInstanceOfSatisfying(Attempted.class, a -> {
            assertThat(a.attempt()).isEqualTo(2);
            assertThat(a.outcome()).isEqualTo(MessageStatus.RETRYING);
            assertThat(a.data()).isEqualTo(data);
            assertThat(a.due()).contains(Instant.ofEpochMilli(500));
            assertThat(a.job()).isEmpty();
        });
    }

    @Test
    void decodesAStalledRecord() {
        OutboxRecord record = OutboxRecord.decode(entries.released("m1", 1, 7));

        assertThat(record).isInstanceOfSatisfying(Stalled.class, s -> {
            assertThat(s.outcome()).isEqualTo(MessageStatus.RETRYING);
            assertThat(s.reason()).contains("released at worker shutdown");
            assertThat(s.at()).isEqualTo(Instant.ofEpochMilli(7));
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown record type 'exploded'  | t=exploded,id=m,at=1",
                "field 't' is missing            | id=m,at=1",
                "field 'id' is missing           | t=accepted,at=1",
                "field 'at' is not epoch         | t=accepted,id=m,url=u,created=1,due=1,at=soon",
                "field 'url' is missing          | t=accepted,id=m,created=1,due=1,at=1",
                "attempt number '0'              | t=stalled,id=m,n=0,outcome=retrying,at=1",
                "attempt number 'two'            | t=stalled,id=m,n=two,outcome=retrying,at=1",
                "unknown outcome 'maybe'         | t=stalled,id=m,n=1,outcome=maybe,at=1",
                "field 'claimed' is not epoch    | t=stalled,id=m,n=1,outcome=retrying,claimed=soon,at=1",
                "not an attempt record           | t=attempt,id=m,n=1,outcome=dead,data=[],at=1",
                "attempt data has no url         | t=attempt,id=m,n=1,outcome=dead,data={},at=1",
                "field 'ep' is missing           | t=accepted,id=m,url=u,created=1,due=1,at=1,evt=e,tenant=t,etype=x",
                "event data cannot be decoded    | t=event,id=e,data=[],endpoints=1,at=1",
                "field 'endpoints' is not a count | t=event,id=e,data={},endpoints=-1,at=1",
                "field 'endpoints' is missing    | t=event,id=e,data={},at=1",
            })
    void refusesMalformedEntriesNamingTheProblem(String problem, String fields) {
        String[] pairs = fields.split("[,=]");
        OutboxEntry entry = entries.entry(pairs);

        assertThatThrownBy(() -> OutboxRecord.decode(entry))
                .isInstanceOf(MalformedOutboxEntryException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining(entry.streamId());
    }
}
