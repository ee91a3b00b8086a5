package dev.chorus.media.engine;

import dev.chorus.media.bwe.BitrateAllocator;
import dev.chorus.media.simulcast.LayerSelector;
import dev.chorus.media.simulcast.LayerStats;
import java.util.Arrays;

/**
 * Shares a subscriber transport's downlink estimate among its consumers: one {@link BitrateAllocator} slot per
 * consumer ({@link Subscription}), refreshed before every allocation, and each simulcast consumer's budget pushed
 * into its {@link LayerSelector}.
 *
 * <p>Slot contents, per {@link #allocate}:
 * <ul>
 *   <li>audio: {@link #AUDIO_BPS}, always given;</li>
 *   <li>VP8 simulcast video: one option per (stream, temporal layer), lowest stream first, priced at the
 *       producer's measured bitrate ({@link LayerStats}, layers 0..t of the stream) times {@link #OVERHEAD};
 *       {@link BitrateAllocator#UNAVAILABLE} for a stream that is not active or a temporal layer it does not carry;
 *       an option is never priced below the one before it. The preferred option is the preferred (spatial,
 *       temporal) pair;</li>
 *   <li>other video: one option, its stream's measured bitrate;</li>
 *   <li>priority from {@code setConsumerPriority}; a consumer that does not forward (paused, producer paused,
 *       transport not connected) is disabled and gets nothing (its selector keeps its last budget until it
 *       forwards again; the caller allocates again at once then, see {@link #enabledChanged}).</li>
 * </ul>
 *
 * <p>Budget for the selector: the committed option's price plus half the way to the next dearer option (1.5 times
 * it when there is none), divided by {@link #OVERHEAD}. The selector picks the highest layers whose measured
 * bitrate fits, so it lands on the committed option and does not flap when that layer's bitrate wobbles between
 * allocations. Nothing committed: budget 0 (the selector then keeps the lowest stream's base layer). With no
 * estimate ({@link LayerSelector#UNLIMITED}) the allocator is bypassed and every budget is unlimited.
 *
 * <p>Threading: the transport's media worker. {@link #add} and {@link #remove} are control-path calls and may
 * allocate; {@link #allocate} allocates nothing.
 */
final class DownlinkAllocation {
    /** What the allocation needs from one consumer, and where its budget goes. */
    interface Subscription {
        boolean audio();

        /** Forwarding now: not paused, producer not paused, transport connected. */
        boolean enabled();

        /** 1..255, higher is more important. */
        int priority();

        /** Preferred spatial layer, -1: the highest. */
        int preferredSpatial();

        /** Preferred temporal layer, -1: the highest. */
        int preferredTemporal();

        /** The producer's per-layer statistics of a VP8 simulcast consumer, else null. */
        LayerStats layerStats();

        /** Streams of a simulcast producer. */
        int spatialLayers();

        /** Temporal layers per stream of a simulcast producer. */
        int temporalLayers();

        /**
         * True for SVC: a subscriber at spatial layer s receives layers 0..s of the one stream, so the price of a
         * layer is the sum of its own and the lower ones' bitrates; false for simulcast (one stream at a time).
         */
        default boolean cumulativeLayers() {
            return false;
        }

        /** Bitrate of what a non-simulcast video consumer forwards, bps; negative: its stream is not active. */
        long measuredBps(long nowMs);

        /** A simulcast consumer's budget for its layer selector, bps ({@link LayerSelector#UNLIMITED}: none). */
        void setAvailableBitrate(long bps, long nowMs);
    }

    /** Nominal bitrate of an audio consumer (Opus with packet overhead), bps. */
    static final long AUDIO_BPS = 64_000;
    /** Measured simulcast bitrates count payload only; packets cost about this much more on the wire. */
    static final double OVERHEAD = 1.1;
    private static final long UNAVAILABLE = BitrateAllocator.UNAVAILABLE;
    private static final long[] NOTHING_YET = {UNAVAILABLE};

    private final BitrateAllocator allocator;
    private final long[] options = new long[BitrateAllocator.MAX_LAYERS];
    private Subscription[] slots = new Subscription[8];
    private boolean[] wasEnabled = new boolean[8];
    private long[] budgets = new long[8];
    private boolean limited;

    DownlinkAllocation(BitrateAllocator allocator) {
        this.allocator = allocator;
    }

    /** Control path: a slot for a new consumer; returns it. */
    int add(Subscription s) {
        int slot = s.audio() ? allocator.addAudio(AUDIO_BPS) : allocator.addVideo(s.priority(), NOTHING_YET);
        if (slot >= slots.length) {
            int n = Math.max(slot + 1, slots.length * 2);
            slots = Arrays.copyOf(slots, n);
            wasEnabled = Arrays.copyOf(wasEnabled, n);
            budgets = Arrays.copyOf(budgets, n);
        }
        slots[slot] = s;
        wasEnabled[slot] = false;
        budgets[slot] = LayerSelector.UNLIMITED; // the selector's own default until the next allocation
        return slot;
    }

    /** Control path: the consumer of {@code slot} is gone. */
    void remove(int slot) {
        if (slot >= 0 && slot < slots.length && slots[slot] != null) {
            allocator.remove(slot);
            slots[slot] = null;
        }
    }

    /** True when a consumer started or stopped forwarding since the last allocation (allocate again now). */
    boolean enabledChanged() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].enabled() != wasEnabled[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Shares {@code availableBps} ({@link LayerSelector#UNLIMITED}: no estimate, every budget unlimited) and pushes
     * the simulcast budgets.
     */
    void allocate(long availableBps, long nowMs) {
        if (availableBps == LayerSelector.UNLIMITED) {
            limited = false;
            for (int i = 0; i < slots.length; i++) {
                Subscription s = slots[i];
                if (s != null) {
                    wasEnabled[i] = s.enabled();
                    push(i, s, LayerSelector.UNLIMITED, nowMs);
                }
            }
            return;
        }
        limited = true;
        for (int i = 0; i < slots.length; i++) {
            Subscription s = slots[i];
            if (s != null) {
                refresh(i, s, nowMs);
            }
        }
        allocator.allocate(availableBps, nowMs);
        for (int i = 0; i < slots.length; i++) {
            Subscription s = slots[i];
            if (s != null && !s.audio()) {
                push(i, s, selectorBudget(i), nowMs);
            }
        }
    }

    /**
     * Records a slot's budget and hands it to a forwarding simulcast consumer. A consumer that does not forward
     * keeps its selector's last budget, so that on resume it does not first aim at the lowest layer (and ask for a
     * key frame of it) until the next allocation, due at the next tick.
     */
    private void push(int slot, Subscription s, long bps, long nowMs) {
        budgets[slot] = bps;
        if (s.layerStats() != null && wasEnabled[slot]) {
            s.setAvailableBitrate(bps, nowMs);
        }
    }

    private void refresh(int slot, Subscription s, long nowMs) {
        boolean on = s.enabled();
        wasEnabled[slot] = on;
        allocator.setEnabled(slot, on);
        if (s.audio()) {
            return;
        }
        allocator.setPriority(slot, s.priority());
        LayerStats stats = s.layerStats();
        if (stats == null) {
            long r = s.measuredBps(nowMs);
            options[0] = r < 0 ? UNAVAILABLE : r;
            allocator.setLayerBitrates(slot, options, 1);
            allocator.setPreferredLayer(slot, 0);
            return;
        }
        int streams = Math.min(s.spatialLayers(), stats.streams());
        int temporal = Math.max(1, s.temporalLayers());
        int perStream = Math.max(1, Math.min(temporal, BitrateAllocator.MAX_LAYERS / streams));
        int firstTemporal = temporal - perStream; // only when streams x temporal layers exceed the table
        long floor = 0;
        int n = 0;
        for (int sp = 0; sp < streams; sp++) {
            int top = stats.highestTemporal(sp, nowMs); // -1: stream inactive
            for (int k = 0; k < perStream; k++) {
                int t = firstTemporal + k;
                if (top < 0 || (t > top && k > 0)) {
                    options[n++] = UNAVAILABLE;
                } else {
                    long raw = s.cumulativeLayers() ? cumulative(stats, sp, Math.min(t, top), nowMs)
                            : stats.bitrate(sp, Math.min(t, top), nowMs);
                    long price = Math.max(floor, (long) (raw * OVERHEAD));
                    options[n++] = price;
                    floor = price;
                }
            }
        }
        allocator.setLayerBitrates(slot, options, n);
        int ps = s.preferredSpatial() < 0 ? streams - 1 : Math.min(s.preferredSpatial(), streams - 1);
        int pt = s.preferredTemporal() < 0 ? temporal - 1 : Math.min(s.preferredTemporal(), temporal - 1);
        allocator.setPreferredLayer(slot, ps * perStream + Math.max(0, pt - firstTemporal));
    }

    /** Spatial layers 0..{@code sp} at temporal layer {@code t} together: what an SVC subscriber at sp receives. */
    private static long cumulative(LayerStats stats, int sp, int t, long nowMs) {
        long sum = 0;
        for (int k = 0; k <= sp; k++) {
            sum += stats.bitrate(k, t, nowMs);
        }
        return sum;
    }

    /** The committed option's price plus half the way to the next dearer one, in measured (payload) terms. */
    private long selectorBudget(int slot) {
        int o = allocator.layer(slot);
        if (o < 0) {
            return 0;
        }
        long price = allocator.layerBps(slot, o);
        long ceiling = price + price / 2;
        for (int k = o + 1, n = allocator.layerCount(slot); k < n; k++) {
            long next = allocator.layerBps(slot, k);
            if (next != UNAVAILABLE && next > price) {
                ceiling = price + (next - price) / 2;
                break;
            }
        }
        return (long) (ceiling / OVERHEAD);
    }

    /** The budget last given to a slot's consumer, bps ({@link LayerSelector#UNLIMITED} without an estimate). */
    long budgetBps(int slot) {
        return budgets[slot];
    }

    /** The allocator's committed layer option of a slot, or -1. */
    int layer(int slot) {
        return allocator.layer(slot);
    }

    /** True once an estimate limits the budgets. */
    boolean limited() {
        return limited;
    }

    /** What the enabled consumers would use at their preferred layers, bps. */
    long desiredBps() {
        return allocator.desiredBps();
    }

    /** What the last allocation gave the consumers, bps. */
    long allocatedBps() {
        return allocator.allocatedBps();
    }

    /** Padding the allocator suggests until the next allocation, bps. */
    long probeBps() {
        return allocator.probeBps();
    }

    /** The part of {@link #probeBps()} for pending upgrades, bps. */
    long upgradeProbeBps() {
        return allocator.upgradeProbeBps();
    }

    /** The estimate dropped recently: no probing beyond pending upgrades. */
    boolean probingBackedOff() {
        return allocator.probingBackedOff();
    }
}
