package io.hookshot.worker.cli;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.api.RegistryViews.EndpointJson;
import io.hookshot.worker.api.RegistryViews.ItemsJson;
import io.hookshot.worker.api.RegistryViews.SecretsJson;
import io.hookshot.worker.registry.Endpoint;
import io.hookshot.worker.registry.EndpointChanges;
import io.hookshot.worker.registry.EndpointRegistry;
import io.hookshot.worker.registry.EndpointSecret;
import io.hookshot.worker.registry.RegistryConflictException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A tenant's endpoints and their secrets: the same code as the API's /v1/tenants/{tenant}/endpoints. */
@Command(
        name = "endpoints",
        description = "Register, list, show, change, disable, enable, rotate the secret of, or"
                + " delete a tenant's endpoints.",
        subcommands = {
            EndpointAddCommand.class,
            EndpointsCommand.List.class,
            EndpointsCommand.Show.class,
            EndpointUpdateCommand.class,
            EndpointsCommand.Disable.class,
            EndpointsCommand.Enable.class,
            EndpointsCommand.RotateSecret.class,
            EndpointsCommand.Delete.class
        })
final class EndpointsCommand {
    /** Exit code when the endpoint is unknown, or the registry refused the change. */
    static final int EXIT_NOT_DONE = 1;

    /** The {@code --tenant} and {@code --json} options every endpoints command takes. */
    static final class Target {
        @Option(names = "--tenant", required = true, description = "The tenant the endpoints belong to.")
        String tenant;

        @Option(names = "--json", description = "Print JSON (the API's).")
        boolean json;

        TenantId tenantId() {
            return new TenantId(tenant);
        }
    }

    /**
     * Runs {@code work} on the registry; an unknown endpoint or a refused change prints why on standard error and
     * gives {@link #EXIT_NOT_DONE}.
     */
    static <T> int run(
            Target target,
            String id,
            Function<EndpointRegistry, Optional<T>> work,
            java.util.function.Consumer<T> print) {
        try (AdminContext admin = AdminContext.open()) {
            Optional<T> result = work.apply(admin.services.registry().endpoints());
            if (result.isEmpty()) {
                System.err.println("hookshot: tenant '" + target.tenant + "' has no endpoint '" + id + "'");
                return EXIT_NOT_DONE;
            }
            print.accept(result.get());
            return 0;
        } catch (RegistryConflictException e) {
            System.err.println("hookshot: " + e.getMessage());
            return EXIT_NOT_DONE;
        }
    }

    /** An id from the command line; one that cannot be an endpoint's is an unknown endpoint. */
    static Optional<EndpointId> endpointId(String id) {
        try {
            return Optional.of(new EndpointId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Prints an endpoint as JSON or as lines of text. */
    static void print(Endpoint e, boolean json) {
        if (json) {
            Output.json(EndpointJson.of(e));
            return;
        }
        System.out.printf("%s  %s  %s%n", e.id(), state(e), e.url());
        System.out.printf(
                "tenant: %s%nevent types: %s%nchannels: %s%n",
                e.tenant(),
                e.eventTypes().isEmpty() ? "(all)" : String.join(", ", e.eventTypes()),
                e.channels().isEmpty() ? "(any)" : String.join(", ", e.channels()));
        if (!e.description().isEmpty()) {
            System.out.println("description: " + e.description());
        }
        e.rateLimit().ifPresent(limit -> System.out.println("rate limit: " + limit + "/s"));
        e.headers().forEach((name, value) -> System.out.println("header: " + name + ": " + value));
        e.metadata().forEach((key, value) -> System.out.println("metadata: " + key + "=" + value));
    }

    static void printSecrets(String id, java.util.List<EndpointSecret> secrets, boolean json) {
        SecretsJson view = SecretsJson.of(id, secrets);
        if (json) {
            Output.json(view);
            return;
        }
        System.out.println("secret " + view.secret());
        view.previous().forEach(p -> System.out.println("previous " + p.secret() + " until " + p.expiresAt()));
    }

    private static String state(Endpoint e) {
        return e.disabled()
                ? "disabled" + e.disabledReason().map(r -> " (" + r + ")").orElse("")
                : "enabled";
    }

    @Command(name = "list", description = "List a tenant's endpoints, oldest first.")
    static final class List implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            try (AdminContext admin = AdminContext.open()) {
                java.util.List<Endpoint> endpoints =
                        admin.services.registry().endpoints().list(target.tenantId());
                if (target.json) {
                    Output.json(new ItemsJson<>(
                            endpoints.stream().map(EndpointJson::of).toList()));
                    return 0;
                }
                System.out.printf("%-35s %-9s %-50s %s%n", "id", "state", "url", "event types");
                for (Endpoint e : endpoints) {
                    System.out.printf(
                            "%-35s %-9s %-50s %s%n",
                            e.id(),
                            e.disabled() ? "disabled" : "enabled",
                            e.url(),
                            e.eventTypes().isEmpty() ? "(all)" : String.join(",", e.eventTypes()));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Show one endpoint (exit 1 when unknown).")
    static final class Show implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return run(
                    target,
                    id,
                    r -> endpointId(id).flatMap(ep -> r.find(target.tenantId(), ep)),
                    e -> print(e, target.json));
        }
    }

    @Command(name = "disable", description = "Disable an endpoint: it receives nothing until enabled.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--reason", description = "Why, for people.")
        String reason;

        @Override
        public Integer call() {
            return run(
                    target,
                    id,
                    r -> endpointId(id)
                            .flatMap(ep -> r.update(
                                    target.tenantId(), ep, EndpointChanges.disable(Optional.ofNullable(reason)))),
                    e -> print(e, target.json));
        }
    }

    @Command(name = "enable", description = "Enable an endpoint again (its disabled reason is cleared).")
    static final class Enable implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return run(
                    target,
                    id,
                    r -> endpointId(id).flatMap(ep -> r.update(target.tenantId(), ep, EndpointChanges.enable())),
                    e -> print(e, target.json));
        }
    }

    @Command(
            name = "rotate-secret",
            description = "Give an endpoint a new signing secret; the old one keeps signing"
                    + " beside it for the grace period.")
    static final class RotateSecret implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--secret", description = "The new secret (whsec_...); default: a new random one.")
        String secret;

        @Option(
                names = "--grace",
                description = "How long the old secret keeps signing, like 1h (default 24h; 0s:" + " not at all).",
                converter = DurationConverter.class)
        Duration grace;

        @Override
        public Integer call() {
            return run(
                    target,
                    id,
                    r -> endpointId(id)
                            .flatMap(ep -> r.rotate(
                                    target.tenantId(), ep, Optional.ofNullable(secret), Optional.ofNullable(grace))),
                    secrets -> printSecrets(id, secrets, target.json));
        }
    }

    @Command(name = "delete", description = "Delete an endpoint and its secrets (exit 1 when unknown).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return run(
                    target,
                    id,
                    r -> endpointId(id).filter(ep -> r.delete(target.tenantId(), ep)),
                    ep -> System.out.println(target.json ? "{\"deleted\":\"" + ep + "\"}" : "deleted " + ep));
        }
    }
}
