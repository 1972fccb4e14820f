package io.hookshot.worker.store;

import java.util.Locale;

/** Status of a message in the history, and the outcome of one attempt (delivered, retrying or dead). */
public enum MessageStatus {
    /** Accepted, not attempted yet. */
    PENDING,
    /** An attempt is in flight. */
    DELIVERING,
    /** An attempt failed; another is due. */
    RETRYING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** No further attempt will be made; the message is in the dead-letter archive. */
    DEAD;

    /** The lower-case name stored in Postgres and written by the scripts. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether no later record can change this status. */
    public boolean isFinal() {
        return this == DELIVERED || this == DEAD;
    }

    /** Parses a stored or scripted value; throws {@link IllegalArgumentException} naming it when unknown. */
    public static MessageStatus of(String dbValue) {
        for (MessageStatus s : values()) {
            if (s.dbValue().equals(dbValue)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown message status '" + dbValue + "'");
    }
}
