package dev.chorus.ops.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many notifications of each method the participants received (activeSpeaker, consumerClosed, ...). */
final class NotificationCounts {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String method) {
        counts.computeIfAbsent(method, m -> new LongAdder()).increment();
    }

    /** A sorted copy. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
