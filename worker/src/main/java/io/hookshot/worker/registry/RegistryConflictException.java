package io.hookshot.worker.registry;

/**
 * A registry change that is well-formed but cannot be made in the registry's present state: a tenant at its endpoint
 * limit, an event type name already taken, a rotation to the secret already current. Nothing was changed. Immutable.
 */
public final class RegistryConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    RegistryConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field the conflict is about, as the admin API names it. */
    public String field() {
        return field;
    }
}
