package io.hookshot.worker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import io.hookshot.worker.run.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ConsoleLoggingTest {
    @Test
    void logsInfoToStandardErrorWithLibrariesQuietAndTheAttemptLevelFromTheProperty() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging.apply(context, null);

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDERR"))
                .isInstanceOfSatisfying(
                        ConsoleAppender.class, a -> assertThat(a.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("org.redisson.connection").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.hookshot.worker.queue").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        assertThat(context.getLogger(Worker.ATTEMPT_LOGGER).getLevel()).isEqualTo(Level.INFO);

        LoggerContext bench = new LoggerContext();
        ConsoleLogging.apply(bench, "WARN");
        assertThat(bench.getLogger(Worker.ATTEMPT_LOGGER).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void theJarFindsItThroughTheServiceFile() throws Exception {
        Path services = Path.of("src/main/resources/META-INF/services/ch.qos.logback.classic.spi.Configurator");
        assertThat(Files.readString(services).strip()).isEqualTo(ConsoleLogging.class.getName());
    }
}
