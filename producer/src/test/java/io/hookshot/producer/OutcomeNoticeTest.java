package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.MessageId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notices the scripts publish and keep (include/outcome.lua), read back. */
class OutcomeNoticeTest {
    private static final String ID = "msg_01a240d743607890b966d8fdbe208045";

    @Test
    void aDeliveredNoticeGivesTheStatusAttemptsAndAnExcerptOfTheBody() {
        String details = "{\"url\":\"https://a/x\",\"statusCode\":202,\"responseHeaders\":{\"a\":\"b\"},"
                + "\"responseBody\":\"" + "y".repeat(3000) + "\",\"workerId\":\"w\"}";

        OutcomeNotice notice = OutcomeNotice.parse("m\n" + ID + "\ndelivered\n2\n\n" + details);

        assertThat(notice.key()).isEqualTo(OutcomeNotice.messageKey(ID));
        assertThat(notice.message())
                .isEqualTo(new DeliveryOutcome.Delivered(
                        new MessageId(ID), 202, 2, "y".repeat(DeliveryOutcome.MAX_EXCERPT)));
    }

    @Test
    void aDeadNoticeGivesTheReasonAndTheLastStatusWhenThereWasOne() {
        OutcomeNotice gone = OutcomeNotice.parse(
                "m\n" + ID + "\ndead\n1\ngone: the receiver answered 410\n{\"statusCode\":410,\"responseBody\":\"\"}");
        OutcomeNotice stalled = OutcomeNotice.parse("m\n" + ID + "\ndead\n4\nstalled 4 times\n");
        OutcomeNotice refused =
                OutcomeNotice.parse("m\n" + ID + "\ndead\n3\nexhausted\n{\"errorClass\":\"connect\",\"x\":[1,{}]}");

        assertThat(gone.message())
                .isEqualTo(new DeliveryOutcome.Dead(
                        new MessageId(ID), "gone: the receiver answered 410", 1, Optional.of(410)));
        assertThat(stalled.message())
                .isEqualTo(new DeliveryOutcome.Dead(new MessageId(ID), "stalled 4 times", 4, Optional.empty()));
        assertThat(((DeliveryOutcome.Dead) refused.message()).lastStatus()).isEmpty();
    }

    @Test
    void anEventNoticeNamesItsEndpointsInOrderOrNone() {
        assertThat(OutcomeNotice.parse("e\nevt_1\nep_a ep_b").endpointIds()).containsExactly("ep_a", "ep_b");
        assertThat(OutcomeNotice.parse("e\nevt_1\n").endpointIds()).isEmpty();
        assertThat(OutcomeNotice.parse("e\nevt_1\n").key()).isEqualTo(OutcomeNotice.eventKey("evt_1"));
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> OutcomeNotice.parse("hello")).hasMessageContaining("not an outcome notice");
        assertThatThrownBy(() -> OutcomeNotice.parse("m\n" + ID + "\nretrying\n1\n\n"))
                .hasMessageContaining("has outcome 'retrying'");
        assertThatThrownBy(() -> OutcomeNotice.parse("m\n" + ID + "\ndead\n1\nx\n{not json"))
                .hasMessageContaining("unreadable attempt details");
    }
}
