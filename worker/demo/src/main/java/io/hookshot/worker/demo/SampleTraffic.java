package io.hookshot.worker.demo;

import io.hookshot.common.MessageId;
import io.hookshot.common.RetrySchedule;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.worker.bench.BenchReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's sample webhooks: order events to the demo's receiver ({@link SampleAnswers}), sent in batches with the
 * producer, with a short retry schedule so that failures are retried, and the hopeless ones die, within seconds.
 */
final class SampleTraffic {
    static final RetrySchedule SCHEDULE = RetrySchedule.parse("200ms,500ms,1s");
    private static final int BATCH = 200;

    private SampleTraffic() {}

    /** Sends {@code count} messages; returns their ids, in order (sample {@code n} is at index {@code n}). */
    static List<MessageId> send(HookshotProducer producer, BenchReceiver receiver, int count) {
        List<MessageId> ids = new ArrayList<>(count);
        List<Message> batch = new ArrayList<>(BATCH);
        for (int n = 0; n < count; n++) {
            batch.add(Message.builder(receiver.url(SampleAnswers.path(n)).toString())
                    .payload(String.format(
                            Locale.ROOT,
                            "{\"type\":\"order.created\",\"order\":{\"id\":%d,\"total\":\"%d.%02d\",\"currency\":\"EUR\"}}",
                            n,
                            10 + n % 90,
                            n % 100))
                    .header("X-Demo-Sample", Integer.toString(n))
                    .retrySchedule(SCHEDULE)
                    .build());
            if (batch.size() == BATCH || n == count - 1) {
                ids.addAll(producer.sendAll(batch));
                batch.clear();
            }
        }
        return ids;
    }
}
