package io.hookshot.worker.cli;

import io.hookshot.worker.registry.EndpointChanges;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code endpoints update}: changes an endpoint, as {@code PATCH /v1/tenants/{tenant}/endpoints/{id}} does: what is
 * not given stays; a repeatable option given replaces the whole list; the {@code --no-*} options reset.
 */
@Command(name = "update", description = "Change an endpoint: what is not given stays as it is (exit 1 when unknown).")
final class EndpointUpdateCommand implements Callable<Integer> {
    @Mixin
    EndpointsCommand.One endpoint = new EndpointsCommand.One();

    @Option(names = "--url", description = "A new URL.")
    String url;

    @Option(names = "--event-type", description = "An event type it receives (repeatable): replaces the list.")
    List<String> eventTypes;

    @Option(names = "--all-event-types", description = "Receive every event type.")
    boolean allEventTypes;

    @Option(names = "--channel", description = "A channel it is limited to (repeatable): replaces the list.")
    List<String> channels;

    @Option(names = "--no-channels", description = "Receive events of any channel.")
    boolean noChannels;

    @Option(names = "--description", description = "A new description.")
    String description;

    @Option(names = "--header", description = "Extra request header, 'Name: value' (repeatable): replaces them.")
    List<String> headers;

    @Option(names = "--no-headers", description = "Send no extra headers.")
    boolean noHeaders;

    @Option(names = "--rate-limit", description = "Requests per second it accepts.")
    Long rateLimit;

    @Option(names = "--no-rate-limit", description = "Remove the rate limit.")
    boolean noRateLimit;

    @Option(names = "--metadata", description = "Your own note, key=value (repeatable): replaces them.")
    List<String> metadata;

    @Override
    public Integer call() {
        EndpointChanges changes = new EndpointChanges(
                Optional.ofNullable(url),
                either("--event-type", eventTypes, "--all-event-types", allEventTypes),
                either("--channel", channels, "--no-channels", noChannels),
                Optional.ofNullable(description),
                either("--header", headers, "--no-headers", noHeaders).map(h -> PairOptions.headers("--header", h)),
                rateLimit(),
                Optional.empty(),
                Optional.empty(),
                Optional.ofNullable(metadata).map(m -> PairOptions.keyValues("--metadata", m)));
        return endpoint.update(changes);
    }

    private Optional<Optional<Long>> rateLimit() {
        if (rateLimit != null && noRateLimit) {
            throw new IllegalArgumentException("give --rate-limit or --no-rate-limit, not both");
        }
        return noRateLimit
                ? Optional.of(Optional.empty())
                : Optional.ofNullable(rateLimit).map(Optional::of);
    }

    /** The list option's values, an empty list for its reset option, or empty (unchanged) for neither. */
    private static Optional<List<String>> either(String option, List<String> values, String reset, boolean resetIt) {
        if (values != null && resetIt) {
            throw new IllegalArgumentException("give " + option + " or " + reset + ", not both");
        }
        return resetIt ? Optional.of(List.of()) : Optional.ofNullable(values);
    }
}
