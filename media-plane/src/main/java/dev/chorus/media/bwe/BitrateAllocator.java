package dev.chorus.media.bwe;

import java.util.Arrays;

/**
 * Shares one subscriber transport's available bitrate among its consumers, and says how much padding to send to
 * find out whether a higher layer would fit.
 *
 * <p>Each consumer is a slot. An audio slot has one bitrate and is always given it, whatever the estimate (audio is
 * never starved). A video slot has a table of layer options in ascending bitrate (for simulcast e.g. S0T0, S0T1,
 * S0T2, S1T0, ... with the bitrate of the stream at that layer; {@link #UNAVAILABLE} marks a layer that is not
 * being received), a preferred (highest wanted) option and a priority (higher is more important).
 *
 * <p>{@link #allocate} then, after the audio:
 * <ol>
 *   <li>in priority order, gives each enabled video slot its lowest option, while it fits;</li>
 *   <li>priority group by priority group (highest first), raises the slots of the group one option at a time,
 *       round-robin, as far as they fit and up to their preferred option. So the most important consumers reach
 *       their preferred layer first, then the others get what is left.</li>
 * </ol>
 * Hysteresis: keeping or lowering a layer costs {@code (1 - downTolerance)} times its bitrate (0 by default: its
 * full bitrate); going above the layer a slot currently has needs {@code (1 + upHeadroom)} times the new layer's
 * bitrate to fit, and an upgrade is committed only after it has been possible for {@code upDelayMs} in a row (a
 * slot that had nothing starts at once). Meanwhile the upgrade's bitrate is reserved (lower priorities do not take
 * it) and offered as padding in {@link #probeBps()}, so the estimator sees the higher rate before the layer
 * switches. Lowering is immediate. A down tolerance of {@code 1 - beta} matches an AIMD estimator that decreases to
 * {@code beta} times the acknowledged bitrate: a layer the path carries survives the dip after each decrease, and
 * is only lowered when the path carries less than the layer.
 *
 * <p>Probing: besides the pending upgrades, when a slot wants more than fits and the estimate has not dropped
 * for {@code probeBackoffMs}, {@link #probeBps()} suggests padding up to the unallocated part of the estimate,
 * so that the send-side estimator (which will not grow far beyond what is acknowledged) can climb.
 *
 * <p>Outputs per slot: {@link #budgetBps} (the committed option's bitrate; 0 = nothing) for the simulcast layer
 * selector, and {@link #layer} (the committed option index, -1 = none).
 *
 * <p>Threading: the transport's media worker. Slots are added and changed on the control path (adding may
 * allocate); {@link #allocate} and the getters allocate nothing.
 */
public final class BitrateAllocator {
    /** Most layer options per slot. */
    public static final int MAX_LAYERS = 16;
    /** Bitrate marking a layer option that cannot be chosen now. */
    public static final long UNAVAILABLE = -1;
    /** Available bitrate meaning "no estimate, no limit". */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** Default headroom an upgrade needs. */
    public static final double DEFAULT_UP_HEADROOM = 0.15;
    /** Default time an upgrade must stay possible, ms. */
    public static final long DEFAULT_UP_DELAY_MS = 2_000;
    /** Default quiet time after an estimate drop before probing again, ms. */
    public static final long DEFAULT_PROBE_BACKOFF_MS = 5_000;

    private final double upHeadroom;
    private final long upDelayMs;
    private final double downTolerance;
    private final ProbeState probes;

    private int slots;
    private boolean[] used = new boolean[8];
    private boolean[] audio = new boolean[8];
    private boolean[] enabled = new boolean[8];
    private int[] priority = new int[8];
    private long[][] rates = new long[8][];
    private int[] counts = new int[8];
    private int[] preferred = new int[8];
    private int[] committed = new int[8];
    private int[] want = new int[8];
    private int[] pending = new int[8];
    private long[] pendingSince = new long[8];
    private long[] budget = new long[8];
    private int[] order = new int[8];

    private long allocated;

    /** Defaults: {@link #DEFAULT_UP_HEADROOM}, {@link #DEFAULT_UP_DELAY_MS}, {@link #DEFAULT_PROBE_BACKOFF_MS}. */
    public BitrateAllocator() {
        this(DEFAULT_UP_HEADROOM, DEFAULT_UP_DELAY_MS, DEFAULT_PROBE_BACKOFF_MS);
    }

    /** As the four-argument constructor, with no down tolerance. */
    public BitrateAllocator(double upHeadroom, long upDelayMs, long probeBackoffMs) {
        this(upHeadroom, upDelayMs, probeBackoffMs, 0);
    }

    /**
     * @param upHeadroom     fraction of a higher layer's bitrate that must be free on top of it (e.g. 0.15)
     * @param upDelayMs      how long an upgrade must stay possible before it is committed
     * @param probeBackoffMs how long after a drop of the estimate no probing padding is suggested
     * @param downTolerance  fraction of a slot's current (or a lower) layer's bitrate that may be missing before it
     *                       is lowered (0..1, e.g. 0.15)
     */
    public BitrateAllocator(double upHeadroom, long upDelayMs, long probeBackoffMs, double downTolerance) {
        if (upHeadroom < 0 || upDelayMs < 0 || probeBackoffMs < 0) {
            throw new IllegalArgumentException("negative setting");
        }
        if (downTolerance < 0 || downTolerance >= 1) {
            throw new IllegalArgumentException("down tolerance must be in 0..1: " + downTolerance);
        }
        this.upHeadroom = upHeadroom;
        this.upDelayMs = upDelayMs;
        this.downTolerance = downTolerance;
        this.probes = new ProbeState(probeBackoffMs);
    }

    /** Adds an audio consumer that needs {@code bitrateBps}; returns its slot. */
    public int addAudio(long bitrateBps) {
        int s = newSlot();
        audio[s] = true;
        rates[s][0] = Math.max(0, bitrateBps);
        counts[s] = 1;
        preferred[s] = 0;
        return s;
    }

    /**
     * Adds a video consumer; returns its slot.
     *
     * @param priority  1..255, higher is more important
     * @param layerBps  layer options in ascending bitrate ({@link #UNAVAILABLE} allowed), at most {@link #MAX_LAYERS}
     */
    public int addVideo(int priority, long[] layerBps) {
        LayerBitrates.validate(layerBps, layerBps.length);
        int s = newSlot();
        audio[s] = false;
        this.priority[s] = priority;
        setLayerBitrates(s, layerBps, layerBps.length);
        preferred[s] = MAX_LAYERS - 1;
        return s;
    }

    private int newSlot() {
        int s = 0;
        while (s < slots && used[s]) {
            s++;
        }
        if (s == used.length) {
            grow(used.length * 2);
        }
        if (s == slots) {
            slots++;
        }
        used[s] = true;
        enabled[s] = true;
        priority[s] = 1;
        if (rates[s] == null) {
            rates[s] = new long[MAX_LAYERS];
        }
        counts[s] = 0;
        committed[s] = -1;
        want[s] = -1;
        pending[s] = -1;
        budget[s] = 0;
        return s;
    }

    private void grow(int n) {
        used = Arrays.copyOf(used, n);
        audio = Arrays.copyOf(audio, n);
        enabled = Arrays.copyOf(enabled, n);
        priority = Arrays.copyOf(priority, n);
        rates = Arrays.copyOf(rates, n);
        counts = Arrays.copyOf(counts, n);
        preferred = Arrays.copyOf(preferred, n);
        committed = Arrays.copyOf(committed, n);
        want = Arrays.copyOf(want, n);
        pending = Arrays.copyOf(pending, n);
        pendingSince = Arrays.copyOf(pendingSince, n);
        budget = Arrays.copyOf(budget, n);
        order = Arrays.copyOf(order, n);
    }

    /** Removes a slot; its number may be reused. */
    public void remove(int slot) {
        check(slot);
        used[slot] = false;
        budget[slot] = 0;
        committed[slot] = -1;
    }

    /**
     * Replaces a slot's layer bitrates (copied; allocation-free). Available entries must not decrease. For an
     * audio slot only the first entry counts.
     */
    public void setLayerBitrates(int slot, long[] layerBps, int count) {
        check(slot);
        LayerBitrates.validate(layerBps, count);
        System.arraycopy(layerBps, 0, rates[slot], 0, count);
        counts[slot] = audio[slot] ? 1 : count;
    }

    /** Sets the priority (1..255, higher is more important). */
    public void setPriority(int slot, int value) {
        check(slot);
        priority[slot] = value;
    }

    /** Sets the highest layer option a video slot wants (-1: none). */
    public void setPreferredLayer(int slot, int option) {
        check(slot);
        preferred[slot] = option;
    }

    /** Enables or disables a slot (paused consumer or producer, outside last-N: no budget). */
    public void setEnabled(int slot, boolean on) {
        check(slot);
        enabled[slot] = on;
    }

    private void check(int slot) {
        if (slot < 0 || slot >= slots || !used[slot]) {
            throw new IllegalArgumentException("no slot " + slot);
        }
    }

    /**
     * Shares {@code availableBps} ({@link #UNLIMITED} for no limit) among the slots. Call after each new estimate
     * and after any slot change.
     *
     * @param nowMs the worker's clock, ms
     */
    public void allocate(long availableBps, long nowMs) {
        long available = Math.max(0, availableBps);
        probes.onEstimate(available, nowMs);
        long remaining = available;
        int n = 0;
        for (int s = 0; s < slots; s++) {
            want[s] = -1;
            if (!used[s]) {
                continue;
            }
            if (audio[s]) {
                if (enabled[s]) {
                    want[s] = 0;
                    remaining -= rates[s][0];
                }
            } else if (enabled[s] && top(s) >= 0) {
                insert(s, n++);
            }
        }
        for (int k = 0; k < n; k++) {
            int s = order[k];
            int base = next(s, -1);
            if (base >= 0 && need(s, -1, base) <= remaining) {
                want[s] = base;
                remaining -= rates[s][base];
            }
        }
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && priority[order[j]] == priority[order[i]]) {
                j++;
            }
            remaining = raise(i, j, remaining);
            i = j;
        }
        commit(nowMs);
        probeFor(n, remaining, available);
    }

    /** Raises the slots order[from..to) round-robin; returns what remains. */
    private long raise(int from, int to, long remaining) {
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            for (int k = from; k < to; k++) {
                int s = order[k];
                if (want[s] < 0) {
                    continue;
                }
                int up = next(s, want[s]);
                if (up >= 0 && need(s, want[s], up) <= remaining) {
                    remaining -= rates[s][up] - rates[s][want[s]];
                    want[s] = up;
                    progressed = true;
                }
            }
        }
        return remaining;
    }

    /** What must be free to move slot s from option {@code from} (-1: nothing) to {@code to}. */
    private long need(int s, int from, int to) {
        long fromBps = from < 0 ? 0 : rates[s][from];
        long toBps = rates[s][to];
        if (to <= committed[s]) {
            return (long) Math.ceil(toBps * (1 - downTolerance)) - fromBps;
        }
        return (long) Math.ceil(toBps * (1 + upHeadroom)) - fromBps;
    }

    private void commit(long nowMs) {
        allocated = 0;
        for (int s = 0; s < slots; s++) {
            if (!used[s]) {
                continue;
            }
            int w = want[s];
            if (w <= committed[s] || committed[s] < 0 || audio[s]) {
                committed[s] = w;
                pending[s] = -1;
            } else {
                if (pending[s] < 0) {
                    pendingSince[s] = nowMs;
                }
                pending[s] = w;
                if (nowMs - pendingSince[s] >= upDelayMs) {
                    committed[s] = w;
                    pending[s] = -1;
                }
            }
            budget[s] = committed[s] < 0 ? 0 : rates[s][committed[s]];
            allocated += budget[s];
        }
    }

    /** Padding: the pending upgrades' difference, or else (unless backed off) room for the next upgrade. */
    private void probeFor(int n, long remaining, long available) {
        if (available == UNLIMITED) {
            probes.set(0, 0);
            return;
        }
        long extra = 0;
        for (int k = 0; k < n; k++) {
            int s = order[k];
            if (pending[s] >= 0) {
                extra += rates[s][pending[s]] - (committed[s] < 0 ? 0 : rates[s][committed[s]]);
            }
        }
        long probe = extra;
        if (extra == 0 && remaining > 0 && !probes.backedOff()) {
            for (int k = 0; k < n; k++) {
                int s = order[k];
                int up = next(s, want[s]);
                if (up >= 0) {
                    probe = Math.min(remaining, need(s, want[s], up));
                    break;
                }
            }
        }
        probes.set(probe, extra);
    }

    /** Inserts slot s into order[0..n) by descending priority, after equal priorities (stable). */
    private void insert(int s, int n) {
        int k = n;
        while (k > 0 && priority[order[k - 1]] < priority[s]) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = s;
    }

    /** The highest available option at or below the preferred one, or -1. */
    private int top(int s) {
        int p = Math.min(preferred[s], counts[s] - 1);
        for (int o = p; o >= 0; o--) {
            if (rates[s][o] != UNAVAILABLE) {
                return o;
            }
        }
        return -1;
    }

    /** The next available option above {@code from} and at most the preferred one, or -1. */
    private int next(int s, int from) {
        int p = Math.min(preferred[s], counts[s] - 1);
        for (int o = from + 1; o <= p; o++) {
            if (rates[s][o] != UNAVAILABLE) {
                return o;
            }
        }
        return -1;
    }

    /** The slot's budget from the last allocation, bps (0: send nothing). */
    public long budgetBps(int slot) {
        check(slot);
        return budget[slot];
    }

    /** The slot's committed layer option from the last allocation, or -1. */
    public int layer(int slot) {
        check(slot);
        return committed[slot];
    }

    /** The option a pending upgrade of the slot aims at, or -1. */
    public int pendingLayer(int slot) {
        check(slot);
        return pending[slot];
    }

    /** The bitrate of layer option {@code option} of a slot as last set, bps ({@link #UNAVAILABLE} possible). */
    public long layerBps(int slot, int option) {
        check(slot);
        if (option < 0 || option >= counts[slot]) {
            throw new IllegalArgumentException("no option " + option + " in slot " + slot);
        }
        return rates[slot][option];
    }

    /** Number of layer options of a slot. */
    public int layerCount(int slot) {
        check(slot);
        return counts[slot];
    }

    /** True while the estimate dropped less than {@code probeBackoffMs} ago (at the last allocation). */
    public boolean probingBackedOff() {
        return probes.backedOff();
    }

    /** Padding the transport should send until the next allocation, bps (0: none). */
    public long probeBps() {
        return probes.probe();
    }

    /**
     * The part of {@link #probeBps()} that carries pending upgrades (each slot's pending layer minus its committed
     * one), bps: padding that makes the path carry an upgrade before it is switched to, without the open-ended
     * filling up to the estimate.
     */
    public long upgradeProbeBps() {
        return probes.upgradeProbe();
    }

    /** Sum of the budgets of the last allocation, bps. */
    public long allocatedBps() {
        return allocated;
    }

    /** What the enabled slots would use at their preferred layers, bps (mediasoup's "desiredBitrate"). */
    public long desiredBps() {
        long sum = 0;
        for (int s = 0; s < slots; s++) {
            if (used[s] && enabled[s]) {
                int t = top(s);
                if (t >= 0) {
                    sum += rates[s][t];
                }
            }
        }
        return sum;
    }
}
