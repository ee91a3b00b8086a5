package dev.chorus.media.engine;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.Vp8Descriptor;

/**
 * The last step of ingress, shared by browser producers ({@link RtpView}) and pipe producers ({@link PipeIn}):
 * hand one router-form packet (router payload type and SSRC) to every consumer and every outbound pipe of its
 * producer. Arrays are copy-on-write snapshots, read without locks; one consumer's fault never stops the others.
 */
final class Fanout {
    private Fanout() {
    }

    /**
     * Forwards one packet. For a VP8 simulcast producer the payload descriptor is parsed here, once, into the
     * worker's {@code scratch}, fed to the producer's {@link dev.chorus.media.simulcast.LayerStats} and handed to
     * every consumer. {@code arrivalNanos} is when the packet left the socket ({@code System.nanoTime()}), for the
     * transit-time histogram.
     */
    static void forward(Producer p, RtpPacket rtp, ProducerStream s, boolean key, long nowMs, long arrivalNanos,
                        MediaCounters counters, EgressScratch scratch) {
        Vp8Descriptor vp8 = null;
        if (p.layerStats != null) {
            vp8 = scratch.vp8;
            boolean ok = vp8.parse(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength());
            p.layerStats.onPacket(s.encodingIndex, ok ? vp8.temporalId() : -1, rtp.payloadLength(), nowMs);
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
            } else if (c.stream == s && !c.syncRequired) {
                c.seq.drop(seq);
            }
        }
    }
}
