package dev.chorus.actors.guard;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** An in-memory tally of refusals per reason; safe to use from any thread. */
public final class RefusalCounts implements RefusalCounter {
    private final LongAdder[] counts = new LongAdder[Refusal.values().length];

    public RefusalCounts() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    @Override
    public void refused(Refusal reason) {
        counts[reason.ordinal()].increment();
    }

    public long count(Refusal reason) {
        return counts[reason.ordinal()].sum();
    }

    /** Every reason with its count so far (zeros included). */
    public Map<Refusal, Long> snapshot() {
        Map<Refusal, Long> out = new EnumMap<>(Refusal.class);
        for (Refusal r : Refusal.values()) {
            out.put(r, count(r));
        }
        return out;
    }
}
