package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.TransportCcRecorder;

/**
 * A test bottleneck between a {@link SendSideBwe} and a real receive-side {@link TransportCcRecorder}: FIFO queue
 * drained at a capacity, fixed propagation delay, tail drop above a queue delay, optional deterministic loss
 * (every n-th packet), and a receiver clock with an offset. {@link #runUntil} paces packets at a rate chosen by a
 * {@link RatePolicy} and delivers transport-cc feedback every 100 ms. Allocation-free after construction.
 */
final class SimulatedLink {
    /** Chooses the send rate at a given time. */
    interface RatePolicy {
        long bps(long nowUs);
    }

    static final int PACKET_BYTES = 1200;
    static final long FEEDBACK_INTERVAL_US = 100_000;
    static final long PROPAGATION_US = 20_000;
    static final long MAX_QUEUE_US = 1_000_000;

    final SendSideBwe bwe;
    private final TransportCcRecorder recorder = new TransportCcRecorder();
    private final byte[] feedback = new byte[1500];
    private final int[] inFlightSeq = new int[16384];
    private final long[] inFlightArrival = new long[16384];
    private int head;
    private int tail;
    private final long receiverOffsetUs;
    long capacityBps;
    int lossEvery;
    private long lastDepartureUs;
    private long nowUs;
    private long nextSendUs;
    private long nextFeedbackUs = FEEDBACK_INTERVAL_US;
    private long sent;
    long dropped;
    int feedbackErrors;

    SimulatedLink(SendSideBwe bwe, long capacityBps, long receiverOffsetUs) {
        this.bwe = bwe;
        this.capacityBps = capacityBps;
        this.receiverOffsetUs = receiverOffsetUs;
    }

    long nowUs() {
        return nowUs;
    }

    /** Sends and delivers feedback until {@code endUs} (sender clock). */
    void runUntil(long endUs, RatePolicy rate) {
        while (true) {
            long t = Math.min(nextSendUs, nextFeedbackUs);
            if (t > endUs) {
                nowUs = endUs;
                return;
            }
            nowUs = t;
            if (t == nextSendUs) {
                send(t);
                long bps = Math.max(rate.bps(t), 10_000);
                nextSendUs = t + PACKET_BYTES * 8L * 1_000_000 / bps;
            } else {
                deliverFeedback(t);
                nextFeedbackUs = t + FEEDBACK_INTERVAL_US;
            }
        }
    }

    private void send(long t) {
        int seq = bwe.onPacketSent(PACKET_BYTES, t);
        sent++;
        if (lossEvery > 0 && sent % lossEvery == 0) {
            dropped++;
            return;
        }
        long start = Math.max(t, lastDepartureUs);
        if (start - t > MAX_QUEUE_US) {
            dropped++;
            return;
        }
        lastDepartureUs = start + PACKET_BYTES * 8L * 1_000_000 / capacityBps;
        inFlightSeq[tail & (inFlightSeq.length - 1)] = seq;
        inFlightArrival[tail & (inFlightSeq.length - 1)] = lastDepartureUs + PROPAGATION_US;
        tail++;
    }

    private void deliverFeedback(long t) {
        while (head != tail && inFlightArrival[head & (inFlightSeq.length - 1)] <= t) {
            int i = head & (inFlightSeq.length - 1);
            recorder.onPacket(inFlightSeq[i], inFlightArrival[i] + receiverOffsetUs);
            head++;
        }
        int len;
        while ((len = recorder.buildFeedback(feedback, 0, 1200, 1, 2)) > 0) {
            if (!bwe.onTransportCcFeedback(feedback, 0, len, t + PROPAGATION_US)) {
                feedbackErrors++;
            }
        }
    }
}
