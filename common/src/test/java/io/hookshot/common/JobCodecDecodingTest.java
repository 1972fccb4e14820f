package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the streaming decoder reads the fields it is given, in any order, and what it says when one is wrong. */
class JobCodecDecodingTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static Job minimal() {
        return new Job(
                new MessageId("m"),
                URI.create("http://h/"),
                Map.of(),
                "x".getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.ofEpochMilli(1));
    }

    @Test
    void readsFieldsInAnyOrderAndIgnoresUnknownOnes() {
        String json = "{\"created\":1,\"later\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"body\":\"x\",\"n\":[[]],"
                + "\"url\":\"http://h/\",\"x\":true,\"id\":\"m\",\"v\":1}";

        assertThat(JobCodec.decode(json)).isEqualTo(minimal());
    }

    @Test
    void defaultsTheOptionalFieldsWhenMissingOrNull() {
        String json = "{\"v\":1,\"id\":\"m\",\"url\":\"http://h/\",\"headers\":null,\"contentType\":null,"
                + "\"body\":\"x\",\"retry\":null,\"idem\":null,\"secrets\":null,\"created\":1}";

        assertThat(JobCodec.decode(json)).isEqualTo(minimal());
    }

    @Test
    void theLastOfARepeatedFieldWins() {
        assertThat(JobCodec.decode("{\"v\":1,\"id\":\"other\",\"url\":\"http://h/\",\"body\":\"x\",\"created\":1,"
                        + "\"id\":\"m\"}"))
                .isEqualTo(minimal());
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"url\":\"http://h/\",\"body\":\"x\",\"created\":1}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is malformed: field 'id' is missing");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"id\":\"m\",\"url\":\"http://h/\",\"created\":1}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is malformed: field 'body' is missing");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"id\":\"m\",\"url\":\"http://h/\",\"body\":\"x\"}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is malformed: field 'created' is missing");
    }

    @Test
    void refusesOtherVersionsAndNonObjects() {
        assertThatThrownBy(() -> JobCodec.decode("{\"id\":\"m\"}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job has codec version null; this worker reads version 1");
        assertThatThrownBy(() -> JobCodec.decode("null"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job has codec version null; this worker reads version 1");
        assertThatThrownBy(() -> JobCodec.decode("[1]"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageStartingWith("job is not valid JSON");
        assertThatThrownBy(() -> JobCodec.decode(""))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageStartingWith("job is not valid JSON");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"id\":\"m\""))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageStartingWith("job is not valid JSON");
    }

    @Test
    void namesAFieldOfTheWrongType() {
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"retry\":\"5s\"}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is not valid JSON: field 'retry' must be an array of whole numbers");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"headers\":{\"a\":1}}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is not valid JSON: field 'headers' must be an object of strings");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"created\":\"yesterday\"}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is not valid JSON: field 'created' must be a whole number");
    }

    @Test
    void badValuesAreMalformedJobs() {
        assertThatThrownBy(() -> JobCodec.decode(
                        "{\"v\":1,\"id\":\"a.b\",\"url\":\"http://h/\",\"body\":\"x\"," + "\"created\":1}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageStartingWith("job is malformed: message id must be");
        assertThatThrownBy(() -> JobCodec.decode(
                        "{\"v\":1,\"id\":\"m\",\"url\":\"http://h/ x\",\"body\":\"x\"," + "\"created\":1}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageStartingWith("job is malformed: Illegal character in path");
        assertThatThrownBy(() -> JobCodec.decode(
                        "{\"v\":1,\"id\":\"m\",\"url\":\"http://h/\",\"body64\":\"@@\"," + "\"created\":1}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageStartingWith("job is malformed: Illegal base64 character");
    }

    @Test
    void aBrokenSecretsArrayIsReportedWithoutQuotingIt() {
        String json = "{\"v\":1,\"id\":\"m\",\"url\":\"http://h/\",\"body\":\"x\",\"secrets\":[" + SECRET
                + "],\"created\":1}";

        assertThatThrownBy(() -> JobCodec.decode(json))
                .isInstanceOf(JobDecodingException.class)
                .hasMessage("job is not valid JSON: field 'secrets' is not a JSON array of strings")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("whsec_", "MfKQ9r8"));
        assertThatThrownBy(() -> JobCodec.decode(
                        json.replace("\"secrets\":[" + SECRET + "]", "\"secrets\":{\"" + SECRET + "\":1}")))
                .isInstanceOf(JobDecodingException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("whsec_", "MfKQ9r8"));
    }
}
