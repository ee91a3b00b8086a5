package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.bwe.SendSideBwe;
import dev.chorus.media.rtcp.TransportCcRecorder;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.LayerSelector;
import dev.chorus.media.simulcast.LayerStats;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic closed loop around one {@link DownlinkControl}, in simulated time (20 ms ticks, no sockets):
 * simulcast publishers whose {@link LayerStats} are fed with synthetic frames, subscriptions with real
 * {@link LayerSelector}s that decide what is "sent", the real estimator and {@link PaddingSender}, a bottleneck
 * (FIFO drained at a capacity, fixed propagation delay, tail drop above a queueing delay) and a real receive-side
 * {@link TransportCcRecorder} whose feedback returns to the estimator every 100 ms.
 *
 * <p>Publishers: each stream sends one chunk per tick, temporal ids in the L1T3 pattern 0 2 1 2 with T0 chunks
 * twice and T2 chunks half the mean size (so T0 is half of a stream's bitrate and T0+T1 three quarters); a key
 * frame follows each key-frame request. Everything a subscription's selector forwards, and every padding packet,
 * goes through the bottleneck in packets of at most 1200 bytes.
 */
final class DownlinkSim {
    static final long TICK_MS = 20;
    static final long START_MS = 100_000;
    static final long FEEDBACK_INTERVAL_MS = 100;
    static final long PROPAGATION_US = 20_000;
    static final int MAX_PACKET = 1200;
    static final int WIRE_OVERHEAD = PaddingSender.WIRE_OVERHEAD;

    /** A simulcast publisher: per-stream bitrates (0: stream off). */
    static final class Publisher {
        final LayerStats stats;
        final long[] bps;
        final boolean[] keyRequested;

        Publisher(long... bps) {
            this.bps = bps.clone();
            this.stats = new LayerStats(bps.length);
            this.keyRequested = new boolean[bps.length];
        }
    }

    /** A synthetic consumer: a layer selector over its publisher's stats, or audio. */
    static final class Sub implements DownlinkAllocation.Subscription, LayerSelector.Listener {
        final Publisher publisher;
        final LayerSelector selector;
        final boolean audio;
        boolean enabled = true;
        int priority = 1;
        int preferredSpatial = -1;
        int preferredTemporal = -1;
        long budget = LayerSelector.UNLIMITED;
        long sentBytes;
        final List<String> layerChanges = new ArrayList<>();
        long changes;
        boolean record = true;
        long nowMs;

        Sub(Publisher publisher) {
            this.publisher = publisher;
            this.audio = publisher == null;
            this.selector = audio ? null : new LayerSelector(publisher.stats, publisher.bps.length, 3, this);
        }

        @Override public boolean audio() { return audio; }
        @Override public boolean enabled() { return enabled; }
        @Override public int priority() { return priority; }
        @Override public int preferredSpatial() { return preferredSpatial; }
        @Override public int preferredTemporal() { return preferredTemporal; }
        @Override public LayerStats layerStats() { return audio ? null : publisher.stats; }
        @Override public int spatialLayers() { return publisher.bps.length; }
        @Override public int temporalLayers() { return 3; }
        @Override public long measuredBps(long now) { return -1; }

        @Override
        public void setAvailableBitrate(long bps, long now) {
            budget = bps;
            selector.setAvailableBitrate(bps);
            selector.update(now);
        }

        @Override
        public void keyFrameNeeded(int spatialLayer, long now) {
            if (enabled) {
                publisher.keyRequested[spatialLayer] = true;
            }
        }

        @Override
        public void layersChanged(int spatialLayer, int temporalLayer) {
            changes++;
            if (record) {
                layerChanges.add(nowMs + ":" + spatialLayer + "/" + temporalLayer);
            }
        }

        int spatial() {
            return selector.currentSpatial();
        }
    }

    final SendSideBwe bwe = new SendSideBwe();
    final BufferPool pool = new BufferPool(256, 64);
    final PaddingSender padding = new PaddingSender(pool, bwe, this::onPadding);
    final DownlinkControl control;
    final List<Publisher> publishers = new ArrayList<>();
    final List<Sub> subs = new ArrayList<>();
    final List<String> reports = new ArrayList<>();
    private final TransportCcRecorder recorder = new TransportCcRecorder();
    private final RtpPacket view = new RtpPacket();
    private final byte[] feedback = new byte[1500];
    private final long[] inFlightArrival = new long[1 << 15];
    private final int[] inFlightSeq = new int[1 << 15];
    private int head;
    private int tail;
    private long lastDepartureUs;
    private long tick;
    private long nowUs;
    long nowMs = START_MS;
    /** Bottleneck capacity, bps. */
    long capacityBps;
    /** Packets are dropped when they would wait longer than this in the queue, us. */
    long maxQueueUs = 500_000;
    /** No transport-cc feedback reaches the estimator while false. */
    boolean feedbackOn = true;
    long dropped;
    long paddingBytes;
    long reportCount;
    /** Whether reports and layer changes are kept as strings (off while measuring allocation). */
    boolean record = true;

    DownlinkSim(long capacityBps) {
        this.capacityBps = capacityBps;
        this.control = new DownlinkControl("t", "owner", new dev.chorus.media.api.MediaListener() {
            public void onTransportClosed(String id, String tag, String reason) { }
            public void onConsumerClosed(String id, String tag, String reason) { }
            public void onConsumerProducerPaused(String id, String tag, boolean paused) { }
            public void onProducerClosed(String id, String tag, String reason) { }

            @Override
            public void onDownlinkBwe(String id, String tag, long desired, long effective, long available) {
                reportCount++;
                if (record) {
                    reports.add(nowMs + ":" + desired + "/" + effective + "/" + available);
                }
            }
        }, bwe, padding);
    }

    Publisher publisher(long... bps) {
        Publisher p = new Publisher(bps);
        publishers.add(p);
        return p;
    }

    /** A video subscription of {@code p} with this priority; -1 preferred layers: the highest. */
    Sub subscribe(Publisher p, int priority) {
        Sub s = new Sub(p);
        s.priority = priority;
        subs.add(s);
        control.add(s);
        control.enableProbing(true, true); // as for a video consumer that negotiated transport-cc
        return s;
    }

    Sub subscribeAudio() {
        Sub s = new Sub(null);
        subs.add(s);
        control.add(s);
        return s;
    }

    /** Runs for {@code ms} of simulated time. */
    void run(long ms) {
        long end = nowMs + ms;
        while (nowMs < end) {
            step();
        }
    }

    private void step() {
        nowMs += TICK_MS;
        nowUs = nowMs * 1000;
        tick++;
        int tid = (int) (tick & 3) == 0 ? 0 : (tick & 3) == 2 ? 1 : 2;
        for (int pi = 0; pi < publishers.size(); pi++) { // indexed loops: the harness allocates nothing either
            Publisher p = publishers.get(pi);
            for (int s = 0; s < p.bps.length; s++) {
                if (p.bps[s] <= 0) {
                    continue;
                }
                boolean key = p.keyRequested[s] || tick % 150 == 0;
                p.keyRequested[s] = false;
                int t = key ? 0 : tid;
                long mean = p.bps[s] * TICK_MS / 8000;
                int bytes = (int) (t == 0 ? 2 * mean : t == 1 ? mean : mean / 2);
                p.stats.onPacket(s, t, bytes, nowMs);
                for (int si = 0; si < subs.size(); si++) {
                    Sub sub = subs.get(si);
                    sub.nowMs = nowMs;
                    if (sub.publisher != p || !sub.enabled) {
                        continue;
                    }
                    int d = sub.selector.onPacket(s, tick, key, t, t > 0, nowMs);
                    if (d == LayerSelector.FORWARD || d == LayerSelector.SWITCH) {
                        sendMedia(bytes);
                        sub.sentBytes += bytes;
                    }
                }
            }
        }
        for (int si = 0; si < subs.size(); si++) {
            Sub sub = subs.get(si);
            sub.nowMs = nowMs;
            if (sub.audio && sub.enabled) {
                sendMedia((int) (DownlinkAllocation.AUDIO_BPS * TICK_MS / 8000) - 2 * WIRE_OVERHEAD);
            } else if (!sub.audio && sub.enabled && tick % 5 == 0) {
                sub.selector.update(nowMs);
            }
        }
        control.onTick(nowMs, nowUs);
        if (nowMs % FEEDBACK_INTERVAL_MS == 0) {
            deliverFeedback();
        }
    }

    private void sendMedia(int bytes) {
        for (int left = bytes; left > 0; left -= MAX_PACKET) {
            int size = Math.min(left, MAX_PACKET) + 40;
            int seq = bwe.onPacketSent(size + WIRE_OVERHEAD, nowUs);
            enqueue(seq, size + WIRE_OVERHEAD);
        }
    }

    private void onPadding(byte[] buf, int len) {
        if (!view.wrap(buf, 0, len)) {
            throw new AssertionError("padding packet does not parse");
        }
        int i = view.findExtension(Consumer.EXT_TCC);
        int seq = ((buf[view.extensionOffset(i)] & 0xFF) << 8) | (buf[view.extensionOffset(i) + 1] & 0xFF);
        paddingBytes += len;
        enqueue(seq, len + WIRE_OVERHEAD);
        pool.release(buf);
    }

    private void enqueue(int seq, int size) {
        long start = Math.max(nowUs, lastDepartureUs);
        if (start - nowUs > maxQueueUs) {
            dropped++;
            return;
        }
        lastDepartureUs = start + size * 8L * 1_000_000 / capacityBps;
        int i = tail & (inFlightSeq.length - 1);
        inFlightSeq[i] = seq;
        inFlightArrival[i] = lastDepartureUs + PROPAGATION_US;
        tail++;
    }

    private void deliverFeedback() {
        while (head != tail && inFlightArrival[head & (inFlightSeq.length - 1)] <= nowUs) {
            int i = head & (inFlightSeq.length - 1);
            recorder.onPacket(inFlightSeq[i], inFlightArrival[i]);
            head++;
        }
        int len;
        while ((len = recorder.buildFeedback(feedback, 0, 1200, 1, 2)) > 0) {
            if (feedbackOn && !bwe.onTransportCcFeedback(feedback, 0, len, nowUs + PROPAGATION_US)) {
                throw new AssertionError("the estimator refused a feedback");
            }
        }
    }

    /** Simulated ms until {@code condition} holds (checked every tick), or -1 if not within {@code maxMs}. */
    long runUntil(java.util.function.BooleanSupplier condition, long maxMs) {
        long start = nowMs;
        while (nowMs - start < maxMs) {
            if (condition.getAsBoolean()) {
                return nowMs - start;
            }
            step();
        }
        return condition.getAsBoolean() ? nowMs - start : -1;
    }
}
