package io.hookshot.worker.api;

/**
 * A request the API rejects, with the status and problem body to answer with. Thrown by the route handlers and
 * {@link BearerAuth}; turned into a {@link Problem} response by {@link ApiServer}. Immutable.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    private ApiException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    /** 400: {@code field} is missing or malformed; {@code detail} says how. */
    static ApiException badRequest(String field, String detail) {
        return new ApiException(
                new Problem(Problem.TYPE_PREFIX + "invalid-request", "Invalid request", 400, detail, field));
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401, detail, null));
    }

    static ApiException notFound(String detail) {
        return new ApiException(new Problem(Problem.TYPE_PREFIX + "not-found", "Not found", 404, detail, null));
    }

    static ApiException conflict(String detail) {
        return conflict(null, detail);
    }

    /** 409 about {@code field} (null: about none). */
    static ApiException conflict(String field, String detail) {
        return new ApiException(new Problem(Problem.TYPE_PREFIX + "conflict", "Conflict", 409, detail, field));
    }

    static ApiException unavailable(String detail) {
        return new ApiException(
                new Problem(Problem.TYPE_PREFIX + "unavailable", "Service unavailable", 503, detail, null));
    }
}
