package io.hookshot.worker.store;

/**
 * A search filter or page cursor is malformed. Names the parameter at fault ({@link #field()}) and the problem.
 * Thrown by {@link SearchFilter#parse} and {@link PageCursor#decode}; immutable.
 */
public final class InvalidFilterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidFilterException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * The parameter at fault: {@code status}, {@code url}, {@code since}, {@code until}, {@code limit} or
     * {@code cursor}.
     */
    public String field() {
        return field;
    }
}
