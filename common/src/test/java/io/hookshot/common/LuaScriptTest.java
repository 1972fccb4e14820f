package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuaScriptTest {
    @Test
    void includesAreExpandedAndEveryScriptDocumentsItsKeysArgvAndReturns() {
        for (LuaScript script : LuaScript.values()) {
            assertThat(script.source())
                    .as(script.name())
                    .doesNotContain("-- @include")
                    .contains("KEYS[1]")
                    .contains("Returns")
                    .contains("Safe to re-run");
            assertThat(script.sha1()).hasSize(40);
        }
        assertThat(LuaScript.CLAIM.source()).contains("local function nowMs()");
    }
}
