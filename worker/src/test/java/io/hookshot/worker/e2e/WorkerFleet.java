package io.hookshot.worker.e2e;

import io.hookshot.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker processes of one test, each under a worker id. A worker killed and replaced keeps its id, like a
 * restarted pod, so the replacement picks up the outbox entries its predecessor had read but not exported. Each
 * process logs to {@code target/<prefix>-<id>-<n>.log}. Not thread-safe: drive it from the test thread.
 */
final class WorkerFleet implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final WorkerFixture fixture;
    private final String prefix;
    private final Map<String, String> env;
    private final List<Member> live = new ArrayList<>();
    private final List<WorkerProcess> everyProcess = new ArrayList<>();
    private int started;

    /** A running worker process and the id it works under. */
    record Member(String workerId, WorkerProcess process) {
    }

    WorkerFleet(WorkerFixture fixture, String prefix, Map<String, String> env) {
        this.fixture = fixture;
        this.prefix = prefix;
        this.env = Map.copyOf(env);
    }

    /** Starts one worker process per id and waits until all of them deliver. */
    List<Member> start(List<String> workerIds) {
        List<Member> members = new ArrayList<>();
        for (String id : workerIds) {
            Map<String, String> overrides = new HashMap<>(env);
            overrides.put(WorkerConfig.WORKER_ID, id);
            WorkerProcess process = new WorkerProcess(prefix + "-" + id + "-" + (++started), fixture.env(overrides));
            everyProcess.add(process);
            members.add(new Member(id, process));
        }
        members.forEach(m -> m.process().awaitStarted(START_TIMEOUT));
        live.addAll(members);
        return members;
    }

    /** The running members, oldest first. */
    List<Member> live() {
        return List.copyOf(live);
    }

    /** SIGKILLs the members and forgets them; returns their ids. */
    List<String> kill(List<Member> members) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (Member m : members) {
            m.process().kill();
            live.remove(m);
            ids.add(m.workerId());
        }
        return ids;
    }

    /** SIGTERMs every live member and waits for each to exit. */
    void stop() throws InterruptedException {
        for (Member m : live) {
            m.process().terminate(Duration.ofSeconds(30));
        }
        live.clear();
    }

    @Override
    public void close() {
        everyProcess.forEach(WorkerProcess::close);
    }
}
