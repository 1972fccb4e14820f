package io.hookshot.producer.outbox;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.TestServers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An outbox relay in a JVM of its own, with the test classpath, so that a test can SIGKILL it. {@link #main} runs the
 * relay until killed; {@link #start} launches one.
 */
final class RelayProcess implements AutoCloseable {
    private final Process process;

    private RelayProcess(Process process) {
        this.process = process;
    }

    /** Starts a relay of batches of {@code batchSize} on {@code table} of {@code database}, for the fixture's queue. */
    static RelayProcess start(OutboxDatabase database, TestServers servers, OutboxFixture f, int batchSize, String name)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), RelayProcess.class.getName()));
        command.add(database.name());
        command.addAll(List.of(database.connection(servers)));
        command.addAll(List.of(f.table, servers.redisUrl(), f.config.queue(), Integer.toString(batchSize)));
        File log = Path.of("target", name + ".log").toFile();
        return new RelayProcess(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start());
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Arguments: database (enum name), JDBC URL, user, password, table, Redis URL, queue, batch size. */
    public static void main(String[] args) throws Exception {
        javax.sql.DataSource ds;
        if (OutboxDatabase.valueOf(args[0]) == OutboxDatabase.POSTGRESQL) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(args[1]);
            pg.setUser(args[2]);
            pg.setPassword(args[3]);
            ds = pg;
        } else {
            MariaDbDataSource maria = new MariaDbDataSource(args[1]);
            maria.setUser(args[2]);
            maria.setPassword(args[3]);
            ds = maria;
        }
        HookshotProducer producer = HookshotProducer.create(
                ProducerConfig.defaults(args[5]).withQueue(args[6]).withEventTypesStrict(false));
        OutboxRelay relay = new OutboxRelay(
                ds, producer, new OutboxRelay.Settings(args[4], Integer.parseInt(args[7]), Duration.ofMillis(20)));
        relay.start();
        new CountDownLatch(1).await(); // until killed
    }
}
