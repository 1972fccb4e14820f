package io.hookshot.worker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.Durations;
import io.hookshot.worker.config.ConfigVariable;
import io.hookshot.worker.config.ConfigVariables;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of deploy/ without a container engine: the files parse, every HOOKSHOT_ variable they set is
 * one the code reads, ports and health paths are the ones the code serves, and the shutdown budget fits.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("HOOKSHOT_[A-Z0-9_]+");
    private static final String PORT = Integer.toString(ServerConfig.DEFAULT_HTTP_PORT);

    /** YAML read by SnakeYAML, which resolves anchors and aliases as Compose and Kubernetes do. */
    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            docs.add(JSON.valueToTree(doc));
        }
        return docs;
    }

    private static List<JsonNode> kubernetesDocuments() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                docs.addAll(documents(file));
            }
        }
        return docs;
    }

    private static JsonNode compose() throws IOException {
        return documents(DEPLOY.resolve("compose.yaml")).getFirst();
    }

    private static JsonNode kind(String kind, String name) throws IOException {
        return kubernetesDocuments().stream()
                .filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    @Test
    void everyKubernetesDocumentHasAnApiVersionKindAndName() throws IOException {
        List<JsonNode> docs = kubernetesDocuments();
        assertThat(docs)
                .extracting(d -> d.path("kind").asText())
                .contains("Deployment", "Service", "PodDisruptionBudget", "ConfigMap", "Secret", "ScaledObject");
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.path("apiVersion").asText()).isNotBlank();
            assertThat(d.path("metadata").path("name").asText()).isNotBlank();
        });
    }

    @Test
    void everyVariableTheDeployFilesSetIsOneTheCodeReads() throws IOException {
        Set<String> known =
                ConfigVariables.ALL.stream().map(ConfigVariable::name).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        assertThat(used)
                .contains(WorkerConfig.REDIS_URL, WorkerConfig.DATABASE_URL)
                .isSubsetOf(known);
    }

    @Test
    void containersListenOnTheHttpPortAndAreProbedOnTheHealthPaths() throws IOException {
        for (String name : List.of("hookshot-worker", "hookshot-server")) {
            JsonNode container = kind("Deployment", name).at("/spec/template/spec/containers/0");
            assertThat(container.at("/ports/0/containerPort").asText()).as(name).isEqualTo(PORT);
            assertThat(List.of(
                            container.at("/readinessProbe/httpGet/path").asText(),
                            container.at("/livenessProbe/httpGet/path").asText()))
                    .as(name)
                    .containsExactly(HealthRoutes.READY, HealthRoutes.LIVE);
            assertThat(kind("Deployment", name)
                            .at("/spec/template/metadata/annotations/prometheus.io~1path")
                            .asText())
                    .isEqualTo(HealthRoutes.METRICS);
        }
        assertThat(kind("ConfigMap", "hookshot-config")
                        .at("/data/" + ServerConfig.HTTP_PORT)
                        .asText())
                .isEqualTo(PORT);
        assertThat(compose().at("/services/server/ports/0").asText()).endsWith(":" + PORT);
        String composeHealth = compose().at("/services/worker/healthcheck/test").toString();
        assertThat(composeHealth).contains(":" + PORT + HealthRoutes.READY);
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("EXPOSE " + PORT);
    }

    @Test
    void workersGetMoreTimeToStopThanTheirShutdownGrace() throws IOException {
        JsonNode config = kind("ConfigMap", "hookshot-config").path("data");
        long graceSeconds = Durations.parse(
                        config.path(WorkerConfig.SHUTDOWN_GRACE).asText())
                .toSeconds();
        long k8s = kind("Deployment", "hookshot-worker")
                .at("/spec/template/spec/terminationGracePeriodSeconds")
                .asLong();
        assertThat(k8s).isGreaterThan(graceSeconds);

        JsonNode worker = compose().at("/services/worker");
        long composeGrace = Durations.parse(compose()
                        .at("/x-hookshot-env/" + WorkerConfig.SHUTDOWN_GRACE)
                        .asText())
                .toSeconds();
        assertThat(Durations.parse(worker.path("stop_grace_period").asText()).toSeconds())
                .isGreaterThan(composeGrace);
    }

    @Test
    void composeRunsRedisWithAppendOnlyAndNoEviction() throws IOException {
        List<String> command = new ArrayList<>();
        compose().at("/services/redis/command").forEach(n -> command.add(n.asText()));
        assertThat(String.join(" ", command)).contains("--appendonly yes").contains("--maxmemory-policy noeviction");
        assertThat(compose().at("/services/worker/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(compose().at("/services/postgres/volumes").isArray()).isTrue();
    }

    @Test
    void theImageBuildsTrainsAnAotCacheAndRunsTheJarWithItInASlimOneAsANonRootUser() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count())
                .as("stages: build, train, run")
                .isEqualTo(3);
        assertThat(dockerfile)
                .containsPattern("(?m)^USER 10001")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/hookshot.jar\"]")
                .contains("COPY --from=build /src/worker/target/hookshot.jar /app/hookshot.jar")
                .contains("-XX:AOTCacheOutput=/app/hookshot.aot")
                .contains("COPY --from=train /app/hookshot.aot /app/hookshot.aot")
                .contains("-XX:AOTCache=/app/hookshot.aot");
        assertThat(Pattern.compile("(?m)^FROM (\\S+)")
                        .matcher(dockerfile)
                        .results()
                        .map(m -> m.group(1))
                        .toList())
                .as("the training stage and the final one run the same JRE, or the cache is not used")
                .containsExactly("maven:3.9-eclipse-temurin-25", "eclipse-temurin:25-jre", "eclipse-temurin:25-jre");
    }

    @Test
    void kedaScalesTheWorkersOnTheQueueGauge() throws IOException {
        JsonNode scaled = kind("ScaledObject", "hookshot-worker");
        assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("hookshot-worker");
        assertThat(scaled.at("/spec/triggers/0/metadata/query").asText()).contains("hookshot_queue_jobs");
    }
}
