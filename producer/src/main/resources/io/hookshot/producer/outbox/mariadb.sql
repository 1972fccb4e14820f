-- Hookshot's transactional outbox (JdbcOutbox) on MariaDB (10.6 or newer, for SKIP LOCKED) or MySQL 8: one row per
-- message or event an application committed and an OutboxRelay has not yet moved to Redis. Create it with your own
-- migrations (this file), or with JdbcOutbox.createTableIfMissing(connection); another table name works too
-- (JdbcOutbox(tableName)).
CREATE TABLE IF NOT EXISTS hookshot_outbox (
    seq        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY, -- insert order: relays take rows in this order
    kind       VARCHAR(16)  NOT NULL,                            -- 'message' or 'event'
    id         VARCHAR(255) NOT NULL,                            -- the message's or event's id, fixed at insert
    body       LONGTEXT     NOT NULL,                            -- the message (job JSON) or the event (event JSON)
    due_at     BIGINT       NULL,                                -- a message's due time, epoch ms; null: at once
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    refused    TEXT         NULL                                 -- why the relay's producer refused it; null: waiting
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4
