package io.hookshot.worker.cli;

import picocli.CommandLine.Command;

/**
 * Searches the configured queue's messages, newest first, one page at a time (GET /v1/messages). {@code messages}
 * and {@code messages list} are the same command.
 */
@Command(
        name = "messages",
        description = "Search messages of the queue, newest first (same filters as the API).",
        subcommands = MessagesCommand.ListCommand.class)
final class MessagesCommand extends MessageSearch {
    /** {@code messages list}: the same search, spelled as the other listing commands are. */
    @Command(name = "list", description = "Search messages of the queue, newest first (same as `messages`).")
    static final class ListCommand extends MessageSearch {}
}
