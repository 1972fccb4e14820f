-- Replaying dead letters (io.hookshot.worker.replay.DeadLetterReplayer): documents what a replay does to the history.
-- Comments only: no table changes.

comment on table hookshot_dead_letter is
    'Archive of messages that will not be attempted again, with everything needed to replay them. '
    'Once a row is here, the exporter removes the job from Redis. A replay deletes the row (in the transaction that '
    're-enqueues the job), so a message that dies again is archived again; deleted rows are also removed by the '
    'retention job after HOOKSHOT_DEAD_LETTER_RETENTION.';
comment on column hookshot_message.status is
    'pending (accepted, not attempted yet, or replayed from the dead-letter archive), delivering, retrying (an '
    'attempt failed, another is due), delivered (a 2xx was received) or dead (no further attempt; see '
    'hookshot_dead_letter).';
comment on column hookshot_attempt.attempt is
    'Attempt number, 1 for the first; stalled attempts count. A replay continues the numbering after the dead '
    'series (the replayed job carries the attempts made so far), so every series of a message is kept.';
