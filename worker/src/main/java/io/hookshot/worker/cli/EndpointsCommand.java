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
import java.util.function.BiFunction;
import java.util.function.Consumer;
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
     * The options of a command on one endpoint: {@link Target}'s and the endpoint's ID. An unknown endpoint or a
     * refused change prints why on standard error and gives {@link #EXIT_NOT_DONE}.
     */
    static final class One {
        @Mixin
        Target target = new Target();

        @Parameters(paramLabel = "ID")
        String id;

        TenantId tenantId() {
            return target.tenantId();
        }

        /** Runs {@code work} on the registry and the endpoint's id, and prints what it found. */
        <T> int run(BiFunction<EndpointRegistry, EndpointId, Optional<T>> work, Consumer<T> print) {
            try (AdminContext admin = AdminContext.open()) {
                EndpointRegistry registry = admin.services.registry().endpoints();
                Optional<T> result = endpointId().flatMap(ep -> work.apply(registry, ep));
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

        /** Makes {@code changes} to the endpoint and prints it as {@code show} does. */
        int update(EndpointChanges changes) {
            return run((r, ep) -> r.update(tenantId(), ep, changes), this::print);
        }

        void print(Endpoint e) {
            EndpointsCommand.print(e, target.json);
        }

        /** The id from the command line; one that cannot be an endpoint's is an unknown endpoint. */
        private Optional<EndpointId> endpointId() {
            try {
                return Optional.of(new EndpointId(id));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
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
        One endpoint = new One();

        @Override
        public Integer call() {
            return endpoint.run((r, ep) -> r.find(endpoint.tenantId(), ep), endpoint::print);
        }
    }

    @Command(name = "disable", description = "Disable an endpoint: it receives nothing until enabled.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        One endpoint = new One();

        @Option(names = "--reason", description = "Why, for people.")
        String reason;

        @Override
        public Integer call() {
            return endpoint.update(EndpointChanges.disable(Optional.ofNullable(reason)));
        }
    }

    @Command(name = "enable", description = "Enable an endpoint again (its disabled reason is cleared).")
    static final class Enable implements Callable<Integer> {
        @Mixin
        One endpoint = new One();

        @Override
        public Integer call() {
            return endpoint.update(EndpointChanges.enable());
        }
    }

    @Command(
            name = "rotate-secret",
            description = "Give an endpoint a new signing secret; the old one keeps signing"
                    + " beside it for the grace period.")
    static final class RotateSecret implements Callable<Integer> {
        @Mixin
        One endpoint = new One();

        @Option(names = "--secret", description = "The new secret (whsec_...); default: a new random one.")
        String secret;

        @Option(
                names = "--grace",
                description = "How long the old secret keeps signing, like 1h (default 24h; 0s:" + " not at all).",
                converter = DurationConverter.class)
        Duration grace;

        @Override
        public Integer call() {
            return endpoint.run(
                    (r, ep) ->
                            r.rotate(endpoint.tenantId(), ep, Optional.ofNullable(secret), Optional.ofNullable(grace)),
                    secrets -> printSecrets(endpoint.id, secrets, endpoint.target.json));
        }
    }

    @Command(name = "delete", description = "Delete an endpoint and its secrets (exit 1 when unknown).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        One endpoint = new One();

        @Override
        public Integer call() {
            return endpoint.run(
                    (r, ep) -> r.delete(endpoint.tenantId(), ep) ? Optional.of(ep) : Optional.empty(),
                    ep -> System.out.println(endpoint.target.json ? "{\"deleted\":\"" + ep + "\"}" : "deleted " + ep));
        }
    }
}
