package io.hookshot.worker.cli;

import io.hookshot.common.events.EventId;
import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Publishes one event with the producer library; prints its id, and nothing else, on stdout. */
@Command(
        name = "publish",
        description = "Publish an event to a tenant: a worker sends it to each of the tenant's"
                + " endpoints that accept it. Prints the event id.")
final class PublishCommand implements Callable<Integer> {
    @Option(names = "--tenant", required = true, description = "The tenant whose endpoints receive it.")
    String tenant;

    @Option(names = "--type", required = true, description = "The event type, like invoice.paid.")
    String type;

    @Option(names = "--data", required = true, description = "The payload (JSON).")
    String data;

    @Option(names = "--channel", description = "A channel of the event (repeatable).")
    List<String> channels = new ArrayList<>();

    @Option(
            names = "--idempotency-key",
            description = "Publishing again with this key (to the same tenant, within"
                    + " the idempotency window) returns the first event's id and publishes nothing.")
    String idempotencyKey;

    @Override
    public Integer call() {
        Event.Builder event = Event.builder(type).tenant(tenant).payload(data).channels(channels);
        if (idempotencyKey != null) {
            event.idempotencyKey(idempotencyKey);
        }
        try (HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(Environment.load()))) {
            EventId id = producer.publish(event.build());
            System.out.println(id.value());
        }
        System.out.flush();
        return 0;
    }
}
