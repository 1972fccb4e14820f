package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionCountTest {
    /** A meta hash in memory, set as Redis would set it. */
    private final Map<String, String> meta = new HashMap<>();

    private final PartitionCount.Store store = (key, field, value) -> {
        assertThat(key).isEqualTo("hookshot:q-1:meta");
        return meta.merge(field, value, (old, given) -> old);
    };

    @Test
    void theFirstRecordsItsCountAndTheSameCountAgrees() {
        PartitionCount.agree("q-1", 16, "HOOKSHOT_PARTITIONS", store);
        PartitionCount.agree("q-1", 16, "HOOKSHOT_PARTITIONS", store);

        assertThat(meta).containsExactly(Map.entry(PartitionCount.FIELD, "16"));
    }

    @Test
    void anotherCountIsRefusedNamingBothAndTheSetting() {
        PartitionCount.agree("q-1", 16, "HOOKSHOT_PARTITIONS", store);

        assertThatThrownBy(() -> PartitionCount.agree("q-1", 8, "HOOKSHOT_PARTITIONS", store))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 16 partitions in Redis (hookshot:q-1:meta)")
                .hasMessageContaining("configured with 8 (HOOKSHOT_PARTITIONS)")
                .hasMessageContaining("set HOOKSHOT_PARTITIONS=16");
        assertThat(meta).containsEntry(PartitionCount.FIELD, "16");
    }
}
