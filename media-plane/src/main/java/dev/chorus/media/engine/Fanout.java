package dev.chorus.media.engine;

import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.Vp8Descriptor;
import dev.chorus.media.simulcast.Vp9Descriptor;

/**
 * The last step of ingress, shared by browser producers ({@link RtpView}) and pipe producers ({@link PipeIn}):
 * hand one router-form packet (router payload type and SSRC) to every consumer and every outbound pipe of its
 * producer. Arrays are copy-on-write snapshots, read without locks; one consumer's fault never stops the others.
 */
final class Fanout {
    private Fanout() {
    }

    /**
     * Forwards one packet. For a simulcast producer the packet is counted into the producer's
     * {@link dev.chorus.media.simulcast.LayerStats} by stream; a VP8 payload descriptor is parsed here, once, into
     * the worker's {@code scratch} (for its temporal layer) and handed to every consumer. For an SVC producer the
     * VP9 descriptor is parsed once into {@code scratch.vp9} (invalid for any other codec), counted by spatial and
     * temporal layer, and read from there by the consumers' {@link SvcLayers}.
     * {@code arrivalNanos} is when the packet left the socket ({@code System.nanoTime()}), for the transit-time
     * histogram.
     */
    static void forward(Producer p, RtpPacket rtp, ProducerStream s, boolean key, long nowMs, long arrivalNanos,
                        MediaCounters counters, EgressScratch scratch) {
        Vp8Descriptor vp8 = null;
        if (p.layerStats != null) {
            int tid = -1;
            if (p.codecByRouterPt[rtp.payloadType()] == VideoCodec.VP8) {
                vp8 = scratch.vp8;
                tid = vp8.parse(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength()) ? vp8.temporalId() : -1;
            }
            p.layerStats.onPacket(s.encodingIndex, tid, rtp.payloadLength(), nowMs);
        } else if (p.svcLayerStats != null) {
            Vp9Descriptor d = scratch.vp9;
            boolean vp9 = p.codecByRouterPt[rtp.payloadType()] == VideoCodec.VP9;
            if (d.parse(rtp.buffer(), rtp.payloadOffset(), vp9 ? rtp.payloadLength() : 0)) {
                p.svcLayerStats.onPacket(Math.max(0, d.spatialId()), d.temporalId(), rtp.payloadLength(), nowMs);
            }
        }
        Consumer[] cs = p.consumers;
        for (Consumer c : cs) {
            try {
                c.forward(rtp, s, key, vp8, nowMs, arrivalNanos);
            } catch (RuntimeException e) {
                counters.dropMalformed.increment();
            }
        }
        toPipes(p, rtp);
    }

    static void toPipes(Producer p, RtpPacket rtp) {
        PipeOut[] ps = p.pipes;
        for (PipeOut o : ps) {
            o.forward(rtp);
        }
    }

    /** A padding-only packet is not forwarded: consumers synced on this stream skip its number (no gap). */
    static void skipForConsumers(Producer p, ProducerStream s, int seq) {
        for (Consumer c : p.consumers) {
            if (c.layers != null) {
                c.layers.skip(s.encodingIndex, seq);
            } else if (c.svc != null) {
                c.svc.skip(seq);
            } else if (c.stream == s && !c.syncRequired) {
                c.seq.drop(seq);
            }
        }
    }
}
