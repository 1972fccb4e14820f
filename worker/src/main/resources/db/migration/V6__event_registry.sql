-- The event model's registry: the catalogue of event types, and each tenant's endpoints with their signing secrets.
-- These tables are the source of truth, written by the admin API and the command line (io.hookshot.worker.registry),
-- each change in one transaction. Fan-out reads a copy in Redis instead (one hash per tenant, one for the catalogue),
-- written after every change and repaired from these tables by every worker, so that publishing and fan-out keep
-- working while PostgreSQL is down.

create table hookshot_event_type (
    name        text        primary key,
    description text        not null default '',
    schema      jsonb,
    archived    boolean     not null default false,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

comment on table hookshot_event_type is
    'The catalogue of event types events are published as. A type is archived rather than deleted: its name stays '
    'taken, and archiving can be undone.';
comment on column hookshot_event_type.name is
    'The type''s name, like invoice.paid: 1 to 128 letters, digits, ''.'', ''_'' or ''-'', starting with a letter '
    'or digit.';
comment on column hookshot_event_type.description is 'What the event means, for people; empty when not given.';
comment on column hookshot_event_type.schema is
    'A JSON Schema (draft 2020-12 unless its $schema names another) every payload of this type must match; null: '
    'any JSON payload. Checked to be a valid schema when stored; never fetches a remote $ref.';
comment on column hookshot_event_type.archived is
    'Whether the type is archived: events of it are refused while event types are strict, and endpoints keep it.';
comment on column hookshot_event_type.created_at is 'When the type was created.';
comment on column hookshot_event_type.updated_at is 'When the type was last changed (archived or restored included).';

create table hookshot_tenant (
    id         text        primary key,
    version    bigint      not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

comment on table hookshot_tenant is
    'Every tenant that has or had an endpoint. The row is kept when its last endpoint is deleted, so that its '
    'version never goes back.';
comment on column hookshot_tenant.id is
    'The tenant id the user chose, like acme: 1 to 64 letters, digits, ''_'', ''-'' or ''.''; case matters.';
comment on column hookshot_tenant.version is
    'Raised by every change to the tenant''s endpoints or their secrets, in that change''s transaction (which locks '
    'this row, so that changes of one tenant take turns). The version of the tenant''s Redis mirror: the mirror '
    'takes a state only when it is at least as new as the one it holds.';
comment on column hookshot_tenant.created_at is 'When the tenant''s first endpoint was created.';
comment on column hookshot_tenant.updated_at is 'When the tenant''s endpoints last changed.';

create table hookshot_endpoint (
    id              text        primary key,
    tenant          text        not null references hookshot_tenant (id),
    url             text        not null,
    event_types     text[]      not null default '{}',
    channels        text[]      not null default '{}',
    description     text        not null default '',
    headers         jsonb       not null default '{}',
    rate_limit      int         check (rate_limit > 0),
    disabled        boolean     not null default false,
    disabled_reason text,
    metadata        jsonb       not null default '{}',
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

comment on table hookshot_endpoint is
    'The endpoints tenants receive events at: each published event becomes one message per matching enabled '
    'endpoint of its tenant.';
comment on column hookshot_endpoint.id is 'The endpoint id: ep_ and 32 hex digits, made by the registry.';
comment on column hookshot_endpoint.tenant is 'The tenant the endpoint belongs to (hookshot_tenant.id).';
comment on column hookshot_endpoint.url is
    'Where its messages are posted: absolute http or https, checked as a message URL is, and refused when it is a '
    'blocked address literal (private, loopback, link-local...) outside HOOKSHOT_ALLOWED_NETWORKS.';
comment on column hookshot_endpoint.event_types is
    'The event types it receives, by name; empty: every type.';
comment on column hookshot_endpoint.channels is
    'The channels it is limited to: an event is sent here only when it shares one of them; empty: every event.';
comment on column hookshot_endpoint.description is 'What the endpoint is, for people; empty when not given.';
comment on column hookshot_endpoint.headers is
    'Extra request headers sent with each of its messages, as a JSON object of name to value.';
comment on column hookshot_endpoint.rate_limit is
    'Requests per second it accepts; null: not limited.';
comment on column hookshot_endpoint.disabled is 'Whether it is disabled: a disabled endpoint receives nothing.';
comment on column hookshot_endpoint.disabled_reason is
    'Why it was disabled, for people; null while it is enabled or when no reason was given.';
comment on column hookshot_endpoint.metadata is
    'The user''s own notes about it, as a JSON object of name to text; never sent.';
comment on column hookshot_endpoint.created_at is 'When it was created.';
comment on column hookshot_endpoint.updated_at is 'When it was last changed (a secret rotation included).';

-- Listing a tenant's endpoints, oldest first, and counting them against HOOKSHOT_MAX_ENDPOINTS_PER_TENANT.
create index hookshot_endpoint_tenant on hookshot_endpoint (tenant, created_at, id);

create table hookshot_endpoint_secret (
    endpoint_id text        not null references hookshot_endpoint (id) on delete cascade,
    secret      text        not null,
    created_at  timestamptz not null,
    expires_at  timestamptz,
    primary key (endpoint_id, secret)
);

comment on table hookshot_endpoint_secret is
    'The signing secrets of each endpoint: the current one, and rotated-out ones until their grace period ends. '
    'They are the secrets themselves: grant this table as you would a password store.';
comment on column hookshot_endpoint_secret.endpoint_id is
    'The endpoint it signs for (hookshot_endpoint.id); deleted with the endpoint.';
comment on column hookshot_endpoint_secret.secret is 'The secret, whsec_ and the base64 of its key.';
comment on column hookshot_endpoint_secret.created_at is 'When it was created or given.';
comment on column hookshot_endpoint_secret.expires_at is
    'When a rotated-out secret stops signing; null for the current secret (exactly one per endpoint).';

create unique index hookshot_endpoint_secret_current on hookshot_endpoint_secret (endpoint_id)
    where expires_at is null;
