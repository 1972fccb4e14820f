package io.hookshot.worker.cli;

import io.hookshot.worker.api.RegistryViews.EndpointJson;
import io.hookshot.worker.registry.EndpointDraft;
import io.hookshot.worker.registry.EndpointRegistry;
import io.hookshot.worker.registry.RegistryConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code endpoints add}: registers an endpoint, as {@code POST /v1/tenants/{tenant}/endpoints} does. */
@Command(
        name = "add",
        description = "Register an endpoint; prints its id and signing secret (exit 1 when the tenant"
                + " has as many endpoints as allowed).")
final class EndpointAddCommand implements Callable<Integer> {
    @Mixin
    EndpointsCommand.Target target = new EndpointsCommand.Target();

    @Option(names = "--url", required = true, description = "Absolute http(s) URL its messages are posted to.")
    String url;

    @Option(names = "--event-type", description = "An event type it receives (repeatable); none: every type.")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--channel", description = "A channel it is limited to (repeatable); none: every event.")
    List<String> channels = new ArrayList<>();

    @Option(names = "--description", description = "What it is, for people.")
    String description = "";

    @Option(names = "--header", description = "Extra request header, 'Name: value' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--secret", description = "Its signing secret (whsec_...); default: a new random one.")
    String secret;

    @Option(names = "--rate-limit", description = "Requests per second it accepts; default: not limited.")
    Long rateLimit;

    @Option(names = "--disabled", description = "Register it disabled.")
    boolean disabled;

    @Option(names = "--reason", description = "Why it is disabled (with --disabled).")
    String reason;

    @Option(names = "--metadata", description = "Your own note about it, key=value (repeatable); never sent.")
    List<String> metadata = new ArrayList<>();

    @Override
    public Integer call() {
        EndpointDraft draft = new EndpointDraft(
                url,
                eventTypes,
                channels,
                description,
                PairOptions.headers("--header", headers),
                Optional.ofNullable(secret),
                Optional.ofNullable(rateLimit),
                disabled,
                Optional.ofNullable(reason),
                PairOptions.keyValues("--metadata", metadata));
        try (AdminContext admin = AdminContext.open()) {
            EndpointRegistry.Created created =
                    admin.services.registry().endpoints().create(target.tenantId(), draft);
            if (target.json) {
                Output.json(EndpointJson.of(created.endpoint(), Optional.of(created.secret())));
            } else {
                System.out.println("created " + created.endpoint().id());
                System.out.println("secret " + created.secret().encoded());
            }
            return 0;
        } catch (RegistryConflictException e) {
            System.err.println("hookshot: " + e.getMessage());
            return EndpointsCommand.EXIT_NOT_DONE;
        }
    }
}
