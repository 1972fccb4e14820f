package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * The README's "Use it from your application" example is this class's {@link #readmeExample} body, word for word,
 * and it runs: it enqueues the message it shows. The Maven coordinates the README gives are the project's.
 */
@ExtendWith(RealServers.class)
class ReadmeExampleIT {
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_FILE =
            Path.of("src", "test", "java", "io", "hookshot", "producer", "ReadmeExampleIT.java");
    /** A database of its own, so the example's default queue meets no other test's jobs. */
    private static final int DATABASE = 9;

    private static final String ORDERS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @SuppressWarnings("unused") // the README's example stores the id; the test reads it back from Redis
    private static void readmeExample(String redisUrl, String ordersSecret) {
        // README:begin
        try (HookshotProducer hookshot = HookshotProducer.create(ProducerConfig.defaults(redisUrl))) {
            MessageId id = hookshot.send(Message.builder("https://example.com/hooks/orders")
                    .payload("{\"order\":42}")
                    .header("X-Tenant", "acme")
                    .idempotencyKey("order-42-created") // same key, same endpoint, within 24 h: same message
                    .signingSecret(ordersSecret) // "whsec_...": see Verifying signatures
                    .build());
        }
        // README:end
    }

    @Test
    void theReadmeShowsThisExampleWordForWord() throws IOException {
        String readme = Files.readString(README);
        Matcher block = Pattern.compile("```java\\n(try \\(HookshotProducer.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find())
                .as("a java block in README.md starting with try (HookshotProducer")
                .isTrue();

        String source = Files.readString(THIS_FILE);
        String body = source.substring(
                source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("        // README:end"));
        assertThat(block.group(1)).isEqualTo(body.replaceAll("(?m)^ {8}", ""));
    }

    @Test
    void theReadmeNamesTheProducersMavenCoordinates() throws IOException {
        String readme = Files.readString(README);
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>hookshot-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(readme).contains("""
                <dependency>
                  <groupId>io.hookshot</groupId>
                  <artifactId>hookshot-producer</artifactId>
                  <version>%s</version>
                </dependency>""".formatted(version.group(1)));
    }

    @Test
    void theReadmeExampleEnqueuesItsMessage(TestServers servers) {
        String redisUrl = servers.redisUrl() + "/" + DATABASE;
        try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
            redis.flushDB();
            readmeExample(redisUrl, ORDERS_SECRET);
            readmeExample(redisUrl, ORDERS_SECRET);

            String url = "https://example.com/hooks/orders";
            RedisKeys keys = new RedisKeys(
                    ProducerConfig.DEFAULT_QUEUE,
                    Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), ProducerConfig.DEFAULT_PARTITIONS));
            List<String> jobs = List.copyOf(redis.keys(keys.prefix() + "job:*"));
            assertThat(jobs)
                    .as("one job: the second run is the same message, by its idempotency key")
                    .hasSize(1);
            assertThat(redis.hget(jobs.getFirst(), "data"))
                    .contains(url)
                    .contains("order")
                    .contains("X-Tenant");
            redis.flushDB();
        }
    }
}
