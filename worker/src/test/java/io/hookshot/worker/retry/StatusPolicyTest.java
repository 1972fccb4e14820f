package io.hookshot.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusPolicyTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "200, DELIVERED",
        "201, DELIVERED",
        "204, DELIVERED",
        "299, DELIVERED",
        "301, REDIRECTED",
        "302, REDIRECTED",
        "400, CLIENT_ERROR",
        "404, CLIENT_ERROR",
        "408, RETRY",
        "410, GONE",
        "425, RETRY",
        "429, RETRY",
        "500, RETRY",
        "503, RETRY",
    })
    void classifiesStatuses(int status, StatusPolicy expected) {
        assertThat(StatusPolicy.classify(status)).isEqualTo(expected);
    }

    @Test
    void onlyRetryableStatusesHonourRetryAfter() {
        assertThat(StatusPolicy.values())
                .filteredOn(StatusPolicy::honoursRetryAfter)
                .containsExactly(StatusPolicy.RETRY);
    }
}
