package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.forward.RetransmissionRing;
import dev.chorus.media.ice.IceTuple;
import dev.chorus.media.pipe.PipeFrame;
import dev.chorus.media.pipe.PipeLink;
import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.Firs;
import dev.chorus.media.rtcp.Nacks;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import dev.chorus.media.rtp.RtpPacket;
import java.util.function.IntConsumer;

/**
 * The sending end of a pipe, on the producer's home node: every packet of the producer, in router form (router
 * payload type and SSRC, original sequence numbers), goes once to one remote node, whatever the number of
 * subscribers there. Feedback from that node comes back here: PLI/FIR become a key-frame request to the publisher
 * (de-duplicated like any consumer's), NACKs are answered from the producer's retransmission ring. Worker-owned.
 */
final class PipeOut implements PacketTarget {
    final long key;
    final Producer producer;
    final PipeLink link;
    private final MediaCounters counters;
    private final BufferPool pool;
    private final RtcpIterator it = new RtcpIterator();
    private final IntConsumer nackSink = this::resend;
    private ProducerStream nackStream;
    private long nackNowMs;
    long packetsSent;
    long sendFailures;
    long resent;
    boolean closed;

    PipeOut(long key, Producer producer, PipeLink link, MediaCounters counters, BufferPool pool) {
        this.key = key;
        this.producer = producer;
        this.link = link;
        this.counters = counters;
        this.pool = pool;
    }

    /** Sends one router-form packet to the remote node; a refused send is counted, never retried. */
    void forward(RtpPacket rtp) {
        if (closed) {
            return;
        }
        if (link.send(PipeFrame.RTP, key, rtp.buffer(), rtp.offset(), rtp.length())) {
            packetsSent++;
            counters.pipeRtpSent.increment();
        } else {
            sendFailures++;
            counters.pipeSendFailed.increment();
        }
    }

    /** RTCP feedback from the remote node (a pooled buffer, released here). */
    @Override
    public void handlePacket(IceTuple tuple, byte[] buf, int off, int len, long nowMs, long arrivalNanos) {
        try {
            if (closed || producer.closed) {
                return;
            }
            counters.pipeRtcpReceived.increment();
            it.wrap(buf, off, len);
            while (it.next()) {
                int po = it.packetOffset();
                int pl = it.packetLength();
                if (it.packetType() == RtcpType.PSFB && it.countOrFmt() == RtcpType.PLI) {
                    keyFrame(Feedback.mediaSsrc(buf, po), nowMs);
                } else if (it.packetType() == RtcpType.PSFB && it.countOrFmt() == RtcpType.FIR) {
                    for (int i = 0, n = Firs.count(buf, po, pl); i < n; i++) {
                        keyFrame(Firs.ssrc(buf, po, i), nowMs);
                    }
                } else if (it.packetType() == RtcpType.RTPFB && it.countOrFmt() == RtcpType.NACK) {
                    nackStream = producer.streamByMappedSsrc(Feedback.mediaSsrc(buf, po));
                    if (nackStream != null) {
                        nackNowMs = nowMs;
                        Nacks.forEachLost(buf, po, pl, nackSink);
                    }
                }
            }
            if (it.malformed()) {
                counters.dropMalformed.increment();
            }
        } finally {
            pool.release(buf);
        }
    }

    private void keyFrame(long mappedSsrc, long nowMs) {
        ProducerStream s = producer.streamByMappedSsrc(mappedSsrc);
        if (s != null) {
            producer.requestKeyFrame(s, nowMs);
        }
    }

    private void resend(int seq) {
        RetransmissionRing ring = nackStream.ring;
        int n = ring.length(seq, nackNowMs);
        if (n < 0 || closed) {
            return;
        }
        if (link.send(PipeFrame.RTP, key, ring.buffer(seq), ring.offset(seq), n)) {
            resent++;
            counters.pipeRtpResent.increment();
        }
    }

    @Override
    public String toString() {
        return "pipe-out " + Long.toHexString(key) + " of producer " + producer.id + " to " + link.endpoint();
    }
}
