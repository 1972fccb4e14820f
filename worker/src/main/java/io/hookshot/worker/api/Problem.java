package io.hookshot.worker.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error response (RFC 9457 problem details, {@value #CONTENT_TYPE}): what kind of problem, a
 * title, the status, a detail that names the field and what is wrong with it, and the field itself when one is at
 * fault. Never echoes a secret. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {
    public static final String CONTENT_TYPE = "application/problem+json";
    /** Problem types are relative URIs naming the kind of problem, documented in the README. */
    static final String TYPE_PREFIX = "/problems/";
}
