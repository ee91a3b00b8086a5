package dev.chorus.ops.loadgen.media;

/**
 * The figures of one received stream (one consumer at one subscriber) at the end of a run.
 *
 * @param subscriberId     the participant that received it
 * @param lost             packets lost as RFC 3550 counts them (expected minus received, not below 0)
 * @param jitterMs         interarrival jitter (RFC 3550 A.8) in milliseconds
 * @param firstPacketNanos {@link System#nanoTime()} of the first packet, 0 if none arrived
 * @param closed           the consumer was closed during the run (its publisher left, say)
 */
public record StreamSummary(String subscriberId, String consumerId, String producerPeerId, String kind, long packets, long bytes,
                            long lost, double jitterMs, long rtxPackets, long keyFrames, long plisSent,
                            long firstPacketNanos, boolean closed) {

    /** Loss as a fraction of the packets expected (0 when nothing was expected). */
    public double lossFraction() {
        long expected = packets + lost;
        return expected == 0 ? 0 : (double) lost / expected;
    }
}
