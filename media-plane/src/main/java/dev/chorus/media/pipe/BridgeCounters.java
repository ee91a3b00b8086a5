package dev.chorus.media.pipe;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link AeronBridge}. The send-side ones are {@link LongAdder}s because many media workers send
 * at once; the receive-side ones have a single writer (the receive thread).
 */
final class BridgeCounters {
    final LongAdder sent = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final AtomicLong received = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong receiverErrors = new AtomicLong();

    /** Messages sent plus received: moves whenever the bridge carries traffic (drives its idle strategy). */
    long activity() {
        return sent.sum() + received.get();
    }
}
