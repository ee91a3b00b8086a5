package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.rtp.RtpPacket;

/**
 * The ingress RTP path of one transport, after SRTP: find the producer stream, unwrap RTX, record transport-cc
 * arrival, drop padding-only packets, map payload type and SSRC to the router's, detect key frames, feed the
 * audio-level aggregator, store the packet for retransmission and fan it out to the producer's consumers and
 * outbound pipes ({@link Fanout}). One instance per transport, worker-owned.
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
                Fanout.skipForConsumers(p, s, rtp.sequenceNumber());
                if (p.pipes.length > 0 && !repaired && p.ptMap[rtp.payloadType()] >= 0) {
                    // Other nodes need it too, or their consumers would see a gap where ours skip a number.
                    rtp.setPayloadType(p.ptMap[rtp.payloadType()]);
                    rtp.setSsrc(s.mappedSsrc);
                    Fanout.toPipes(p, rtp);
                }
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
            if (p.levels != null && !repaired) {
                p.levels.onPacket(rtp, p.audioLevelExtId, nowMs); // a paused producer is silent: not counted
            }
            rtp.setPayloadType(routerPt);
            rtp.setSsrc(s.mappedSsrc);
            s.ring.store(rtp.sequenceNumber(), buf, off, rtp.length(), nowMs);
            Fanout.forward(p, rtp, s, key, nowMs, arrivalNanos, counters, t.worker.scratch);
        } finally {
            pool.release(buf);
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
