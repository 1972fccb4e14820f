package io.hookshot.worker.registry;

/**
 * A registry change broke a rule (see {@link EndpointRules} and {@link EventTypeCatalog}); nothing was changed. The
 * message names the field and the problem, never a secret. Immutable.
 */
public final class InvalidRegistryInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidRegistryInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, as the admin API names it: {@code url}, {@code channels}, {@code schema}, and so on. */
    public String field() {
        return field;
    }
}
