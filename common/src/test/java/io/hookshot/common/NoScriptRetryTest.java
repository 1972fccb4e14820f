package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoScriptRetryTest {

    @Test
    void recognisesNoScriptInTheErrorOrItsCauses() {
        RuntimeException noScript = new RuntimeException("NOSCRIPT No matching script. Please use EVAL.");

        assertThat(NoScriptRetry.isNoScript(noScript)).isTrue();
        assertThat(NoScriptRetry.isNoScript(new IllegalStateException("batch failed", noScript)))
                .isTrue();
    }

    @Test
    void otherErrorsAreNotNoScript() {
        assertThat(NoScriptRetry.isNoScript(new RuntimeException("ERR user_script:1: settle: bad outcome")))
                .isFalse();
        assertThat(NoScriptRetry.isNoScript(new RuntimeException((String) null)))
                .isFalse();
    }
}
