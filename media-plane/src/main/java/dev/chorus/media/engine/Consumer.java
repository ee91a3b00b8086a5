package dev.chorus.media.engine;

import dev.chorus.media.api.MediaListener;
import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.codec.OpusPackets;
import dev.chorus.media.forward.RetransmissionRing;
import dev.chorus.media.forward.SentSeqMap;
import dev.chorus.media.forward.SeqNumRewriter;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtcp.SendStreamStats;
import dev.chorus.media.rtp.AbsSendTime;
import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpWriter;
import dev.chorus.media.rtp.SeqNum;
import dev.chorus.media.simulcast.SimulcastRewriter;
import dev.chorus.media.simulcast.Vp8Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * Egress side of one subscription: decides whether a producer packet goes out (pause, key-frame sync, stream
 * choice), rewrites SSRC and sequence number (gap-free), rebuilds the header extensions with the consumer's MID,
 * and answers NACKs from the producer's retransmission ring (as RTX when negotiated). Lives on the worker of its
 * router. A consumer of a simulcast producer (VP8 or H264) chooses its stream and temporal layers through
 * {@link SimulcastLayers} (preferred layers, key-frame switching, continuous seq/timestamp/PictureID/TL0PICIDX);
 * a consumer of a VP9 SVC producer filters spatial and temporal layers inside the one stream through
 * {@link SvcLayers}; other consumers forward the producer's highest active stream, re-syncing on key frames.
 *
 * <p>Large rooms hold very many consumers, most of them not forwarding (paused, or left out by last-N), so the
 * retransmission bookkeeping is sized by kind (as many outputs as the producer's retransmission ring holds packets:
 * {@link Producer#AUDIO_RING_SLOTS} or {@link Producer#VIDEO_RING_SLOTS}) and allocated when the first packet is
 * sent: {@link SentSeqMap} for a plain consumer, {@link SentLayerMap} (in its {@link SimulcastLayers} or
 * {@link SvcLayers}) for a layered one, each with the time every output was last re-sent.
 */
final class Consumer {
    /** Router extension ids written on egress (MID, abs-send-time, transport-wide sequence number). */
    static final int EXT_MID = 1;
    static final int EXT_ABS_SEND_TIME = 4;
    static final int EXT_TCC = 5;

    final String id;
    final String ownerTag;
    final Producer producer;
    final WebRtcTransport transport;
    final long ssrc;
    final long rtxSsrc;
    /** RTX payload type per media payload type, -1 where there is none. */
    final byte[] rtxPtByPt = new byte[128];
    final boolean[] supportedPt = new boolean[128];
    final boolean[] extAllowed = new boolean[16];
    final byte[] midBytes;
    /** The consumer negotiated the transport-wide sequence number extension: each packet gets one (downlink BWE). */
    final boolean transportCc;
    final byte[] cname;
    final SendStreamStats stats;
    /** Output numbering of a plain consumer (null for simulcast and SVC, whose layers number their own). */
    final SeqNumRewriter seq;
    /** What each output of a plain consumer carried (null for simulcast and SVC); its table comes with the first. */
    final SentSeqMap sent;
    private static final int MAX_RESENDS_PER_NACK = 256;
    private int resendsInThisNack;
    private final BufferPool pool;
    private final MediaCounters counters;
    private final EgressScratch scratch;
    private final IntConsumer nackSink = this::retransmit;
    private long nackNowMs;
    private int rtxSeq = ThreadLocalRandom.current().nextInt(0x10000);
    boolean paused;
    boolean producerPaused;
    /** Last-N: not in the subscriber's selection (server-side, independent of {@link #paused}). */
    boolean deselected;
    /** Opus DTX packets (1- or 2-byte payloads) are not forwarded; their numbers are dropped from the sequence. */
    boolean ignoreDtx;
    boolean syncRequired = true;
    boolean closed;
    ProducerStream stream;
    /** Simulcast producer only, else null. */
    final SimulcastLayers layers;
    /** VP9 SVC producer only, else null. */
    final SvcLayers svc;
    /** The subscriber's preferred layers (-1: highest) and priority, read by the transport's downlink allocation. */
    int preferredSpatial = -1;
    int preferredTemporal = -1;
    int priority = 1;
    /** Its slot in the transport's {@link DownlinkAllocation} (-1: none). */
    int downlinkSlot = -1;

    Consumer(String id, String ownerTag, Producer producer, WebRtcTransport transport, RtpParameters params,
             boolean paused, MediaWorker worker, MediaListener listener) {
        this.id = id;
        this.ownerTag = ownerTag;
        this.producer = producer;
        this.transport = transport;
        this.paused = paused;
        this.producerPaused = producer.paused;
        this.pool = worker.pool;
        this.counters = worker.counters;
        this.scratch = worker.scratch;
        var enc = params.encodings().get(0);
        this.ssrc = enc.ssrc();
        this.rtxSsrc = enc.rtx() != null && enc.rtx().ssrc() != null ? enc.rtx().ssrc() : -1;
        Arrays.fill(rtxPtByPt, (byte) -1);
        ConsumerParameters.mapCodecs(params, rtxPtByPt, supportedPt);
        this.transportCc = ConsumerParameters.mapExtensions(params, extAllowed, EXT_TCC);
        this.midBytes = params.mid() == null ? new byte[0] : params.mid().getBytes(StandardCharsets.UTF_8);
        String cn = params.rtcp() != null && params.rtcp().cname() != null ? params.rtcp().cname() : "chorus";
        this.cname = cn.getBytes(StandardCharsets.UTF_8);
        int clockRate = params.codecs().get(0).clockRate();
        this.stats = new SendStreamStats(ssrc, clockRate);
        boolean layered = producer.layerStats != null || producer.svcLayerStats != null;
        this.seq = layered ? null : new SeqNumRewriter();
        this.sent = layered ? null
                : new SentSeqMap(producer.audio ? Producer.AUDIO_RING_SLOTS : Producer.VIDEO_RING_SLOTS);
        this.layers = producer.layerStats != null ? new SimulcastLayers(this, producer, listener) : null;
        this.svc = producer.svcLayerStats != null ? new SvcLayers(this, producer, listener, worker) : null;
    }

    boolean forwarding() {
        return !closed && !paused && !producerPaused && !deselected;
    }

    /**
     * Forwards one producer packet (already mapped to router PT and SSRC). Called for every consumer of the producer;
     * {@code arrivalNanos} (socket receive time) goes with the packet to the transport for the transit histogram.
     */
    void forward(RtpPacket rtp, ProducerStream s, boolean keyFrame, Vp8Descriptor vp8, long nowMs, long arrivalNanos) {
        if (!forwarding()) {
            return;
        }
        if (!transport.isConnected()) {
            counters.dropNotConnected.increment();
            return;
        }
        if (layers != null) {
            forwardSimulcast(rtp, s, keyFrame, vp8, nowMs, arrivalNanos);
            return;
        }
        if (svc != null) {
            svc.forward(rtp, s, nowMs, arrivalNanos);
            return;
        }
        if (syncRequired) {
            ProducerStream target = producer.preferredStream(nowMs);
            if (s != target) {
                return;
            }
            if (!producer.audio && !keyFrame) {
                counters.dropWaitingKeyFrame.increment();
                producer.requestKeyFrame(s, nowMs);
                return;
            }
            stream = s;
            seq.sync(SeqNum.add(rtp.sequenceNumber(), -1));
            syncRequired = false;
        } else if (s != stream) {
            if (stream != null && !stream.active(nowMs)) {
                // Our stream stopped (e.g. a simulcast layer was switched off): re-sync on another one.
                syncRequired = true;
                producer.requestKeyFrame(producer.preferredStream(nowMs), nowMs);
            }
            return;
        }
        int pt = rtp.payloadType();
        if (!supportedPt[pt]) {
            seq.drop(rtp.sequenceNumber());
            return;
        }
        if (ignoreDtx && OpusPackets.isDtx(rtp.payloadLength())) {
            seq.drop(rtp.sequenceNumber());
            counters.dropDtx.increment();
            return;
        }
        int outSeq = seq.input(rtp.sequenceNumber());
        if (outSeq < 0) {
            return;
        }
        byte[] out = pool.acquire();
        int len = write(rtp, out, outSeq, ssrc, pt, false, 0, rtp.timestamp());
        if (len < 0) {
            pool.release(out);
            counters.dropMalformed.increment();
            return;
        }
        sent.put(outSeq, rtp.sequenceNumber());
        stats.onPacketSent(rtp.payloadLength(), rtp.timestamp(), nowMs);
        transport.sendForwarded(out, len, arrivalNanos);
    }

    /** The simulcast path: the selector decides, the rewriter numbers, the descriptor is rewritten in the copy. */
    private void forwardSimulcast(RtpPacket rtp, ProducerStream s, boolean keyFrame, Vp8Descriptor vp8, long nowMs,
                                  long arrivalNanos) {
        int inSeq = rtp.sequenceNumber();
        int pt = rtp.payloadType();
        layers.tick(nowMs);
        if (!supportedPt[pt]) {
            layers.skip(s.encodingIndex, inSeq);
            return;
        }
        if (!layers.onPacket(rtp, s, keyFrame, vp8, nowMs)) {
            return;
        }
        SimulcastRewriter rw = layers.rewriter;
        int outSeq = rw.outSequenceNumber();
        long outTs = rw.outTimestamp();
        byte[] out = pool.acquire();
        int len = write(rtp, out, outSeq, ssrc, pt, false, 0, outTs);
        if (len < 0) {
            pool.release(out);
            counters.dropMalformed.increment();
            return;
        }
        if (vp8 != null && vp8.valid()) {
            rw.writeDescriptor(vp8, out, len - rtp.payloadLength());
        }
        stream = s;
        layers.sent.record(outSeq, inSeq, s.encodingIndex, outTs, rw.outPictureId(), rw.outTl0PicIdx());
        stats.onPacketSent(rtp.payloadLength(), outTs, nowMs);
        transport.sendForwarded(out, len, arrivalNanos);
    }

    /** Builds the outgoing packet into {@code out}; returns its length or -1 if it would not fit. */
    int write(RtpPacket rtp, byte[] out, int outSeq, long outSsrc, int outPt, boolean rtx, int osn, long outTs) {
        int cc = rtp.csrcCount();
        int pos = 12 + 4 * cc;
        RtpHeaderExtensionWriter w = scratch.extWriter;
        w.begin(out, pos);
        if (extAllowed[EXT_MID] && midBytes.length > 0) {
            w.add(EXT_MID, midBytes, 0, midBytes.length);
        }
        // Sent right after this write: abs-send-time and the downlink estimator's record use this instant.
        long sendUs = extAllowed[EXT_ABS_SEND_TIME] || transportCc ? System.nanoTime() / 1000 : 0;
        if (extAllowed[EXT_ABS_SEND_TIME]) {
            int v = AbsSendTime.fromMicros(sendUs);
            byte[] a = scratch.absSendTime;
            a[0] = (byte) (v >>> 16);
            a[1] = (byte) (v >>> 8);
            a[2] = (byte) v;
            w.add(EXT_ABS_SEND_TIME, a, 0, 3);
        }
        if (transportCc) {
            int twcc = transport.downlink.onPacketSent(rtp.length() + (rtx ? 2 : 0) + 24, sendUs);
            byte[] t = scratch.transportSeq;
            t[0] = (byte) (twcc >>> 8);
            t[1] = (byte) twcc;
            w.add(EXT_TCC, t, 0, 2);
        }
        int[] map = producer.extMap;
        byte[] src = rtp.buffer();
        for (int i = 0, n = rtp.extensionCount(); i < n; i++) {
            int browserId = rtp.extensionId(i);
            int routerId = browserId >= 0 && browserId < map.length ? map[browserId] : 0;
            if (routerId <= 0 || routerId >= 15 || routerId == EXT_MID || routerId == EXT_ABS_SEND_TIME
                    || routerId == EXT_TCC || !extAllowed[routerId]) {
                continue;
            }
            w.add(routerId, src, rtp.extensionOffset(i), rtp.extensionLength(i));
        }
        int extLen = w.finish();
        int payloadLen = rtp.payloadLength();
        int total = pos + extLen + (rtx ? 2 : 0) + payloadLen;
        if (total > BufferPool.BUFFER_SIZE - 64) {
            return -1;
        }
        RtpWriter.writeHeader(out, 0, rtp.marker(), outPt, outSeq, outTs, outSsrc, extLen > 0, cc);
        if (cc > 0) {
            RtpWriter.copyCsrcs(rtp, out, 12);
        }
        pos += extLen;
        if (rtx) {
            out[pos++] = (byte) (osn >>> 8);
            out[pos++] = (byte) osn;
        }
        System.arraycopy(src, rtp.payloadOffset(), out, pos, payloadLen);
        return pos + payloadLen;
    }

    /** Handles a NACK FCI list from the subscriber. */
    void onNack(byte[] buf, int off, int len, long nowMs) {
        if (!forwarding() || stream == null) {
            return;
        }
        nackNowMs = nowMs;
        resendsInThisNack = 0;
        dev.chorus.media.rtcp.Nacks.forEachLost(buf, off, len, nackSink);
    }

    private void retransmit(int outSeq) {
        if (++resendsInThisNack > MAX_RESENDS_PER_NACK) {
            return; // bounds the work one feedback packet can cause
        }
        long now = nackNowMs;
        int inSeq;
        RetransmissionRing ring;
        int layerSlot = -1;
        int plainSlot = -1;
        SentLayerMap map = layers != null ? layers.sent : svc != null ? svc.sent : null;
        long rtt = (long) Math.max(100, stats.rttMs());
        if (map != null) {
            layerSlot = map.slot(outSeq);
            if (layerSlot < 0 || map.resentWithin(layerSlot, now, rtt)) {
                return;
            }
            inSeq = map.inSeq(layerSlot);
            ring = producer.streams[map.stream(layerSlot)].ring;
        } else {
            plainSlot = sent.slot(outSeq);
            if (plainSlot < 0 || stream == null || sent.resentWithin(plainSlot, now, rtt)) {
                return;
            }
            inSeq = sent.inSeq(plainSlot);
            ring = stream.ring;
        }
        int len = ring.length(inSeq, now);
        if (len < 0) {
            return;
        }
        RtpPacket v = scratch.retransmitView;
        if (!v.wrap(ring.buffer(inSeq), ring.offset(inSeq), len)) {
            return;
        }
        if (map != null) {
            map.markResent(layerSlot, now);
        } else {
            sent.markResent(plainSlot, now);
        }
        int pt = v.payloadType();
        byte[] out = pool.acquire();
        int n;
        long outTs = layerSlot >= 0 ? map.timestamp(layerSlot) : v.timestamp();
        if (rtxSsrc >= 0 && rtxPtByPt[pt] >= 0) {
            rtxSeq = (rtxSeq + 1) & 0xFFFF;
            n = write(v, out, rtxSeq, rtxSsrc, rtxPtByPt[pt], true, outSeq, outTs);
        } else {
            n = write(v, out, outSeq, ssrc, pt, false, 0, outTs);
        }
        if (n < 0) {
            pool.release(out);
            return;
        }
        if (svc != null) {
            SvcLayers.writeMarker(out, map.marker(layerSlot));
        } else if (layerSlot >= 0) {
            SimulcastLayers.rewriteDescriptor(scratch.retransmitVp8, v, out, n, layers.sent.pictureId(layerSlot),
                    layers.sent.tl0(layerSlot));
        }
        counters.retransmitted.increment();
        transport.sendRtp(out, n);
    }

    /** Appends SR + SDES CNAME for this consumer; returns bytes written (0 if nothing was sent yet). */
    int writeReports(byte[] out, int off, int maxLen, long nowMs) {
        if (!stats.hasSent() || !forwarding()) {
            return 0;
        }
        int n = stats.writeSenderReport(out, off, maxLen, nowMs);
        if (n <= 0) {
            return 0;
        }
        int m = RtcpWriter.sdesCname(out, off + n, maxLen - n, ssrc, cname);
        return m > 0 ? n + m : n;
    }

    void requestKeyFrame(long nowMs) {
        if (layers != null) {
            int s = layers.selector.currentSpatial() >= 0 ? layers.selector.currentSpatial()
                    : layers.selector.targetSpatial();
            if (s >= 0) {
                producer.requestKeyFrame(producer.streams[s], nowMs);
            }
            return;
        }
        producer.requestKeyFrame(stream != null ? stream : producer.preferredStream(nowMs), nowMs);
    }

    /** Start over on the next key frame (resume, transport (re)connect, producer resume). */
    void requireSync(long nowMs) {
        if (layers != null) {
            layers.restart(nowMs);
            return;
        }
        if (svc != null) {
            svc.restart(nowMs);
            return;
        }
        syncRequired = true;
        if (forwarding() && !producer.audio) {
            producer.requestKeyFrameAll(nowMs);
        }
    }

    /** Pause: nothing is forwarded; a simulcast or SVC consumer reports that no layers are forwarded. */
    void pause() {
        paused = true;
        if (layers != null) {
            layers.stop();
        }
        if (svc != null) {
            svc.stop();
        }
    }

    /** {@code setConsumerPreferredLayers}: stored; a simulcast or SVC consumer re-targets at once. */
    void setPreferredLayers(int spatial, int temporal, long nowMs) {
        preferredSpatial = Math.max(0, spatial);
        preferredTemporal = temporal < 0 ? -1 : temporal;
        if (layers != null) {
            layers.setPreferredLayers(preferredSpatial, preferredTemporal, nowMs);
        }
        if (svc != null) {
            svc.setPreferredLayers(preferredSpatial, preferredTemporal, nowMs);
        }
    }

    /** Layer-tick from the transport's fast timer (~20 ms; the selector throttles itself). */
    void onTick(long nowMs) {
        if (layers != null && forwarding() && transport.isConnected()) {
            layers.tick(nowMs);
        }
        if (svc != null && forwarding() && transport.isConnected()) {
            svc.tick(nowMs);
        }
    }
}
