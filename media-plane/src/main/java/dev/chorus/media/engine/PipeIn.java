package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.ice.IceTuple;
import dev.chorus.media.pipe.PipeFrame;
import dev.chorus.media.pipe.PipeLink;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtp.RtpPacket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The receiving end of a pipe: hosts a pipe producer (the remote producer re-injected into a local router) and
 * feeds it the router-form packets that arrive from the home node, so local consumers get them exactly as if the
 * publisher were here. Retransmissions are stored in the local ring, so local NACKs are answered locally; losses
 * on the pipe itself and key-frame requests go back to the home node as RTCP (NACK, PLI). Worker-owned.
 *
 * <p>The pipe producer's streams are keyed by their router SSRC (the only SSRC on the pipe); RTX never crosses a
 * pipe (the home node unwraps it).
 */
final class PipeIn implements ProducerHost, PacketTarget {
    final long key;
    final Router router;
    final PipeLink feedback;
    final long localSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
    private final MediaWorker worker;
    private final MediaCounters counters;
    private final BufferPool pool;
    private final RtpPacket rtp = new RtpPacket();
    Producer producer;
    long packetsReceived;
    boolean closed;

    PipeIn(long key, Router router, PipeLink feedback) {
        this.key = key;
        this.router = router;
        this.worker = router.worker;
        this.feedback = feedback;
        this.counters = worker.counters;
        this.pool = worker.pool;
    }

    /** Binds the pipe producer: every stream is known by its router SSRC from the start. */
    void attach(Producer p) {
        this.producer = p;
        for (ProducerStream s : p.streams) {
            s.setMediaSsrc(s.mappedSsrc, p.clockRate);
            s.rtxSsrc = -1;
        }
    }

    @Override
    public MediaWorker worker() {
        return worker;
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public void removeProducer(Producer p) {
        // The pipe producer is this pipe's only producer; closing the pipe closes it (PipeOperations).
    }

    @Override
    public void sendKeyFrameRequest(Producer p, long mediaSsrc) {
        byte[] b = worker.scratch.rtcp;
        int n = RtcpWriter.pli(b, 0, 1200, localSsrc, mediaSsrc);
        if (n > 0 && feedback.send(PipeFrame.RTCP, key, b, 0, n)) {
            counters.plisSent.increment();
            counters.pipeRtcpSent.increment();
        }
    }

    /** One router-form RTP packet from the home node (a pooled buffer, released here). */
    @Override
    public void handlePacket(IceTuple tuple, byte[] buf, int off, int len, long nowMs, long arrivalNanos) {
        try {
            Producer p = producer;
            if (closed || p == null || p.closed) {
                return;
            }
            if (!rtp.wrap(buf, off, len)) {
                counters.dropMalformed.increment();
                return;
            }
            ProducerStream s = p.streamByMappedSsrc(rtp.ssrc());
            if (s == null) {
                counters.dropUnknownSsrc.increment();
                return;
            }
            int seq = rtp.sequenceNumber();
            if (s.seen(seq)) {
                return; // a retransmission we already have
            }
            packetsReceived++;
            counters.pipeRtpReceived.increment();
            s.packets++;
            s.bytes += len;
            s.stats.onPacket(seq, rtp.timestamp(), nowMs);
            if (rtp.payloadLength() == 0) {
                if (s.nack != null) {
                    s.nack.onPacket(seq, false, nowMs);
                }
                Fanout.skipForConsumers(p, s, seq);
                return;
            }
            s.markSeen(seq);
            s.lastPacketMs = nowMs;
            boolean key = false;
            if (!p.audio) {
                VideoCodec codec = p.codecByRouterPt[rtp.payloadType()];
                key = codec != null && KeyFrames.isKeyFrame(codec, buf, rtp.payloadOffset(), rtp.payloadLength());
                if (key) {
                    p.keyFrames.onKeyFrame(s.mediaSsrc);
                }
            }
            if (s.nack != null) {
                s.nack.onPacket(seq, key, nowMs);
            }
            if (p.paused) {
                return;
            }
            s.ring.store(seq, buf, off, rtp.length(), nowMs);
            Fanout.forward(p, rtp, s, key, nowMs, arrivalNanos, counters, worker.scratch);
        } finally {
            pool.release(buf);
        }
    }

    /** Every ~20 ms: NACKs for packets lost on the way, sent back to the home node. */
    void onFastTick(long nowMs) {
        Producer p = producer;
        if (closed || p == null) {
            return;
        }
        byte[] b = worker.scratch.rtcp;
        int[] lost = worker.scratch.nacks;
        for (ProducerStream s : p.streams) {
            if (s.nack == null) {
                continue;
            }
            int n = s.nack.dueNacks(nowMs, lost);
            if (n > 0) {
                int len = RtcpWriter.nack(b, 0, 1200, localSsrc, s.mediaSsrc, lost, n);
                if (len > 0 && feedback.send(PipeFrame.RTCP, key, b, 0, len)) {
                    counters.nacksSent.increment();
                    counters.pipeRtcpSent.increment();
                }
            }
            if (s.nack.keyFrameNeeded()) {
                p.requestKeyFrame(s, nowMs);
            }
        }
    }

    @Override
    public String toString() {
        return "pipe-in " + Long.toHexString(key) + (producer == null ? "" : " of producer " + producer.id);
    }
}
