package io.hookshot.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.worker.api.Views.PageJson;
import io.hookshot.worker.store.Page;
import java.util.function.Function;

/** What the admin commands print on standard output: JSON for {@code --json}, or a table of a page. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    static void json(Object value) {
        try {
            System.out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    /**
     * One page of a search: the API's JSON page with {@code --json}; otherwise a table, {@code columns} formatted by
     * {@code format} as the header and {@code row} of each item, then the cursor of the next page, if any.
     */
    static <T> void page(
            Page<T> page,
            boolean json,
            Function<T, ?> view,
            String format,
            Object[] columns,
            Function<T, Object[]> row) {
        if (json) {
            json(PageJson.of(page, view));
            return;
        }
        System.out.printf(format, columns);
        for (T item : page.items()) {
            System.out.printf(format, row.apply(item));
        }
        page.next().ifPresent(c -> System.out.println("more: --cursor " + c.encode()));
    }
}
