package dev.weir.executor.runtime;

import java.util.ArrayList;
import java.util.List;

/** Channels for exchange tests, and what one delivered, flattened into readable strings. */
final class ChannelDrains {
    private ChannelDrains() {
    }

    /** {@code n} channels of capacity 64. */
    static Channel[] channels(int n) {
        Channel[] channels = new Channel[n];
        for (int i = 0; i < n; i++) {
            channels[i] = new Channel(64);
        }
        return channels;
    }

    /** What {@code channel} delivered: rows as their first field, watermarks as "wm:N", events by name. */
    static List<String> drain(Channel channel) {
        List<String> seen = new ArrayList<>();
        Object event;
        while ((event = channel.poll()) != null) {
            if (event instanceof ExchangeEvents.Batch batch) {
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.watermarksBefore()[i] != ExchangeEvents.NO_WATERMARK) {
                        seen.add("wm:" + batch.watermarksBefore()[i]);
                    }
                    seen.add(String.valueOf(batch.rows()[i].field(0)));
                }
                if (batch.watermark() != ExchangeEvents.NO_WATERMARK) {
                    seen.add("wm:" + batch.watermark());
                }
            } else if (event instanceof ExchangeEvents.Barrier barrier) {
                seen.add("barrier:" + barrier.checkpointId());
            } else if (event == ExchangeEvents.IDLE) {
                seen.add("IDLE");
            } else if (event == ExchangeEvents.ACTIVE) {
                seen.add("ACTIVE");
            } else {
                seen.add(String.valueOf(event));
            }
        }
        return seen;
    }
}
