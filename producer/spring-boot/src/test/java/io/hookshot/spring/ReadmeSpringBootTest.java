package io.hookshot.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Spring Boot" section shows what this module builds and tests: the starter's coordinates, the
 * test application's {@code application.properties} and its {@code OrderService}, word for word, and every
 * {@code hookshot.*} property of the generated configuration metadata, each described there.
 */
class ReadmeSpringBootTest {
    private static final Path README = Path.of("..", "..", "README.md");
    private static final Path POM = Path.of("..", "..", "pom.xml");
    private static final Path ORDER_SERVICE =
            Path.of("src", "test", "java", "io", "hookshot", "spring", "app", "OrderService.java");
    private static final Path APPLICATION_PROPERTIES = Path.of("src", "test", "resources", "application.properties");
    private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

    @Test
    void theReadmeShowsTheTestApplicationsServiceWordForWord() throws IOException {
        String source = Files.readString(ORDER_SERVICE);
        String example = source.substring(
                source.indexOf("// README:begin\n") + "// README:begin\n".length(), source.indexOf("// README:end"));
        assertThat(Files.readString(README)).contains("```java\n" + example + "```");
    }

    @Test
    void theReadmeShowsTheTestApplicationsPropertiesWordForWord() throws IOException {
        String properties = Files.readString(APPLICATION_PROPERTIES);
        assertThat(Files.readString(README)).contains("```properties\n" + properties + "```");
    }

    @Test
    void theReadmeNamesTheStartersMavenCoordinates() throws IOException {
        Matcher version = Pattern.compile("<artifactId>hookshot-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(POM));
        assertThat(version.find()).isTrue();
        assertThat(Files.readString(README)).contains("""
                <dependency>
                  <groupId>io.hookshot</groupId>
                  <artifactId>hookshot-spring-boot-starter</artifactId>
                  <version>%s</version>
                </dependency>""".formatted(version.group(1)));
    }

    @Test
    void everyPropertyHasADescriptionForTheIdeAndARowInTheReadme() throws IOException {
        String json = Files.readString(METADATA);
        String metadata = json.substring(json.indexOf("\"properties\": ["), json.indexOf("\"hints\""));
        Matcher property = Pattern.compile("\\{\\s*\"name\": \"(hookshot\\.[a-z.-]+)\",\\s*\"type\": \"[^\"]+\","
                        + "\\s*\"description\": \"[^\"]{10,}\"")
                .matcher(metadata);
        List<String> described = property.results().map(m -> m.group(1)).toList();
        List<String> all = Pattern.compile("\"name\": \"(hookshot\\.[a-z.-]+)\"")
                .matcher(metadata)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(7);
        assertThat(described).containsExactlyInAnyOrderElementsOf(all);
        String readme = Files.readString(README);
        assertThat(all).allSatisfy(name -> assertThat(readme).contains("| `" + name + "` |"));
    }
}
