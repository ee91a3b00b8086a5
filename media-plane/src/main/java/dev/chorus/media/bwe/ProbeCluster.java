package dev.chorus.media.bwe;

/**
 * Measures one probe cluster: a short stretch during which a transport sends faster than its estimate (padding
 * on top of its media, every packet tagged with the cluster id in the {@link SendHistory}), to find out from the
 * subscriber's transport-cc feedback whether the path carries more. One cluster at a time.
 *
 * <p>The cluster's packets leave in groups (the media worker sends a burst per timer tick), so each rate leaves out
 * one group ({@link #GROUP_US}): the send rate counts the bytes sent before the last group over the time from the
 * first packet to the start of the last group; the receive rate counts the bytes that arrived after the first
 * group over the time from the end of the first group to the last arrival. A group sent together arrives together
 * on a path faster than the probe, and spread out at the path's rate on a slower one. If the receive rate is below
 * {@link #SATURATED_RATIO} of the send rate the path was full, and the result is {@link #SATURATED_UTILIZATION}
 * times the receive rate; otherwise it is the smaller of the two rates.
 *
 * <p>A cluster is evaluated once feedback has covered all its packets, or {@link #RESULT_TIMEOUT_US} after it
 * ended. Fewer than {@link #MIN_PACKETS} received, or less than {@link #MIN_RECEIVED_FRACTION} of those sent, or a
 * span shorter than {@link #MIN_SPAN_US}, gives {@link #FAILED}.
 *
 * <p>Threading: the transport's media worker. Allocation-free after construction.
 */
public final class ProbeCluster {
    /** Received packets kept per cluster (further ones are counted but not measured). */
    public static final int MAX_PACKETS = 512;
    /** Fewest received packets for a result. */
    public static final int MIN_PACKETS = 5;
    /** Smallest fraction of the cluster's packets that must be reported received. */
    public static final double MIN_RECEIVED_FRACTION = 0.8;
    /** Packets within this time of the last send (first arrival) form the left-out group, us. */
    public static final long GROUP_US = 5_000;
    /** Shortest send or receive span measured, us. */
    public static final long MIN_SPAN_US = 10_000;
    /** A receive rate below this fraction of the send rate means the path was full. */
    public static final double SATURATED_RATIO = 0.9;
    /** What is taken of the receive rate of a full path. */
    public static final double SATURATED_UTILIZATION = 0.95;
    /** A cluster is evaluated at the latest this long after it ended, us. */
    public static final long RESULT_TIMEOUT_US = 1_000_000;
    /** {@link #result()}: not evaluated yet. */
    public static final long PENDING = -1;
    /** {@link #result()}: no usable measurement. */
    public static final long FAILED = 0;

    private final long[] sendUs = new long[MAX_PACKETS];
    private final long[] arrivalUs = new long[MAX_PACKETS];
    private final int[] sizes = new int[MAX_PACKETS];
    private int id;
    private boolean sending;
    private long endUs;
    private int sent;
    private int received;
    private int lost;
    private long result = FAILED;

    /** Starts measuring cluster {@code clusterId} (non-zero); forgets the previous one. */
    void start(int clusterId) {
        id = clusterId;
        sending = true;
        sent = 0;
        received = 0;
        lost = 0;
        result = PENDING;
    }

    /** A packet of the current cluster was sent. */
    void onSent() {
        if (sending) {
            sent++;
        }
    }

    /** The cluster's last packet has been sent. */
    void end(long nowUs) {
        if (sending) {
            sending = false;
            endUs = nowUs;
        }
    }

    /**
     * Feedback reports a packet of cluster {@code clusterId} received for the first time.
     *
     * @param wasLost an earlier feedback had reported it lost
     */
    void onReceived(int clusterId, long sentUs, long arrivedUs, int size, boolean wasLost) {
        if (clusterId != id || result != PENDING) {
            return;
        }
        if (wasLost && lost > 0) {
            lost--;
        }
        if (received < MAX_PACKETS) {
            sendUs[received] = sentUs;
            arrivalUs[received] = arrivedUs;
            sizes[received] = size;
        }
        received++;
    }

    /** Feedback reports a packet of cluster {@code clusterId} lost (for the first time). */
    void onLost(int clusterId) {
        if (clusterId == id && result == PENDING) {
            lost++;
        }
    }

    /**
     * Evaluates the cluster if it is complete (or timed out) and not evaluated yet; returns the new result
     * (bps, or {@link #FAILED}), or {@link #PENDING} when there is nothing new.
     */
    long evaluate(long nowUs) {
        if (result != PENDING || sending || id == 0) {
            return PENDING;
        }
        if (received + lost < sent && nowUs - endUs < RESULT_TIMEOUT_US) {
            return PENDING;
        }
        result = measure();
        return result;
    }

    private long measure() {
        if (received < MIN_PACKETS || received < MIN_RECEIVED_FRACTION * sent) {
            return FAILED;
        }
        int n = Math.min(received, MAX_PACKETS);
        long firstSend = Long.MAX_VALUE;
        long lastSend = Long.MIN_VALUE;
        long firstArrival = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            firstSend = Math.min(firstSend, sendUs[i]);
            lastSend = Math.max(lastSend, sendUs[i]);
            firstArrival = Math.min(firstArrival, arrivalUs[i]);
            lastArrival = Math.max(lastArrival, arrivalUs[i]);
        }
        long lastGroupStart = lastSend;
        long sendBytes = 0;
        long firstGroupEnd = firstArrival;
        long receiveBytes = 0;
        for (int i = 0; i < n; i++) {
            if (sendUs[i] >= lastSend - GROUP_US) {
                lastGroupStart = Math.min(lastGroupStart, sendUs[i]);
            } else {
                sendBytes += sizes[i];
            }
            if (arrivalUs[i] <= firstArrival + GROUP_US) {
                firstGroupEnd = Math.max(firstGroupEnd, arrivalUs[i]);
            } else {
                receiveBytes += sizes[i];
            }
        }
        long sendSpan = lastGroupStart - firstSend;
        long receiveSpan = lastArrival - firstGroupEnd;
        if (sendSpan < MIN_SPAN_US || receiveSpan < MIN_SPAN_US || sendBytes == 0 || receiveBytes == 0) {
            return FAILED;
        }
        double sendBps = sendBytes * 8e6 / sendSpan;
        double receiveBps = receiveBytes * 8e6 / receiveSpan;
        if (receiveBps < SATURATED_RATIO * sendBps) {
            return Math.max(1, (long) (SATURATED_UTILIZATION * receiveBps));
        }
        return Math.max(1, (long) Math.min(sendBps, receiveBps));
    }

    /** The cluster being measured (0: none yet). */
    int id() {
        return id;
    }

    /** Whether the cluster is still being sent. */
    boolean sending() {
        return sending;
    }

    /** The result of the current cluster: bps, {@link #PENDING} or {@link #FAILED}. */
    long result() {
        return result;
    }
}
