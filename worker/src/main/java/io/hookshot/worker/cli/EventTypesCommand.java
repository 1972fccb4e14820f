package io.hookshot.worker.cli;

import io.hookshot.common.events.EventTypeName;
import io.hookshot.worker.api.RegistryViews.EventTypeJson;
import io.hookshot.worker.api.RegistryViews.ItemsJson;
import io.hookshot.worker.registry.EventType;
import io.hookshot.worker.registry.EventTypeCatalog;
import io.hookshot.worker.registry.RegistryConflictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The catalogue of event types: the same code as the API's /v1/event-types. */
@Command(
        name = "event-types",
        description = "Add, list or archive event types.",
        subcommands = {EventTypesCommand.Add.class, EventTypesCommand.List.class, EventTypesCommand.Archive.class})
final class EventTypesCommand {
    /** Exit code when the type is unknown, or its name is taken. */
    static final int EXIT_NOT_DONE = 1;

    private static void print(EventType t, boolean json) {
        if (json) {
            Output.json(EventTypeJson.of(t));
        } else {
            System.out.printf(
                    "%s  %s%s%s%n",
                    t.name(),
                    t.archived() ? "archived" : "active",
                    t.schema().isPresent() ? "  (schema)" : "",
                    t.description().isEmpty() ? "" : "  " + t.description());
        }
    }

    @Command(name = "add", description = "Add an event type (exit 1 when the name is taken).")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Like invoice.paid: letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--description", description = "What the event means, for people.")
        String description = "";

        @Option(names = "--schema", description = "A JSON Schema every payload of the type must match (JSON text).")
        String schema;

        @Option(names = "--schema-file", description = "The same, read from a file.")
        Path schemaFile;

        @Option(names = "--json", description = "Print JSON (the API's).")
        boolean json;

        @Override
        public Integer call() {
            if (schema != null && schemaFile != null) {
                throw new IllegalArgumentException("give --schema or --schema-file, not both");
            }
            Optional<String> schemaText = Optional.ofNullable(schema)
                    .or(() -> Optional.ofNullable(schemaFile).map(Add::read));
            try (AdminContext admin = AdminContext.open()) {
                print(admin.services.registry().eventTypes().create(name, description, schemaText), json);
                return 0;
            } catch (RegistryConflictException e) {
                System.err.println("hookshot: " + e.getMessage());
                return EXIT_NOT_DONE;
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --schema-file " + file, e);
            }
        }
    }

    @Command(name = "list", description = "List the event types, archived ones included, by name.")
    static final class List implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON (the API's).")
        boolean json;

        @Override
        public Integer call() {
            try (AdminContext admin = AdminContext.open()) {
                java.util.List<EventType> types =
                        admin.services.registry().eventTypes().list();
                if (json) {
                    Output.json(new ItemsJson<>(
                            types.stream().map(EventTypeJson::of).toList()));
                } else {
                    types.forEach(t -> print(t, false));
                }
                return 0;
            }
        }
    }

    @Command(name = "archive", description = "Archive an event type (exit 1 when unknown).")
    static final class Archive implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "Print JSON (the API's).")
        boolean json;

        @Override
        public Integer call() {
            try (AdminContext admin = AdminContext.open()) {
                EventTypeCatalog catalog = admin.services.registry().eventTypes();
                Optional<EventType> archived = catalog.archive(new EventTypeName(name));
                if (archived.isEmpty()) {
                    System.err.println("hookshot: no event type '" + name + "' in the catalogue");
                    return EXIT_NOT_DONE;
                }
                print(archived.get(), json);
                return 0;
            }
        }
    }
}
