package io.hookshot.common.signing;

import java.nio.charset.StandardCharsets;

/**
 * The test vector the Standard Webhooks specification's reference libraries publish ("sign function works" in
 * {@code libraries/javascript/src/webhook.test.ts}, {@code test_sign_function} in
 * {@code libraries/python/tests/test_webhooks.py}, {@code verifyWebhookSignWorks} in
 * {@code libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java}, repository
 * {@code standard-webhooks/standard-webhooks}), copied exactly.
 */
final class SpecVector {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String PAYLOAD = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    /** The libraries' "invalid signature" case: the vector's signature with its last base64 digit changed. */
    static final String WRONG_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";
    /** The libraries' "multi sig payload is valid" decoys, which surround the valid signature. */
    static final String DECOY_V1 = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    static final String DECOY_V2 = "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    private SpecVector() {}

    static byte[] payload() {
        return PAYLOAD.getBytes(StandardCharsets.UTF_8);
    }
}
