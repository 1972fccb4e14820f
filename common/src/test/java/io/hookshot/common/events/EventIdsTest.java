package io.hookshot.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.RedisKeys;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    @Test
    void aFanOutMessageIdDependsOnlyOnTheEventAndTheEndpoint() {
        EventId event = new EventId("evt_1");
        EndpointId a = new EndpointId("ep_a");
        assertThat(event.messageIdFor(a)).isEqualTo(new EventId("evt_1").messageIdFor(new EndpointId("ep_a")));
        assertThat(event.messageIdFor(a).value()).matches("msg_[0-9a-f]{32}");
        assertThat(event.messageIdFor(a))
                .isNotEqualTo(event.messageIdFor(new EndpointId("ep_b")))
                .isNotEqualTo(new EventId("evt_2").messageIdFor(a));
    }

    @Test
    void idsNameTheirRules() {
        assertThatThrownBy(() -> new TenantId("a b")).hasMessageContaining("tenant must be");
        assertThatThrownBy(() -> new TenantId("x".repeat(65))).hasMessageContaining("tenant must be");
        assertThatThrownBy(() -> new EventTypeName(".paid")).hasMessageContaining("event type must be");
        assertThatThrownBy(() -> new EventTypeName("a/b")).hasMessageContaining("event type must be");
        assertThatThrownBy(() -> new EndpointId("1234")).hasMessageContaining("endpoint id must be");
        assertThatThrownBy(() -> new EventId("evt.1")).hasMessageContaining("event id must be");
        assertThat(new TenantId("acme.eu-1").value()).isEqualTo("acme.eu-1");
        assertThat(new EventTypeName("invoice.paid_v2-x").value()).isEqualTo("invoice.paid_v2-x");
        assertThat(EndpointId.random().value()).matches("ep_[0-9a-f]{32}");
    }

    @Test
    void aTenantsEventsStayInOnePartitionAndItsMirrorHasItsOwnKey() {
        TenantId acme = new TenantId("acme");
        assertThat(EventKeys.partitionOf(acme, 16))
                .isEqualTo(EventKeys.partitionOf(new TenantId("acme"), 16))
                .isBetween(0, 15);
        assertThat(EventKeys.endpoints("q", acme)).isEqualTo("hookshot:q:endpoints:acme");
        assertThat(new RedisKeys("q", 3).events()).isEqualTo("{hookshot:q:3}:events");
    }
}
