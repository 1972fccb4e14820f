package io.hookshot.worker.e2e.api;

import static io.hookshot.worker.e2e.api.DashboardPage.columnTexts;
import static io.hookshot.worker.e2e.api.DashboardPage.rowIds;
import static io.hookshot.worker.e2e.api.DashboardPage.shown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium against a real server, Redis, Postgres and an in-process worker: overview,
 * search, a message's attempts, dead letters replayed (by filter after a dry run, and one) and deleted, sign-in.
 * Skipped without chromium and chromedriver. Screenshots of each view go to {@code target/dashboard-*.png}.
 */
@ExtendWith(RealServers.class)
class DashboardIT {
    /** What a failing answer says: markup that must show as text, never become an element. */
    private static final String HOSTILE_BODY = "{\"error\":\"<img src=x id=injected>\"}";

    @Test
    void thePageAsksForATokenAndShowsTheApisProblemsWithTheirDetail(TestServers servers) throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.startOrSkip();
                ApiFixture api = new ApiFixture(servers)) {
            for (String path : List.of("/", "/dashboard/app.js", "/dashboard/style.css")) {
                HttpResponse<String> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(base(api) + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
                assertThat(r.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .contains("nosniff");
                assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            }
            WebDriver d = chromium.driver;
            WebDriverWait wait = chromium.waiting();
            d.get(base(api) + "/");
            wait.until(x -> shown(x, "view-login"));
            assertThat(shown(d, "nav")).as("no navigation before signing in").isFalse();

            d.findElement(By.id("login-token")).sendKeys(ApiFixture.TOKEN + "-wrong");
            d.findElement(By.cssSelector("#login-form button")).click();
            wait.until(x -> shown(x, "error"));
            assertThat(d.findElement(By.id("error")).getText())
                    .contains("401")
                    .contains("the bearer token is not the API token");
            assertThat(shown(d, "view-login")).isTrue();
            chromium.screenshot(screenshot("login"));

            d.findElement(By.id("login-token")).sendKeys(ApiFixture.TOKEN);
            d.findElement(By.cssSelector("#login-form button")).click();
            wait.until(x -> shown(x, "view-overview")
                    && !shown(x, "error")
                    && x.findElements(By.cssSelector("#overview-partitions tbody tr"))
                                    .size()
                            == 4);

            // Any problem the API answers shows with its detail.
            d.findElement(By.cssSelector("#nav a[data-view=messages]")).click();
            wait.until(x -> shown(x, "view-messages"));
            d.findElement(By.cssSelector("#messages-form [name=since]")).sendKeys("yesterday");
            d.findElement(By.cssSelector("#messages-form button[type=submit]")).click();
            wait.until(x -> shown(x, "error"));
            assertThat(d.findElement(By.id("error")).getText())
                    .contains("400 Invalid request")
                    .contains("since must be an ISO-8601 instant");

            d.findElement(By.id("sign-out")).click();
            wait.until(x -> shown(x, "view-login") && !shown(x, "nav"));
            assertThat(chromium.driver.executeScript("return sessionStorage.length"))
                    .isEqualTo(0L);
        }
    }

    @Test
    void theDashboardFindsMessagesShowsAttemptsAndReplaysAndDeletesDeadLetters(TestServers servers) {
        AtomicBoolean recovered = new AtomicBoolean();
        try (HeadlessChromium chromium = HeadlessChromium.startOrSkip();
                ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = failingUntil(recovered);
                Worker worker = Worker.start(api.queue.config(Map.of()))) {
            List<String> delivered = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                delivered.add(send(api, receiver.url("/ok/" + i), false));
            }
            String viaFilter = send(api, receiver.url("/dies/a"), true);
            String viaRow = send(api, receiver.url("/dies/b"), true);
            String deleted = send(api, receiver.url("/dies/c"), true);
            String viaPage = send(api, receiver.url("/dies/d"), true);
            List<String> dead = List.of(viaFilter, viaRow, deleted, viaPage);
            api.queue.awaitFinal(delivered, Duration.ofSeconds(30));
            api.queue.awaitFinal(dead, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(dead)
                            .allSatisfy(id -> assertThat(api.queue.history.findDeadLetter(id))
                                    .isPresent()));

            WebDriver d = chromium.driver;
            WebDriverWait wait = chromium.waiting();

            // Overview: signed in by the URL fragment, which leaves the address bar at once; counts refresh live.
            d.get(base(api) + "/#token=" + ApiFixture.TOKEN);
            wait.until(x -> shown(x, "view-overview")
                    && "3".equals(stat(x, "deliveredLastHour"))
                    && "8".equals(stat(x, "failedLastHour")));
            assertThat(d.getCurrentUrl()).endsWith("/#/overview").doesNotContain(ApiFixture.TOKEN);
            assertThat(d.findElements(By.cssSelector("#overview-partitions tbody tr")))
                    .hasSize(4);
            assertThat(d.findElement(By.id("queue-name")).getText()).contains(api.queue.queue);
            delivered.add(send(api, receiver.url("/ok/3"), false));
            wait.until(x -> "4".equals(stat(x, "deliveredLastHour")));
            assertThat(stat(d, "deadLettersArchived")).isEqualTo("4");
            chromium.screenshot(screenshot("overview"));

            // Messages: by status, then every message, a page of five at a time.
            d.findElement(By.cssSelector("#nav a[data-view=messages]")).click();
            wait.until(x -> rowIds(x, "messages-table").size() == 8);
            new Select(d.findElement(By.cssSelector("#messages-form [name=status]"))).selectByValue("dead");
            d.findElement(By.cssSelector("#messages-form button[type=submit]")).click();
            wait.until(x -> rowIds(x, "messages-table").equals(List.of(viaPage, deleted, viaRow, viaFilter)));
            new Select(d.findElement(By.cssSelector("#messages-form [name=status]"))).selectByValue("");
            WebElement limit = d.findElement(By.cssSelector("#messages-form [name=limit]"));
            limit.clear();
            limit.sendKeys("5");
            d.findElement(By.cssSelector("#messages-form button[type=submit]")).click();
            wait.until(x -> rowIds(x, "messages-table").size() == 5 && shown(x, "messages-next"));
            List<String> seen = new ArrayList<>(rowIds(d, "messages-table"));
            chromium.screenshot(screenshot("messages"));
            d.findElement(By.id("messages-next")).click();
            wait.until(x -> rowIds(x, "messages-table").size() == 3 && !shown(x, "messages-next"));
            seen.addAll(rowIds(d, "messages-table"));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(concat(delivered, dead));

            // A message's attempts: status codes, outcomes, and the response shown as text.
            d.get(base(api) + "/#/messages/" + viaFilter);
            wait.until(x -> columnTexts(x, "attempts-table", 4).equals(List.of("500", "500")));
            assertThat(columnTexts(d, "attempts-table", 3)).containsExactly("retrying", "dead");
            assertThat(columnTexts(d, "attempts-table", 7))
                    .allSatisfy(t -> assertThat(t).isEqualTo(HOSTILE_BODY));
            assertThat(d.findElements(By.id("injected")))
                    .as("response bodies are text, not markup")
                    .isEmpty();
            chromium.screenshot(screenshot("message"));

            // Dead letters: a dry run by filter lists its matches and changes nothing; its confirmation replays.
            d.findElement(By.cssSelector("#nav a[data-view=dead-letters]")).click();
            wait.until(x -> Set.copyOf(rowIds(x, "dead-table")).equals(Set.of(viaFilter, viaRow, deleted, viaPage)));
            d.findElement(By.cssSelector("#dead-form [name=url]")).sendKeys(receiver.url("/dies/a"));
            d.findElement(By.id("dead-dry-run")).click();
            wait.until(x -> shown(x, "dead-preview")
                    && "1".equals(x.findElement(By.id("dead-preview-count")).getText())
                    && rowIds(x, "dead-table").equals(List.of(viaFilter)));
            assertThat(d.findElement(By.id("dead-preview-sample")).getText()).isEqualTo(viaFilter);
            chromium.screenshot(screenshot("dead-letters"));
            assertThat(api.queue.history.findDeadLetter(viaFilter))
                    .as("a dry run replays nothing")
                    .isPresent();
            assertThat(api.queue.message(viaFilter).orElseThrow().status()).isEqualTo(MessageStatus.DEAD);
            assertThat(receiver.receivedFor(viaFilter)).hasSize(2);

            recovered.set(true);
            d.findElement(By.id("dead-replay-confirm")).click();
            wait.until(x -> shown(x, "notice")
                    && x.findElement(By.id("notice")).getText().contains("Replayed 1 of 1"));
            awaitDelivered(api, viaFilter);

            // One replayed from its row, another deleted (a second click confirms).
            d.findElement(By.cssSelector("#dead-form [name=url]")).clear();
            d.findElement(By.cssSelector("#dead-form button[type=submit]")).click();
            wait.until(x -> Set.copyOf(rowIds(x, "dead-table")).equals(Set.of(viaRow, deleted, viaPage)));
            d.findElement(By.cssSelector("#dead-table tr[data-id='" + viaRow + "'] button.replay"))
                    .click();
            wait.until(x -> Set.copyOf(rowIds(x, "dead-table")).equals(Set.of(deleted, viaPage)));
            assertThat(d.findElement(By.id("notice")).getText()).contains("Replayed " + viaRow);
            awaitDelivered(api, viaRow);
            WebElement delete =
                    d.findElement(By.cssSelector("#dead-table tr[data-id='" + deleted + "'] button.delete"));
            delete.click();
            wait.until(x -> "Confirm delete".equals(delete.getText()));
            assertThat(api.queue.history.findDeadLetter(deleted)).isPresent();
            delete.click();
            wait.until(x -> rowIds(x, "dead-table").equals(List.of(viaPage)));
            assertThat(api.queue.history.findDeadLetter(deleted)).isEmpty();

            // A dead message's page replays it too.
            d.get(base(api) + "/#/messages/" + viaPage);
            wait.until(x -> shown(x, "message-replay"));
            d.findElement(By.id("message-replay")).click();
            wait.until(x -> shown(x, "notice")
                    && !shown(x, "message-replay")
                    && x.findElement(By.id("notice")).getText().contains("Replayed " + viaPage));
            awaitDelivered(api, viaPage);

            // The replayed message's history continues: a third attempt, answered 200.
            d.get(base(api) + "/#/messages/" + viaFilter);
            wait.until(x -> columnTexts(x, "attempts-table", 4).equals(List.of("500", "500", "200")));
            assertThat(d.findElement(By.id("message-summary")).getText()).contains("delivered");

            // The receiver's origin: its 15 attempts of the last hour (4 sent and delivered, 4 dead after two 500s,
            // 3 replays delivered), as the worker counted them.
            String origin = Endpoints.keyOf(URI.create(receiver.url("/")));
            d.findElement(By.cssSelector("#nav a[data-view=origins]")).click();
            wait.until(x -> rowIds(x, "origins-table").equals(List.of(origin))
                    && columnTexts(x, "origins-table", 5).equals(List.of("15")));
            assertThat(columnTexts(d, "origins-table", 2)).containsExactly("closed");
            assertThat(columnTexts(d, "origins-table", 6)).containsExactly("46.7 %");
            assertThat(columnTexts(d, "origins-table", 9).getFirst()).startsWith("status 500");
            chromium.screenshot(screenshot("origins"));
        }
    }

    private static String send(ApiFixture api, String url, boolean fail) {
        Response r = api.post(
                "/v1/messages",
                "{\"url\":\"" + url + "\",\"payload\":{\"fail\":" + fail + "},\"retrySchedule\":[\"100ms\"]}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static void awaitDelivered(ApiFixture api, String id) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(api.queue.message(id).orElseThrow().status())
                                .as(id)
                                .isEqualTo(MessageStatus.DELIVERED));
    }

    private static String base(ApiFixture api) {
        return "http://127.0.0.1:" + api.server.port();
    }

    private static Path screenshot(String view) {
        return Path.of("target", "dashboard-" + view + ".png");
    }

    private static String stat(WebDriver d, String key) {
        return d.findElement(By.cssSelector("[data-stat=" + key + "] .value")).getText();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * A receiver answering 200 to payloads without {@code "fail":true}, and 500 with {@link #HOSTILE_BODY} to those
     * until {@code recovered}.
     */
    private static TestReceiver failingUntil(AtomicBoolean recovered) {
        return TestReceiver.scripted((request, earlier) -> request.body().contains("\"fail\":true") && !recovered.get()
                ? Answer.of(500, HOSTILE_BODY).withHeaders(Map.of("Content-Type", List.of("application/json")))
                : Answer.of(200, "ok").withHeaders(Map.of("Content-Type", List.of("text/plain"))));
    }
}
