package dev.chorus.media.engine;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.bwe.BitrateAllocator;
import dev.chorus.media.bwe.ProbeCluster;
import dev.chorus.media.bwe.ProbeController;
import dev.chorus.media.bwe.SendSideBwe;

/**
 * Downlink bandwidth control of one subscriber transport, run by its fast timer on the media worker
 * ({@link #onTick}, every ~20 ms) once the subscriber's feedback (transport-cc or REMB) has produced an estimate.
 * Before that nothing happens: budgets stay unlimited, nothing is padded or reported.
 *
 * <ul>
 *   <li><b>Allocation</b>, every {@link #ALLOCATION_INTERVAL_MS}, and at the next tick when a consumer starts or
 *       stops forwarding: the estimate is refreshed and shared among the consumers ({@link DownlinkAllocation}),
 *       whose simulcast layer selectors get their budgets, so layers go down when the estimate falls and come
 *       back (after the allocator's upgrade delay) when it recovers.</li>
 *   <li><b>Probing</b>, only once a video consumer of the transport negotiated transport-cc (mediasoup-client has
 *       then created its probator receiver, see {@link PaddingSender}): padding carries the pending upgrades (the
 *       allocator's {@code upgradeProbeBps}, capped by the estimate and {@link #MAX_PADDING_BPS}), so an upgrade is
 *       tried on the path before it switches; and when the consumers want more than the estimate,
 *       {@link ProbeController} starts a probe cluster: {@link #PROBE_TICKS} bursts of padding on top of the media
 *       at twice the estimate, whose measured rate lifts the estimate at once if the path carried it. There is no
 *       open-ended padding up to the estimate: on a narrow link it would keep the path full and turn every
 *       estimator cycle into a dip.</li>
 *   <li><b>Report</b>: {@link MediaListener#onDownlinkBwe} when {@link DownlinkReport} says so.</li>
 * </ul>
 *
 * <p>Consumers are added and removed on the control path ({@link #add}, {@link #remove}); the tick allocates
 * nothing.
 */
final class DownlinkControl {
    /** How often the estimate is shared out, ms. */
    static final long ALLOCATION_INTERVAL_MS = 200;
    /** Highest rate of padding for pending upgrades, bps. */
    static final long MAX_PADDING_BPS = 2_500_000;
    /** Timer ticks (bursts of padding) per probe cluster. */
    static final int PROBE_TICKS = 5;
    /**
     * A consumer keeps its layer while the estimate covers this much less than the layer's bitrate: the estimator
     * decreases to 0.85 times the acknowledged bitrate on over-use, so a layer the path carries must survive that
     * dip (else every failed upgrade attempt or probe would also cost a downgrade).
     */
    static final double DOWN_TOLERANCE = 0.15;
    /** Longest tick a probe burst stands for, ms (the worker's fast tick is 20 ms). */
    private static final long MAX_BURST_MS = 40;

    private final String transportId;
    private final String ownerTag;
    private final MediaListener listener;
    private final SendSideBwe bwe;
    private final DownlinkAllocation allocation = new DownlinkAllocation(new BitrateAllocator(
            BitrateAllocator.DEFAULT_UP_HEADROOM, BitrateAllocator.DEFAULT_UP_DELAY_MS,
            BitrateAllocator.DEFAULT_PROBE_BACKOFF_MS, DOWN_TOLERANCE));
    private final PaddingSender padding;
    private final ProbeController probes = new ProbeController();
    private final DownlinkReport report = new DownlinkReport();
    private boolean canProbe;
    private long lastAllocationMs = Long.MIN_VALUE;
    private long lastTickMs;
    private long availableBps = -1;
    private long fillBps;
    private long clusterBps;
    private int clusterTicks;
    private int clusterId;

    DownlinkControl(String transportId, String ownerTag, MediaListener listener, SendSideBwe bwe,
                    PaddingSender padding) {
        this.transportId = transportId;
        this.ownerTag = ownerTag;
        this.listener = listener == null ? MediaListener.NONE : listener;
        this.bwe = bwe;
        this.padding = padding;
    }

    /**
     * Control path: a new consumer on the transport. The first video consumer that negotiated transport-cc enables
     * probing (mediasoup-client creates its probator receiver with that consumer's header extensions).
     */
    void add(Consumer c) {
        c.downlinkSlot = add(new ConsumerSubscription(c));
        if (!c.producer.audio && c.transportCc) {
            enableProbing(c.extAllowed[Consumer.EXT_MID], c.extAllowed[Consumer.EXT_ABS_SEND_TIME]);
        }
    }

    /** Control path: a consumer left the transport. */
    void remove(Consumer c) {
        remove(c.downlinkSlot);
        c.downlinkSlot = -1;
    }

    /** Control path: a slot for {@code s}; returns it. */
    int add(DownlinkAllocation.Subscription s) {
        return allocation.add(s);
    }

    /** Control path: the subscription of {@code slot} is gone. */
    void remove(int slot) {
        allocation.remove(slot);
    }

    /** Padding may be sent from now on (once: the probator stays in the client), with these extensions. */
    void enableProbing(boolean mid, boolean absSendTime) {
        if (!canProbe) {
            canProbe = true;
            padding.setExtensions(mid, absSendTime);
        }
    }

    /** True once the subscriber's feedback gave an estimate. */
    boolean active() {
        return bwe.feedbackCount() > 0 || bwe.rembBps() >= 0;
    }

    /**
     * The transport's fast timer (media worker).
     *
     * @param nowMs the worker's clock, ms
     * @param nowUs the estimator's clock (the one egress packets are stamped with), us
     */
    void onTick(long nowMs, long nowUs) {
        if (!active()) {
            return;
        }
        if (lastAllocationMs == Long.MIN_VALUE || nowMs < lastAllocationMs
                || nowMs - lastAllocationMs >= ALLOCATION_INTERVAL_MS || allocation.enabledChanged()) {
            allocate(nowMs, nowUs);
        }
        if (clusterBps > 0) {
            long ms = clusterTicks == 0 ? MediaWorker.TICK_FAST_MS
                    : Math.max(1, Math.min(MAX_BURST_MS, nowMs - lastTickMs));
            padding.burst(Math.max(0, clusterBps - allocation.allocatedBps()) * ms / 8000, nowMs, nowUs);
            if (++clusterTicks >= PROBE_TICKS) {
                bwe.endProbe(nowUs);
                clusterBps = 0;
            }
        } else if (fillBps > 0) {
            padding.fill(fillBps, nowMs, nowUs);
        }
        lastTickMs = nowMs;
    }

    private void allocate(long nowMs, long nowUs) {
        lastAllocationMs = nowMs;
        availableBps = bwe.refresh(nowUs);
        allocation.allocate(availableBps, nowMs);
        fillBps = canProbe ? Math.min(Math.min(allocation.upgradeProbeBps(), availableBps), MAX_PADDING_BPS) : 0;
        if (clusterId != 0 && clusterBps == 0) {
            long result = bwe.probeResultBps(clusterId);
            if (result != ProbeCluster.PENDING) {
                probes.onResult(result);
                clusterId = 0;
            }
        }
        if (canProbe && clusterId == 0) {
            long wanted = (long) (allocation.desiredBps() * (1 + BitrateAllocator.DEFAULT_UP_HEADROOM));
            long target = probes.due(availableBps, wanted, allocation.probingBackedOff(), nowMs);
            if (target > 0) {
                clusterBps = target;
                clusterTicks = 0;
                clusterId = bwe.startProbe();
            }
        }
        long desired = allocation.desiredBps();
        long allocated = allocation.allocatedBps();
        if (report.due(desired, allocated, availableBps, nowMs)) {
            listener.onDownlinkBwe(transportId, ownerTag, desired, allocated, availableBps);
        }
    }

    /** The allocation (for stats and tests). */
    DownlinkAllocation allocation() {
        return allocation;
    }

    /** The estimate at the last allocation, bps, or -1 before any. */
    long availableBps() {
        return availableBps;
    }

    /** The padding rate being filled, bps. */
    long fillBps() {
        return fillBps;
    }

    /** Probe clusters started so far. */
    long probes() {
        return probes.probes();
    }

    /** The padding sender (for stats). */
    PaddingSender padding() {
        return padding;
    }
}
