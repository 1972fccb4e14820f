package io.hookshot.worker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.worker.store.HistoryUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a process (Javalin on Jetty, a virtual thread per request). Every process serves
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} without a token; the {@code server} command adds
 * the admin API ({@code /v1/...}) and the original Hookshot's routes ({@code /api/...}), behind {@link BearerAuth},
 * and their OpenAPI description ({@code /openapi.json}, no token).
 * Stateless: run any number of replicas. Errors are {@link Problem} bodies. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Request bytes allowed beyond twice the largest payload: URL, headers, schedule. */
    private static final long REQUEST_OVERHEAD_BYTES = 1024 * 1024;

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /** Health and metrics only, as a worker serves them; {@code port} 0 picks a free one. */
    public static ApiServer startHealthOnly(
            int port, Map<String, HealthCheck> checks, PrometheusMeterRegistry registry) {
        HealthRoutes health = new HealthRoutes(checks, registry);
        return start(port, config -> health.register(config.routes));
    }

    /**
     * Health, metrics, the admin API and the legacy routes. {@code token}: the bearer token every API route requires;
     * empty only for {@code --insecure-no-auth} (local development).
     */
    public static ApiServer startFull(
            int port,
            Optional<String> token,
            ApiServices services,
            Map<String, HealthCheck> checks,
            PrometheusMeterRegistry registry) {
        ObjectMapper json = new ObjectMapper();
        HealthRoutes health = new HealthRoutes(checks, registry);
        BearerAuth auth = new BearerAuth(token);
        MessageRoutes messages = new MessageRoutes(services, json);
        if (token.isEmpty()) {
            LOG.warn("the admin API runs WITHOUT authentication (--insecure-no-auth): for local development only");
        }
        return start(port, config -> {
            config.jsonMapper(new JavalinJackson(json, false));
            // Room for the largest payload the producer takes, JSON-escaped, and the rest of the body.
            config.http.maxRequestSize = Math.max(
                    config.http.maxRequestSize,
                    2L * services.producerConfig().maxPayloadBytes() + REQUEST_OVERHEAD_BYTES);
            config.routes.before("/v1/*", auth);
            config.routes.before("/api/webhooks*", auth);
            health.register(config.routes);
            config.routes.get("/api/health", ctx -> {
                Map<String, Object> readiness = health.readiness();
                boolean ok = HealthRoutes.serving(readiness);
                ctx.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .json(Map.of("status", ok ? "ok" : "unavailable", "checks", readiness.get("checks")));
            });
            messages.register(config.routes);
            new DeadLetterRoutes(services, json).register(config.routes);
            new StatsRoutes(services.stats()).register(config.routes);
            new EndpointHealthRoutes(services.endpointHealth(), services.origins(), services.clock())
                    .register(config.routes);
            new EventTypeRoutes(services.registry().eventTypes(), json).register(config.routes);
            new EndpointRoutes(services.registry().endpoints(), json).register(config.routes);
            new EventRoutes(services, json).register(config.routes);
            new EndpointActionRoutes(services, json).register(config.routes);
            new EndpointMonitorRoutes(services).register(config.routes);
            new TenantRoutes(services.registry().tenants()).register(config.routes);
            new LegacyRoutes(services, json, messages).register(config.routes);
            new DashboardRoutes().register(config.routes);
            new OpenApiRoutes().register(config.routes);
        });
    }

    private static ApiServer start(int port, java.util.function.Consumer<JavalinConfig> routes) {
        ObjectMapper problems = new ObjectMapper();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.port = port;
            config.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, problems, e.problem()));
            config.routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> problem(
                            ctx,
                            problems,
                            new Problem(
                                    Problem.TYPE_PREFIX + "http-" + e.getStatus(),
                                    HttpStatus.forStatus(e.getStatus()).getMessage(),
                                    e.getStatus(),
                                    describe(e, ctx),
                                    null)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                Optional<HistoryUnavailableException> unavailable = HistoryUnavailableException.of(e);
                if (unavailable.isPresent()) {
                    problem(ctx, problems, historyUnavailable(unavailable.get()));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                problem(
                        ctx,
                        problems,
                        new Problem(
                                Problem.TYPE_PREFIX + "internal",
                                "Internal error",
                                500,
                                "the server failed to answer; the error is in its log",
                                null));
            });
            routes.accept(config);
        });
        app.start();
        LOG.info("HTTP server listening on port {}", app.port());
        return new ApiServer(app);
    }

    /** 503 for a route that needs the history while PostgreSQL is away: it answers again once PostgreSQL does. */
    private static Problem historyUnavailable(HistoryUnavailableException e) {
        return new Problem(
                Problem.TYPE_PREFIX + "history-unavailable",
                "History unavailable",
                503,
                e.getMessage() + "; enqueueing still works, and this route answers again by itself when PostgreSQL"
                        + " does",
                null);
    }

    private static String describe(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> "no route " + ctx.method() + " " + ctx.path();
            case 405 -> ctx.method() + " is not allowed on " + ctx.path();
            default -> e.getMessage();
        };
    }

    private static void problem(Context ctx, ObjectMapper json, Problem problem) {
        try {
            ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(json.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem body always serializes", e);
        }
    }

    /** A route the server answers: an HTTP method and its path as registered, like {@code /v1/messages/{id}}. */
    public record Route(String method, String path) {}

    /** Every route registered (filters left out), for checking the OpenAPI description against. */
    public List<Route> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(handler -> handler.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> new Route(endpoint.method.name(), endpoint.path))
                .toList();
    }

    /** The port it listens on (the one picked, when started on port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
