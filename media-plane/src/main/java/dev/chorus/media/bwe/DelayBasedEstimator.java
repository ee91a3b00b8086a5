package dev.chorus.media.bwe;

/**
 * Delay-based part of the send-side estimator (draft-ietf-rmcat-gcc section 5): packets acknowledged by
 * transport-cc feedback are grouped by send time (a group is what was sent within {@link #BURST_US} of its first
 * packet, e.g. one video frame), the delay variation between consecutive groups
 * ({@code (arrival_i - arrival_i-1) - (send_i - send_i-1)}) feeds a {@link TrendlineFilter}, its trend an
 * {@link OveruseDetector}, and once per feedback the detector's state drives the {@link AimdRateControl}.
 *
 * <p>Use: for each feedback, {@link #onPacket} for every received packet in transport sequence order, then
 * {@link #update} once. Packets older than the current group (reordered) are ignored; a jump of more than
 * {@link #MAX_JUMP_US} in the delay variation (a receiver clock reset) restarts the filter and detector.
 *
 * <p>Threading: the transport's media worker. Allocation-free.
 */
public final class DelayBasedEstimator {
    /** Packets sent within this time of a group's first packet belong to the group, us. */
    public static final long BURST_US = 5_000;
    /** Larger delay variations mean the clocks jumped, us. */
    public static final long MAX_JUMP_US = 3_000_000;

    private final TrendlineFilter trendline = new TrendlineFilter();
    private final OveruseDetector detector = new OveruseDetector();
    private final AimdRateControl rate;

    private boolean inGroup;
    private long groupFirstSendUs;
    private long groupLastSendUs;
    private long groupLastArrivalUs;
    private boolean hasPrevious;
    private long previousSendUs;
    private long previousArrivalUs;

    /**
     * @param startBps the estimate before any feedback
     * @param minBps   the lowest estimate
     * @param maxBps   the highest estimate
     */
    public DelayBasedEstimator(long startBps, long minBps, long maxBps) {
        this.rate = new AimdRateControl(startBps, minBps, maxBps);
    }

    /**
     * One packet the feedback reports received, in transport sequence order.
     *
     * @param sendUs    when it was sent (sender clock), us
     * @param arrivalUs when it arrived (receiver clock, from the feedback), us
     */
    public void onPacket(long sendUs, long arrivalUs) {
        if (!inGroup) {
            startGroup(sendUs, arrivalUs);
            return;
        }
        if (sendUs < groupFirstSendUs) {
            return;
        }
        if (sendUs - groupFirstSendUs <= BURST_US) {
            groupLastSendUs = Math.max(groupLastSendUs, sendUs);
            groupLastArrivalUs = Math.max(groupLastArrivalUs, arrivalUs);
            return;
        }
        if (hasPrevious) {
            long sendDelta = groupLastSendUs - previousSendUs;
            long arrivalDelta = groupLastArrivalUs - previousArrivalUs;
            long variation = arrivalDelta - sendDelta;
            if (Math.abs(variation) > MAX_JUMP_US || arrivalDelta < -MAX_JUMP_US) {
                trendline.reset();
                detector.reset();
            } else {
                double trend = trendline.update(variation / 1000.0, groupLastArrivalUs);
                detector.detect(trend, arrivalDelta / 1000.0, trendline.samples(), groupLastArrivalUs / 1000);
            }
        }
        hasPrevious = true;
        previousSendUs = groupLastSendUs;
        previousArrivalUs = groupLastArrivalUs;
        startGroup(sendUs, arrivalUs);
    }

    private void startGroup(long sendUs, long arrivalUs) {
        inGroup = true;
        groupFirstSendUs = sendUs;
        groupLastSendUs = sendUs;
        groupLastArrivalUs = arrivalUs;
    }

    /**
     * Runs the rate controller once (after each feedback) and returns the delay-based estimate, bps.
     *
     * @param ackedBps the acknowledged bitrate, negative if unknown
     * @param nowMs    the worker's clock, ms
     */
    public long update(long ackedBps, long nowMs) {
        return rate.update(detector.state(), ackedBps, nowMs);
    }

    /** The current delay-based estimate, bps. */
    public long estimateBps() {
        return rate.estimate();
    }

    /** The detector's current conclusion. */
    public BandwidthUsage usage() {
        return detector.state();
    }

    /** The current scaled delay trend (compare with {@link #thresholdMs()}). */
    public double trend() {
        return trendline.trend();
    }

    /** The detector's current adaptive threshold, ms. */
    public double thresholdMs() {
        return detector.threshold();
    }

    /** Round-trip time for the rate controller, ms. */
    public void setRttMs(long rttMs) {
        rate.setRttMs(rttMs);
    }

    /** Replaces the estimate, bps (e.g. to follow a REMB cap). */
    public void setEstimateBps(long bps) {
        rate.setEstimate(bps);
    }
}
