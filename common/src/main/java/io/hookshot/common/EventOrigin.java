package io.hookshot.common;

import java.util.Objects;

/**
 * Where a message made by fan-out comes from: the published event, the endpoint it was made for, the event's tenant
 * and type. Carried by its {@link Job} (and so by its dead letter) and by its {@code accepted} outbox record, so the
 * history can show which event each message belongs to. Plain text here ({@code io.hookshot.common.events} holds the
 * typed ids and checks their form); the fan-out makes it from those. Immutable.
 *
 * @param eventId    the event's id ({@code evt_...})
 * @param endpointId the endpoint's id ({@code ep_...}); also the message's endpoint key in the queue
 * @param tenant     the tenant the event was published to
 * @param eventType  the event's type ({@code invoice.paid})
 */
public record EventOrigin(String eventId, String endpointId, String tenant, String eventType) {
    public EventOrigin {
        requireText(eventId, "eventId");
        requireText(endpointId, "endpointId");
        requireText(tenant, "tenant");
        requireText(eventType, "eventType");
    }

    private static void requireText(String value, String name) {
        if (Objects.requireNonNull(value, name).isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }
}
