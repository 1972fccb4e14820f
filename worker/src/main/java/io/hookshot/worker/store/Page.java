package io.hookshot.worker.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a search, newest first, and the cursor of the next page (empty on the last). Immutable.
 */
public record Page<T>(List<T> items, Optional<PageCursor> next) {
    public Page {
        items = List.copyOf(items);
    }
}
