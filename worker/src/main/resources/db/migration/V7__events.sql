-- The event model's history: each published event (hookshot_event), and which event and endpoint each message that
-- fan-out made belongs to (four nullable columns of hookshot_message, null for a message sent to a URL). Rows are
-- written by the outbox exporter (io.hookshot.worker.store.HistoryStore) from the 'event' and 'accepted' records of
-- the outbox streams, with ON CONFLICT so a replayed batch changes nothing.

alter table hookshot_message
    add column tenant      text,
    add column event_id    text,
    add column endpoint_id text,
    add column event_type  text;

comment on column hookshot_message.tenant is
    'Tenant of the event this message was fanned out from; null for a message sent to a URL.';
comment on column hookshot_message.event_id is
    'The event this message was fanned out from (hookshot_event.id); null for a message sent to a URL.';
comment on column hookshot_message.endpoint_id is
    'The registered endpoint this message was made for (ep_...); null for a message sent to a URL.';
comment on column hookshot_message.event_type is
    'Type of the event this message was fanned out from; null for a message sent to a URL.';

create index hookshot_message_event on hookshot_message (event_id) where event_id is not null;
create index hookshot_message_endpoint_created on hookshot_message (endpoint_id, created_at)
    where endpoint_id is not null;
create index hookshot_message_tenant_created on hookshot_message (tenant, created_at) where tenant is not null;

create table hookshot_event (
    id              text        primary key,
    queue           text        not null,
    tenant          text        not null,
    event_type      text        not null,
    payload         text        not null,
    channels        text[]      not null default '{}',
    idempotency_key text,
    created_at      timestamptz not null,
    endpoints       int         not null,
    fanned_out_at   timestamptz not null
);

comment on table hookshot_event is
    'One row per published event, written by the outbox exporter once a worker has fanned it out. Its messages are '
    'the hookshot_message rows with this event_id.';
comment on column hookshot_event.id is 'Event id (evt_...); its messages'' ids are derived from it and the endpoint id.';
comment on column hookshot_event.queue is 'Name of the queue the event was published on.';
comment on column hookshot_event.tenant is 'The tenant the event was published to.';
comment on column hookshot_event.event_type is 'The event''s type, like invoice.paid.';
comment on column hookshot_event.payload is 'The event''s JSON payload, as published (text, not jsonb: kept exactly).';
comment on column hookshot_event.channels is 'The event''s channels, in the order given; empty when it has none.';
comment on column hookshot_event.idempotency_key is 'The publisher''s idempotency key; null when none was given.';
comment on column hookshot_event.created_at is 'When the producer made the event (producer clock).';
comment on column hookshot_event.endpoints is
    'How many endpoints the fan-out made a message for (enabled ones accepting its type and channels); 0 when none.';
comment on column hookshot_event.fanned_out_at is 'When a worker fanned the event out (Redis server clock).';

create index hookshot_event_tenant_created on hookshot_event (queue, tenant, created_at, id);
create index hookshot_event_created on hookshot_event (created_at);

comment on column hookshot_attempt.error_class is
    'Null when a response came; else timeout, connect, dns, tls, io, blocked, invalid_url, undecodable, '
    'stalled (the worker lost its lease), released (the worker gave the job back at shutdown) or endpoint_deleted '
    '(a fan-out message whose endpoint was deleted from the registry: no request was made).';
