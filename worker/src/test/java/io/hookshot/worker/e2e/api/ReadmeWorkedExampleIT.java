package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.signing.WebhookVerificationException;
import io.hookshot.common.signing.WebhookVerifier;
import io.hookshot.testing.JarCommand;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.run.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's worked example of the event model, run line by line as written: the commands with the built jar, the
 * {@code curl} calls against a real admin API, a real worker fanning out and delivering to a receiver that verifies
 * each request with its endpoint's secret, as printed by {@code endpoints add}. Only names are made unique to this
 * run and the example's URLs pointed at the receiver.
 */
@ExtendWith(RealServers.class)
class ReadmeWorkedExampleIT {
    private static final String HEADING = "### A worked example";

    @Test
    void theWorkedExampleRunsAsWrittenAndShowsWhatItSays(TestServers servers) throws Exception {
        Map<String, WebhookVerifier> verifiers = new ConcurrentHashMap<>();
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = TestReceiver.scripted(
                        (request, earlier) -> TestReceiver.Answer.status(verified(verifiers, request) ? 200 : 401))) {
            String q = api.queue.queue;
            Map<String, String> names = new LinkedHashMap<>();
            names.put("https://billing.acme.example/hooks", receiver.url("/billing"));
            names.put("https://ledger.acme.example/eu", receiver.url("/ledger"));
            names.put("invoice.paid", "invoice.paid." + q);
            names.put("invoice.refunded", "invoice.refunded." + q);
            names.put("acme", "acme-" + q);
            names.put("http://localhost:8080", "http://127.0.0.1:" + api.server.port());
            ReadmeScript script = ReadmeScript.read(HEADING, names);
            assertThat(script.steps()).as("the example's commands").hasSize(7);

            Map<String, String> variables = new HashMap<>(Map.of("HOOKSHOT_API_TOKEN", ApiFixture.TOKEN));
            List<ApiFixture.Response> responses = new ArrayList<>();
            Worker worker = Worker.start(api.queue.config(Map.of()));
            try {
                for (ReadmeScript.Step step : script.steps()) {
                    List<String> words = ReadmeScript.expand(step.words(), variables);
                    if (words.getFirst().equals("curl")) {
                        responses.add(curl(api, words));
                        continue;
                    }
                    JarCommand.Result run = JarCommand.hookshot(
                            api.queue.env(Map.of()),
                            words.subList(1, words.size()).toArray(String[]::new));
                    boolean refusal =
                            !step.shown().isEmpty() && step.shown().getFirst().startsWith("hookshot: ");
                    assertThat(run.exit()).as(words + ": " + run.err()).isEqualTo(refusal ? 2 : 0);
                    assertThat(step.showsWhatWasPrinted(run.out() + run.err()))
                            .as(words + " printed what the README shows: " + step.shown() + "\n" + run.out()
                                    + run.err())
                            .isTrue();
                    if (step.capture() != null) {
                        variables.put(step.capture(), run.out().strip());
                    }
                    String url = words.contains("--url") ? words.get(words.indexOf("--url") + 1) : null;
                    run.out()
                            .lines()
                            .filter(l -> l.startsWith("secret "))
                            .forEach(l -> verifiers.put(
                                    url.substring(url.lastIndexOf('/')),
                                    WebhookVerifier.of(l.substring("secret ".length()))));
                }

                String event = variables.get("EVT");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    ApiFixture.Response view = api.get("/v1/events/" + event);
                    assertThat(view.status()).as(view.text()).isEqualTo(200);
                    assertThat(view.json().get("endpoints").asInt()).isEqualTo(2);
                    assertThat(view.json().get("messages").findValuesAsText("status"))
                            .containsExactly("delivered", "delivered");
                    assertThat(view.json().get("messages").findValuesAsText("attempts"))
                            .containsExactly("1", "1");
                });
            } finally {
                worker.close();
            }
            assertThat(receiver.received())
                    .as("one request per endpoint, each verified with its own secret")
                    .extracting(TestReceiver.Receipt::path)
                    .containsExactlyInAnyOrder("/billing", "/ledger");
            assertThat(responses).hasSize(2);
            ApiFixture.Response refused = responses.get(1);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("detail").asText())
                    .isEqualTo("payload at /invoice: string found, integer expected");
        }
    }

    /** {@code curl -s -H "Name: value"... URL [-d body]}: a POST with a body, else a GET, to the test's API. */
    private static ApiFixture.Response curl(ApiFixture api, List<String> words) {
        Map<String, String> headers = new HashMap<>();
        String url = null;
        String body = null;
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-s" -> {}
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    headers.put(header[0], header[1]);
                }
                case "-d" -> body = words.get(++i);
                default -> url = words.get(i);
            }
        }
        String base = "http://127.0.0.1:" + api.server.port();
        assertThat(url).as("a curl of the test's API: " + words).startsWith(base);
        assertThat(headers.remove("Authorization")).isEqualTo("Bearer " + ApiFixture.TOKEN);
        headers.remove("Content-Type");
        return api.call(body == null ? "GET" : "POST", url.substring(base.length()), body, ApiFixture.TOKEN, headers);
    }

    private static boolean verified(Map<String, WebhookVerifier> verifiers, TestReceiver.Receipt request) {
        WebhookVerifier verifier = verifiers.get(request.path());
        if (verifier == null) {
            return false;
        }
        try {
            verifier.verify(request.headers(), request.body().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }
}
