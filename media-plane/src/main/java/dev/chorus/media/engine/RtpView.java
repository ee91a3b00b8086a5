package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.rtp.RtpPacket;

/**
 * The ingress RTP path of one transport, after SRTP: find the producer stream, unwrap RTX, record transport-cc
 * arrival, drop padding-only packets, map payload type and SSRC to the router's, detect key frames, store the
 * packet for retransmission and fan it out to the producer's consumers. One instance per transport, worker-owned.
 */
final class RtpView {
    private final RtpPacket rtp = new RtpPacket();

    void ingress(WebRtcTransport t, byte[] buf, int off, int len, long nowMs, long arrivalNanos) {
        MediaCounters counters = t.worker.counters;
        BufferPool pool = t.worker.pool;
        try {
            if (!rtp.wrap(buf, off, len)) {
                counters.dropMalformed.increment();
                return;
            }
            long ssrc = rtp.ssrc();
            ProducerStream s = t.streamFor(ssrc, rtp);
            if (s == null) {
                counters.dropUnknownSsrc.increment();
                return;
            }
            Producer p = s.producer;
            if (p.tccExtId > 0) {
                int i = rtp.findExtension(p.tccExtId);
                if (i >= 0 && rtp.extensionLength(i) == 2) {
                    int o = rtp.extensionOffset(i);
                    t.recordTransportCc(((buf[o] & 0xFF) << 8) | (buf[o + 1] & 0xFF), arrivalNanos);
                }
            }
            boolean repaired = ssrc == s.rtxSsrc && ssrc != s.mediaSsrc;
            if (repaired) {
                s.rtxPackets++;
                if (!unwrapRtx(p, s)) {
                    counters.dropPaddingOnly.increment(); // RTX padding (bandwidth probes)
                    return;
                }
                if (s.seen(rtp.sequenceNumber())) {
                    return; // a copy we already have (Chrome probes with redundant RTX payloads): not forwarded again
                }
                if (s.nack != null) {
                    s.nack.onPacket(rtp.sequenceNumber(), false, nowMs);
                }
            } else if (s.stats != null) {
                s.stats.onPacket(rtp.sequenceNumber(), rtp.timestamp(), nowMs);
            }
            s.packets++;
            s.bytes += len;
            if (rtp.payloadLength() == 0) {
                if (s.nack != null && !repaired) {
                    s.nack.onPacket(rtp.sequenceNumber(), false, nowMs);
                }
                counters.dropPaddingOnly.increment();
                dropForConsumers(p, s, rtp.sequenceNumber());
                return;
            }
            s.markSeen(rtp.sequenceNumber());
            s.lastPacketMs = nowMs;
            int routerPt = p.ptMap[rtp.payloadType()];
            if (routerPt < 0) {
                counters.dropUnknownPayloadType.increment();
                return;
            }
            boolean key = false;
            if (!p.audio) {
                VideoCodec codec = p.codecByRouterPt[routerPt];
                key = codec != null && KeyFrames.isKeyFrame(codec, buf, rtp.payloadOffset(), rtp.payloadLength());
                if (key) {
                    p.keyFrames.onKeyFrame(s.mediaSsrc);
                }
            }
            if (s.nack != null && !repaired) {
                s.nack.onPacket(rtp.sequenceNumber(), key, nowMs);
            }
            if (p.paused || p.closed) {
                return;
            }
            rtp.setPayloadType(routerPt);
            rtp.setSsrc(s.mappedSsrc);
            s.ring.store(rtp.sequenceNumber(), buf, off, rtp.length(), nowMs);
            Consumer[] cs = p.consumers;
            for (Consumer c : cs) {
                try {
                    c.forward(rtp, s, key, nowMs);
                } catch (RuntimeException e) {
                    counters.dropMalformed.increment(); // one consumer's fault must not stop the others
                }
            }
        } finally {
            pool.release(buf);
        }
    }

    /** A padding-only packet is not forwarded: consumers synced on this stream skip its number (no gap). */
    private static void dropForConsumers(Producer p, ProducerStream s, int seq) {
        for (Consumer c : p.consumers) {
            if (c.stream == s && !c.syncRequired) {
                c.seq.drop(seq);
            }
        }
    }

    /** Turns an RTX packet back into the original: OSN as sequence number, media SSRC and payload type. */
    private boolean unwrapRtx(Producer p, ProducerStream s) {
        if (rtp.payloadLength() < 2 || s.mediaSsrc < 0) {
            return false;
        }
        int mediaPt = p.rtxApt[rtp.payloadType()];
        if (mediaPt < 0) {
            return false;
        }
        byte[] b = rtp.buffer();
        int po = rtp.payloadOffset();
        int osn = ((b[po] & 0xFF) << 8) | (b[po + 1] & 0xFF);
        int end = rtp.offset() + rtp.length();
        System.arraycopy(b, po + 2, b, po, end - po - 2);
        if (!rtp.wrap(b, rtp.offset(), rtp.length() - 2)) {
            return false;
        }
        rtp.setSsrc(s.mediaSsrc);
        rtp.setPayloadType(mediaPt);
        rtp.setSequenceNumber(osn);
        return true;
    }
}
