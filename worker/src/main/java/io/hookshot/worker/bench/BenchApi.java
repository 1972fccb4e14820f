package io.hookshot.worker.bench;

import io.hookshot.worker.api.AdminServer;
import io.hookshot.worker.config.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * For {@code --send-via api}: the admin API server ({@link AdminServer}, as {@code hookshot server} runs it) in the
 * bench's JVM, on a free port, with a random token, on the bench's queue; and the {@link ApiSender} that posts to it.
 * Empty for {@code --send-via producer}. Close once.
 */
final class BenchApi implements AutoCloseable {
    private static final int TOKEN_BYTES = 24;

    private final Optional<AdminServer> server;
    private final Optional<MessageSender> sender;

    private BenchApi(Optional<AdminServer> server, Optional<MessageSender> sender) {
        this.server = server;
        this.sender = sender;
    }

    /** Starts the server when {@code options} send through the API; {@code env}: the workers' environment. */
    static BenchApi startIfUsed(BenchOptions options, Map<String, String> env) {
        if (!options.sendVia().equals(MessageSender.API)) {
            return new BenchApi(Optional.empty(), Optional.empty());
        }
        byte[] secret = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Map<String, String> serverEnv = new HashMap<>(env);
        serverEnv.put(ServerConfig.HTTP_PORT, "0");
        AdminServer server = AdminServer.start(
                serverEnv,
                ServerConfig.fromEnvironment(serverEnv),
                Optional.of(token),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        URI base = URI.create("http://127.0.0.1:" + server.port());
        return new BenchApi(Optional.of(server), Optional.of(new ApiSender(base, token)));
    }

    /** The API's sender, when the server runs. */
    Optional<MessageSender> sender() {
        return sender;
    }

    /** Where it listens, for the progress line. */
    Optional<Integer> port() {
        return server.map(AdminServer::port);
    }

    @Override
    public void close() {
        server.ifPresent(AdminServer::close);
    }
}
