package dev.chorus.media.engine;

import dev.chorus.media.rtp.RtpPacket;

/**
 * The last step of ingress, shared by browser producers ({@link RtpView}) and pipe producers ({@link PipeIn}):
 * hand one router-form packet (router payload type and SSRC) to every consumer and every outbound pipe of its
 * producer. Arrays are copy-on-write snapshots, read without locks; one consumer's fault never stops the others.
 */
final class Fanout {
    private Fanout() {
    }

    static void forward(Producer p, RtpPacket rtp, ProducerStream s, boolean key, long nowMs, MediaCounters counters) {
        Consumer[] cs = p.consumers;
        for (Consumer c : cs) {
            try {
                c.forward(rtp, s, key, nowMs);
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
            if (c.stream == s && !c.syncRequired) {
                c.seq.drop(seq);
            }
        }
    }
}
