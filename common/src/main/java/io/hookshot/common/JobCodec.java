package io.hookshot.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

/**
 * The versioned JSON form of a {@link Job}, as stored in Redis. A payload that is valid UTF-8 is stored as text
 * ({@code body}), anything else as base64 ({@code body64}). Thread-safe.
 *
 * <p>Version 1: {@code {"v":1,"id","url","headers","contentType","body"|"body64","retry":[ms...],"idem",
 * "secrets":["whsec_..."],"event":{"id","endpoint","tenant","type"},"trace":{"traceparent","tracestate"},"created"}}.
 * Optional fields ({@code retry}, {@code idem}, {@code secrets}, {@code event}: a fan-out message's
 * {@link EventOrigin}, {@code trace}: the {@link TraceContext} it was sent in) are left out when empty, so
 * jobs written before a field existed still read, and a job without them is written as before, byte for byte.
 * Unknown fields are ignored, so a worker of an earlier release reads a fan-out message as a plain one.
 *
 * <p>The encoded form holds the job's signing secrets in the clear: it belongs in Redis (and the dead-letter archive,
 * to replay from), never in a log line. {@link JobDecodingException} messages never repeat a secret.
 *
 * <p>Encoding and decoding are on the hot paths of the producer (every message) and the worker (every delivery), so
 * they use Jackson's streaming API ({@link JobJsonWriter}, {@link JobJsonReader}) rather than databind.
 */
public final class JobCodec {
    /** The version this codec writes; it reads only this version. */
    public static final int VERSION = 1;

    static final String V = "v";
    static final String ID = "id";
    static final String URL = "url";
    static final String HEADERS = "headers";
    static final String CONTENT_TYPE = "contentType";
    static final String BODY = "body";
    static final String BODY64 = "body64";
    static final String RETRY = "retry";
    static final String IDEM = "idem";
    static final String SECRETS = "secrets";
    static final String CREATED = "created";
    static final String EVENT = "event";
    /** The fields of {@link #EVENT}. */
    static final String EVENT_ID = "id";

    static final String EVENT_ENDPOINT = "endpoint";
    static final String EVENT_TENANT = "tenant";
    static final String EVENT_TYPE = "type";
    static final String TRACE = "trace";
    /** The fields of {@link #TRACE}: the W3C header names. */
    static final String TRACE_PARENT = TraceContext.TRACEPARENT;

    static final String TRACE_STATE = TraceContext.TRACESTATE;

    /**
     * Shared: a factory is thread-safe and recycles the parsers' buffers, here from a pool of its own rather than per
     * thread: the worker decodes each job on a new virtual thread, where a per-thread recycler is always new (its
     * buffers were a tenth of the worker's allocations). No limit on string length: the jobs are our own, and
     * Jackson's default (20 million characters) is below the body of the largest payload a producer may be
     * configured for ({@code HOOKSHOT_MAX_PAYLOAD} up to 64 MiB).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    private JobCodec() {}

    public static String encode(Job job) {
        return JobJsonWriter.write(JSON, job);
    }

    /** Reads a stored job; throws {@link JobDecodingException} naming what is wrong. */
    public static Job decode(String json) {
        return JobJsonReader.read(JSON, json);
    }
}
