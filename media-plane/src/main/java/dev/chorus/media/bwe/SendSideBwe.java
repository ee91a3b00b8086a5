package dev.chorus.media.bwe;

import dev.chorus.media.rtcp.TccPacketVisitor;
import dev.chorus.media.rtcp.TransportCcFeedbacks;

/**
 * Downlink bandwidth estimate of one subscriber transport: a simplified Google Congestion Control
 * (draft-ietf-rmcat-gcc) run on the sending side from transport-cc feedback, with REMB as an alternative input.
 *
 * <p>The estimate is the minimum of the {@link DelayBasedEstimator} (delay trend, over-use detector, AIMD), the
 * {@link LossBasedEstimator} bound, and the latest REMB value while REMB keeps arriving
 * ({@link #REMB_TIMEOUT_US}); it is clamped to the configured min..max. Without any transport-cc feedback the
 * REMB value alone is the estimate; without either it stays at the start bitrate.
 *
 * <p>What the media worker calls, all on the transport's worker thread, allocation-free:
 * <ul>
 *   <li>{@link #onPacketSent} for every egress RTP packet (media, RTX, padding) when the consumer negotiated the
 *       transport-cc header extension; it returns the 16-bit transport-wide sequence number to write into it;</li>
 *   <li>{@link #onTransportCcFeedback} for every RTPFB FMT 15 packet from the subscriber;</li>
 *   <li>{@link #onRemb} for every REMB from the subscriber;</li>
 *   <li>{@link #setRttMs} when a receiver report gives a new round-trip time.</li>
 * </ul>
 * Then {@link #estimateBps} is the available bitrate to give the {@link BitrateAllocator}.
 *
 * <p>Probing: between {@link #startProbe} and {@link #endProbe} every packet sent is tagged as one probe cluster
 * (the engine adds padding meanwhile). When the feedback has covered the cluster, its measured rate
 * ({@link ProbeCluster}) lifts the delay-based estimate and the loss bound if it is higher than the estimate: a
 * path that has just been shown to carry more need not be climbed at the slow AIMD pace.
 */
public final class SendSideBwe {
    /** Default start estimate, bps. */
    public static final long DEFAULT_START_BPS = 600_000;
    /** Default lowest estimate, bps. */
    public static final long DEFAULT_MIN_BPS = 30_000;
    /** Default highest estimate, bps. */
    public static final long DEFAULT_MAX_BPS = 20_000_000;
    /** A REMB value counts this long after it arrived, us. */
    public static final long REMB_TIMEOUT_US = 5_000_000;

    private final long minBps;
    private final long maxBps;
    private final SendHistory history;
    private final DelayBasedEstimator delay;
    private final LossBasedEstimator loss;
    private final AckedBitrate acked = new AckedBitrate();
    private final TccPacketVisitor visitor = this::onFeedbackPacket;
    private final ProbeCluster probe = new ProbeCluster();
    private int activeCluster;
    private int lastClusterId;
    private long probesApplied;

    private long estimate;
    private boolean haveFeedback;
    private long rembBps = -1;
    private long rembAtUs;
    private boolean refKnown;
    private long lastRef24;
    private long refUnits;
    private long cursorUs;
    private int fbReceived;
    private int fbLost;
    private long feedbacks;
    private long unknownPackets;

    /** Defaults: start 600 kbps, min 30 kbps, max 20 Mbps, {@link SendHistory#DEFAULT_CAPACITY}. */
    public SendSideBwe() {
        this(DEFAULT_START_BPS, DEFAULT_MIN_BPS, DEFAULT_MAX_BPS, new SendHistory());
    }

    /**
     * @param startBps estimate before any feedback
     * @param minBps   lowest estimate
     * @param maxBps   highest estimate
     * @param history  the transport's send history (owned by this estimator from now on)
     */
    public SendSideBwe(long startBps, long minBps, long maxBps, SendHistory history) {
        if (minBps <= 0 || maxBps < minBps) {
            throw new IllegalArgumentException("need 0 < min <= max: " + minBps + ", " + maxBps);
        }
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.history = history;
        this.delay = new DelayBasedEstimator(startBps, minBps, maxBps);
        this.loss = new LossBasedEstimator(minBps);
        this.estimate = clamp(startBps);
    }

    /**
     * Records an egress packet; returns the transport-wide sequence number (0..65535) to write into its
     * transport-cc header extension.
     *
     * @param sizeBytes packet size (RTP header + payload + padding)
     * @param nowUs     send time, us (the worker's monotonic clock)
     */
    public int onPacketSent(int sizeBytes, long nowUs) {
        if (activeCluster != 0) {
            probe.onSent();
        }
        return history.onSend(sizeBytes, nowUs, activeCluster);
    }

    /**
     * Starts a probe cluster: the packets sent from now until {@link #endProbe} form it. Any earlier cluster is
     * forgotten. Returns the cluster's id (non-zero), for {@link #probeResultBps}.
     */
    public int startProbe() {
        lastClusterId = lastClusterId == Integer.MAX_VALUE ? 1 : lastClusterId + 1;
        activeCluster = lastClusterId;
        probe.start(activeCluster);
        return activeCluster;
    }

    /** Ends the current probe cluster (its last packet was sent at {@code nowUs}). */
    public void endProbe(long nowUs) {
        activeCluster = 0;
        probe.end(nowUs);
    }

    /**
     * The measured rate of probe cluster {@code clusterId}, bps; {@link ProbeCluster#PENDING} while it is sent or
     * feedback is awaited, {@link ProbeCluster#FAILED} when it gave no usable measurement (or is not the latest).
     */
    public long probeResultBps(int clusterId) {
        return clusterId == probe.id() ? probe.result() : ProbeCluster.FAILED;
    }

    /** Probe results that raised the estimate so far. */
    public long probesApplied() {
        return probesApplied;
    }

    /**
     * Processes one transport-cc feedback packet (the RTCP packet at {@code off}, {@code len} bytes). Returns
     * false, changing nothing, if it is not valid transport-cc feedback.
     *
     * @param nowUs the worker's clock, us
     */
    public boolean onTransportCcFeedback(byte[] buf, int off, int len, long nowUs) {
        int ref = TransportCcFeedbacks.referenceTime(buf, off, len);
        if (ref == Integer.MIN_VALUE) {
            return false;
        }
        long ref24 = ref & 0xFFFFFFL;
        long units = refKnown ? refUnits + (((int) ((ref24 - lastRef24) << 8)) >> 8) : ref;
        cursorUs = units * TransportCcFeedbacks.REFERENCE_TIME_UNIT_US;
        fbReceived = 0;
        fbLost = 0;
        // parse validates the whole packet before the first visitor call: on failure nothing was touched
        if (TransportCcFeedbacks.parse(buf, off, len, visitor) < 0) {
            return false;
        }
        refKnown = true;
        refUnits = units;
        lastRef24 = ref24;
        haveFeedback = true;
        feedbacks++;
        long nowMs = nowUs / 1000;
        loss.onPackets(fbReceived, fbLost);
        long ackedBps = acked.bps();
        long delayBps = delay.update(ackedBps, nowMs);
        long lossBound = loss.update(Math.min(estimate, delayBps), delayBps, nowMs);
        estimate = combine(delayBps, lossBound, nowUs);
        long probed = probe.evaluate(nowUs);
        if (probed > estimate) {
            applyProbe(probed, nowUs);
        }
        return true;
    }

    /** A probe showed the path carries {@code bps}: the delay-based estimate and the loss bound rise to it. */
    private void applyProbe(long bps, long nowUs) {
        long target = clamp(bps);
        if (target > delay.estimateBps()) {
            delay.setEstimateBps(target);
        }
        loss.raiseTo(target);
        estimate = combine(delay.estimateBps(), loss.boundBps(), nowUs);
        probesApplied++;
    }

    private void onFeedbackPacket(int seq, boolean received, long deltaUs) {
        if (received) {
            cursorUs += deltaUs;
        }
        long ext = history.extend(seq);
        if (ext < 0) {
            unknownPackets++;
            return;
        }
        byte previous = history.markReported(ext, received);
        int cluster = history.cluster(ext);
        if (received) {
            if (previous == SendHistory.REPORTED_RECEIVED) {
                return;
            }
            if (previous == SendHistory.REPORTED_LOST) {
                fbLost--;
            }
            fbReceived++;
            acked.add(cursorUs, history.size(ext));
            delay.onPacket(history.sendTimeUs(ext), cursorUs);
            if (cluster != 0) {
                probe.onReceived(cluster, history.sendTimeUs(ext), cursorUs, history.size(ext),
                        previous == SendHistory.REPORTED_LOST);
            }
        } else if (previous == SendHistory.UNREPORTED) {
            fbLost++;
            if (cluster != 0) {
                probe.onLost(cluster);
            }
        }
    }

    /**
     * A REMB value from the subscriber (as read by {@code Rembs.bitrate}).
     *
     * @param bps   the receiver's estimate, bps
     * @param nowUs the worker's clock, us
     */
    public void onRemb(long bps, long nowUs) {
        if (bps < 0) {
            return;
        }
        rembBps = bps;
        rembAtUs = nowUs;
        estimate = combine(delay.estimateBps(), loss.boundBps(), nowUs);
    }

    private long combine(long delayBps, long lossBound, long nowUs) {
        boolean rembFresh = rembBps >= 0 && nowUs - rembAtUs <= REMB_TIMEOUT_US;
        long e;
        if (haveFeedback) {
            e = Math.min(delayBps, lossBound);
            if (rembFresh) {
                e = Math.min(e, rembBps);
            }
        } else if (rembBps >= 0) {
            e = rembBps;
        } else {
            e = delayBps;
        }
        return clamp(e);
    }

    /**
     * The available bitrate for the transport's consumers, bps. A REMB that stopped arriving stops capping the
     * estimate at the next feedback or REMB, or when {@link #refresh} is called.
     */
    public long estimateBps() {
        return estimate;
    }

    /**
     * Re-evaluates the estimate at {@code nowUs} (e.g. from a timer, so that a stale REMB stops capping it, and a
     * probe cluster whose feedback is overdue is evaluated with what arrived).
     */
    public long refresh(long nowUs) {
        estimate = combine(delay.estimateBps(), loss.boundBps(), nowUs);
        long probed = probe.evaluate(nowUs); // a cluster whose remaining feedback never came
        if (probed > estimate) {
            applyProbe(probed, nowUs);
        }
        return estimate;
    }

    /** Round-trip time from receiver reports, ms. */
    public void setRttMs(long rttMs) {
        delay.setRttMs(rttMs);
    }

    /** The delay-based estimate, bps. */
    public long delayBasedBps() {
        return delay.estimateBps();
    }

    /** The loss-based bound, bps, or {@link LossBasedEstimator#UNBOUNDED}. */
    public long lossBoundBps() {
        return loss.boundBps();
    }

    /** Loss fraction of the last loss evaluation (0..1). */
    public double lossFraction() {
        return loss.lossFraction();
    }

    /** The acknowledged bitrate, bps, or -1 if unknown. */
    public long ackedBps() {
        return acked.bps();
    }

    /** The over-use detector's current conclusion. */
    public BandwidthUsage usage() {
        return delay.usage();
    }

    /** The last REMB value, bps, or -1. */
    public long rembBps() {
        return rembBps;
    }

    /** Valid transport-cc feedback packets processed. */
    public long feedbackCount() {
        return feedbacks;
    }

    /** Feedback entries for sequence numbers not (or no longer) in the send history. */
    public long unknownPackets() {
        return unknownPackets;
    }

    /** The send history (for the engine's egress path). */
    public SendHistory history() {
        return history;
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
