package io.hookshot.worker.e2e.api;

import static io.hookshot.worker.e2e.api.DashboardPage.columnTexts;
import static io.hookshot.worker.e2e.api.DashboardPage.rowIds;
import static io.hookshot.worker.e2e.api.DashboardPage.shown;
import static io.hookshot.worker.e2e.api.EventModelCalls.endpoint;
import static io.hookshot.worker.e2e.api.EventModelCalls.eventType;
import static io.hookshot.worker.e2e.api.EventModelCalls.health;
import static io.hookshot.worker.e2e.api.EventModelCalls.messageOf;
import static io.hookshot.worker.e2e.api.EventModelCalls.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.run.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's event-model views in headless Chromium, with endpoints registered and events published through the
 * API and delivered by a worker: tenants, a tenant's endpoints with their state, last delivery and success rate, an
 * endpoint's health and chart, a tenant's events and an event's fan-out. Skipped without chromium and chromedriver.
 * Screenshots go to {@code target/dashboard-*.png}.
 */
@ExtendWith(RealServers.class)
class DashboardEventsIT {
    @Test
    void theDashboardShowsTenantsTheirEndpointsHealthChartsEventsAndFanOut(TestServers servers) {
        try (HeadlessChromium chromium = HeadlessChromium.startOrSkip();
                ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = TestReceiver.scripted(
                        (r, earlier) -> Answer.status(r.path().equals("/all") && earlier == 0 ? 503 : 200))) {
            eventType(api, "invoice.paid");
            eventType(api, "invoice.sent");
            String paidOnly = endpoint(
                    api, "acme", "{\"url\": \"" + receiver.url("/paid") + "\", \"eventTypes\": [\"invoice.paid\"]}");
            String every = endpoint(api, "acme", "{\"url\": \"" + receiver.url("/all") + "\"}");
            endpoint(api, "globex", "{\"url\": \"" + receiver.url("/globex") + "\"}");
            String first;
            String sent;
            String last;
            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                first = publish(api, "acme", "invoice.paid", "{\"n\": 1}");
                sent = publish(api, "acme", "invoice.sent", "{\"n\": 2}");
                last = publish(api, "acme", "invoice.paid", "{\"n\": 3}");
                api.queue.awaitFinal(
                        List.of(
                                messageOf(first, paidOnly),
                                messageOf(first, every),
                                messageOf(sent, every),
                                messageOf(last, paidOnly),
                                messageOf(last, every)),
                        Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> health(api, "acme", every)
                                        .get("lastHour")
                                        .get("attempts")
                                        .asInt()
                                == 6);
            }
            WebDriver d = chromium.driver;
            WebDriverWait wait = chromium.waiting();

            // Tenants, by id, with their endpoint counts.
            d.get(base(api) + "/#token=" + ApiFixture.TOKEN);
            wait.until(x -> shown(x, "view-overview"));
            d.findElement(By.cssSelector("#nav a[data-view=tenants]")).click();
            wait.until(x -> rowIds(x, "tenants-table").equals(List.of("acme", "globex")));
            assertThat(columnTexts(d, "tenants-table", 2)).containsExactly("2", "1");
            assertThat(shown(d, "tenants-next")).isFalse();
            chromium.screenshot(screenshot("tenants"));
            WebElement perPage = d.findElement(By.id("tenants-limit"));
            perPage.clear();
            perPage.sendKeys("1");
            d.findElement(By.cssSelector("#tenants-form button[type=submit]")).click();
            wait.until(x -> rowIds(x, "tenants-table").equals(List.of("acme")) && shown(x, "tenants-next"));
            d.findElement(By.id("tenants-next")).click();
            wait.until(x -> rowIds(x, "tenants-table").equals(List.of("globex")) && !shown(x, "tenants-next"));
            perPage.clear();
            perPage.sendKeys("50");
            d.findElement(By.cssSelector("#tenants-form button[type=submit]")).click();
            wait.until(x -> rowIds(x, "tenants-table").equals(List.of("acme", "globex")));

            // A tenant's endpoints: state, last delivery, success rate over the last hour, URL, event types.
            d.findElement(By.linkText("acme")).click();
            wait.until(x -> rowIds(x, "tenant-endpoints-table").equals(List.of(paidOnly, every))
                    && columnTexts(x, "tenant-endpoints-table", 2).equals(List.of("closed", "closed")));
            assertThat(columnTexts(d, "tenant-endpoints-table", 4)).containsExactly("100.0 %", "50.0 %");
            assertThat(columnTexts(d, "tenant-endpoints-table", 3))
                    .allSatisfy(t -> assertThat(t).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*"));
            assertThat(columnTexts(d, "tenant-endpoints-table", 5))
                    .containsExactly(receiver.url("/paid"), receiver.url("/all"));
            assertThat(columnTexts(d, "tenant-endpoints-table", 6)).containsExactly("invoice.paid", "every type");
            chromium.screenshot(screenshot("tenant"));

            // An endpoint: its health, and its last hour per minute drawn as SVG with a text alternative.
            d.findElement(By.linkText(every)).click();
            wait.until(x -> shown(x, "view-endpoint")
                    && !x.findElements(By.cssSelector("#endpoint-chart svg")).isEmpty());
            assertThat(d.findElement(By.id("endpoint-health")).getText())
                    .contains("closed")
                    .contains("50.0 %");
            assertThat(d.findElement(By.id("endpoint-summary")).getText())
                    .contains(receiver.url("/all"))
                    .contains("every type");
            WebElement chart = d.findElement(By.cssSelector("#endpoint-chart svg"));
            assertThat(chart.getDomAttribute("role")).isEqualTo("img");
            assertThat(chart.findElements(By.cssSelector("polyline")).stream()
                            .map(p -> p.getDomAttribute("data-series"))
                            .toList())
                    .containsExactly("delivered", "failed", "held");
            assertThat(chart.findElements(By.cssSelector("text")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .contains("minute (UTC)", "per minute", "delivered", "failed", "held");
            String summary =
                    d.findElement(By.cssSelector("#endpoint-chart figcaption")).getText();
            assertThat(summary).contains("3 delivered, 3 failed").contains("none held");
            assertThat(d.findElement(By.cssSelector("#endpoint-chart desc")).getDomProperty("textContent"))
                    .isEqualTo(summary);
            assertThat(d.findElements(By.cssSelector("#endpoint-chart details tbody tr")))
                    .isNotEmpty();
            chromium.screenshot(screenshot("endpoint"));

            // The tenant's events, newest first, and by type.
            d.get(base(api) + "/#/tenants/acme/events");
            wait.until(x -> rowIds(x, "events-table").equals(List.of(last, sent, first)));
            assertThat(columnTexts(d, "events-table", 2))
                    .containsExactly("invoice.paid", "invoice.sent", "invoice.paid");
            assertThat(columnTexts(d, "events-table", 5)).containsExactly("2", "1", "2");
            d.findElement(By.cssSelector("#events-form [name=eventType]")).sendKeys("invoice.paid");
            d.findElement(By.cssSelector("#events-form button[type=submit]")).click();
            wait.until(x -> rowIds(x, "events-table").equals(List.of(last, first)));
            chromium.screenshot(screenshot("events"));

            // One event's fan-out: each endpoint's message with its status and attempts, linking to the message.
            d.findElement(By.linkText(first)).click();
            wait.until(x -> rowIds(x, "event-messages-table").size() == 2);
            assertThat(rowIds(d, "event-messages-table"))
                    .containsExactlyInAnyOrder(messageOf(first, paidOnly), messageOf(first, every));
            assertThat(columnTexts(d, "event-messages-table", 3)).containsExactly("delivered", "delivered");
            assertThat(d.findElement(By.cssSelector("#event-messages-table tr[data-id='" + messageOf(first, every)
                                    + "'] td:nth-child(4)"))
                            .getText())
                    .isEqualTo("2");
            assertThat(d.findElement(By.id("event-summary")).getText()).contains("invoice.paid");
            chromium.screenshot(screenshot("event"));
            d.findElement(By.linkText(messageOf(first, every))).click();
            wait.until(x -> shown(x, "view-message")
                    && columnTexts(x, "attempts-table", 4).equals(List.of("503", "200")));

            // A disabled endpoint shows so in its tenant's list.
            assertThat(api.patch("/v1/tenants/acme/endpoints/" + paidOnly, "{\"disabled\": true}")
                            .status())
                    .isEqualTo(200);
            d.get(base(api) + "/#/tenants/acme");
            wait.until(x -> columnTexts(x, "tenant-endpoints-table", 2).equals(List.of("disabled", "closed")));
        }
    }

    @Test
    void everyScriptModuleIsServedAsJavaScriptWithTheSecurityHeaders(TestServers servers) throws Exception {
        try (ApiFixture api = new ApiFixture(servers)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String module : List.of("app", "core", "chart", "messages", "dead-letters", "tenants", "events")) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base(api) + "/dashboard/" + module + ".js"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(module).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
                assertThat(r.headers().firstValue("Content-Security-Policy"))
                        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
                assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(r.body())
                        .as(module)
                        .containsAnyOf("import ", "export ")
                        .doesNotContain("innerHTML");
            }
        }
    }

    private static String base(ApiFixture api) {
        return "http://127.0.0.1:" + api.server.port();
    }

    private static Path screenshot(String view) {
        return Path.of("target", "dashboard-" + view + ".png");
    }
}
