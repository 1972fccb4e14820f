package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.run.Worker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Secrets and signatures appear in no log line (every Hookshot logger at TRACE), in no attempt record and not in
 * {@code hookshot status --json}, whether a delivery succeeds, is retried or dies.
 */
@ExtendWith(RealServers.class)
class SecretsStayHiddenIT {
    private static final List<String> SECRETS = List.of(
            SignedDeliveryIT.OWN, SignedDeliveryIT.OWN_NEXT, SignedDeliveryIT.WORKER, SignedDeliveryIT.WORKER_NEXT);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger hookshot = (Logger) LoggerFactory.getLogger("io.hookshot");
    private Level hookshotLevel;
    private WorkerFixture fixture;
    private TestReceiver receiver;

    @BeforeEach
    void start(TestServers servers) {
        hookshotLevel = hookshot.getLevel();
        hookshot.setLevel(Level.TRACE);
        logged.start();
        root.addAppender(logged);
        fixture = new WorkerFixture(servers);
        receiver = TestReceiver.scripted(
                (request, earlier) -> Answer.status(request.headers().containsKey("x-fail") ? 500 : 200));
    }

    @AfterEach
    void stop() {
        root.detachAppender(logged);
        hookshot.setLevel(hookshotLevel);
        receiver.close();
        fixture.close();
    }

    @Test
    void noSecretOrSignatureIsLoggedRecordedOrPrinted() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Worker worker = Worker.start(fixture.config(
                Map.of(WorkerConfig.SIGNING_SECRET, SignedDeliveryIT.WORKER + " " + SignedDeliveryIT.WORKER_NEXT)))) {
            ids.add(send(
                    Message.builder(receiver.url("/ok")).payload("{\"n\":1}").signingSecret(SignedDeliveryIT.OWN)));
            ids.add(send(Message.builder(receiver.url("/down"))
                    .payload("{\"n\":2}")
                    .header("X-Fail", "yes")
                    .signingSecrets(List.of(SignedDeliveryIT.OWN, SignedDeliveryIT.OWN_NEXT))));
            ids.add(send(Message.builder(receiver.url("/default")).payload("{\"n\":3}")));
            fixture.awaitFinal(ids, Duration.ofSeconds(20));
        }
        List<String> hidden = hiddenTexts();

        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .as("captured log lines")
                .anyMatch(line -> line.startsWith("delivered " + ids.get(0)))
                .anyMatch(line -> line.startsWith("dead " + ids.get(1)));
        for (ILoggingEvent event : logged.list) {
            assertThat(everythingIn(event))
                    .as("log line: %s", event.getFormattedMessage())
                    .doesNotContain(hidden);
        }
        for (String id : ids) {
            assertThat(fixture.history.attempts(id))
                    .isNotEmpty()
                    .allSatisfy(attempt -> assertThat(attempt.toString()).doesNotContain(hidden));
        }
        for (String id : List.of(ids.get(1), ids.get(2))) { // retried to death with its own secrets; the default
            assertThat(statusJson(id)).contains(id, "\"history\"").doesNotContain(hidden);
        }
    }

    private String send(Message.Builder message) {
        return fixture.producer.send(message.build()).value();
    }

    /** Every secret, as given and as its bare base64 key, and every signature the receiver was sent. */
    private List<String> hiddenTexts() {
        List<String> hidden = new ArrayList<>();
        for (String secret : SECRETS) {
            hidden.add(secret);
            hidden.add(secret.substring("whsec_".length()));
        }
        for (TestReceiver.Receipt request : receiver.received()) {
            Arrays.stream(request.headers().get("webhook-signature").split(" "))
                    .forEach(signature -> hidden.add(signature.substring("v1,".length())));
        }
        assertThat(hidden).hasSizeGreaterThan(2 * SECRETS.size());
        return hidden;
    }

    private static String everythingIn(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        text.append(' ').append(event.getMDCPropertyMap());
        if (event.getArgumentArray() != null) {
            text.append(' ').append(Arrays.deepToString(event.getArgumentArray()));
        }
        if (event.getThrowableProxy() != null) {
            text.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return text.toString();
    }

    /** What {@code java -jar hookshot.jar status ID --json} prints. */
    private String statusJson(String id) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-jar", WorkerProcess.jar().getPath(), "status", id, "--json")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(fixture.env(Map.of()));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("status exited").isTrue();
        assertThat(process.exitValue()).as("status exit code").isZero();
        return out;
    }
}
