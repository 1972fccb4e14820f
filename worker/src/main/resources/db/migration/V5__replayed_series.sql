-- A replayed message is pending again at the last attempt of its dead series; the history writer takes that as the
-- end of the series (io.hookshot.worker.store.HistoryStatements), so a dead record of it exported again changes
-- nothing and archives no dead letter. Comments only: no table changes.

comment on column hookshot_message.attempts is
    'Number of the latest attempt recorded (1 for the first); 0 before any attempt. Stalled attempts count. While a '
    'replayed message is pending, the last attempt of its dead series: records of attempts up to it change nothing.';
comment on table hookshot_dead_letter is
    'Archive of messages that will not be attempted again, with everything needed to replay them. '
    'Once a row is here, the exporter removes the job from Redis. A row is written only while the message is dead '
    'at that attempt. A replay deletes the row (in the transaction that re-enqueues the job), so a message that dies '
    'again is archived again; deleted rows are also removed by the retention job after '
    'HOOKSHOT_DEAD_LETTER_RETENTION.';
