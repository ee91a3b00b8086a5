package dev.chorus.media.engine;

import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.rtcp.TransportCcRecorder;

/**
 * What a transport tells its publisher about the media it receives, on the worker's fast tick: NACKs for
 * upstream losses (and key-frame requests when a loss cannot be repaired), and transport-cc feedback every
 * 100 ms once the publisher sends transport-wide sequence numbers. Worker-confined.
 */
final class UpstreamFeedback {
    private static final long TCC_FEEDBACK_INTERVAL_MS = 100;

    private final TransportCcRecorder tcc = new TransportCcRecorder();
    private boolean tccUsed;
    private long lastTccFeedbackMs;

    /** A packet from the publisher carried transport-wide sequence number {@code transportSeq}. */
    void recordTransportCc(int transportSeq, long arrivalNanos) {
        tccUsed = true;
        tcc.onPacket(transportSeq, arrivalNanos / 1000L);
    }

    void onFastTick(WebRtcTransport t, long nowMs) {
        byte[] b = t.worker.scratch.rtcp;
        int[] lost = t.worker.scratch.nacks;
        for (int i = 0; i < t.producers.size(); i++) {
            Producer p = t.producers.get(i);
            for (ProducerStream s : p.streams) {
                if (s.nack == null || s.mediaSsrc < 0) {
                    continue;
                }
                int n = s.nack.dueNacks(nowMs, lost);
                if (n > 0) {
                    int len = RtcpWriter.nack(b, 0, 1200, t.localSsrc, s.mediaSsrc, lost, n);
                    t.worker.counters.nacksSent.increment();
                    t.sendRtcp(b, len);
                }
                if (s.nack.keyFrameNeeded()) {
                    p.requestKeyFrame(s, nowMs);
                }
            }
        }
        if (!tccUsed || nowMs - lastTccFeedbackMs < TCC_FEEDBACK_INTERVAL_MS) {
            return;
        }
        lastTccFeedbackMs = nowMs;
        long mediaSsrc = 0;
        for (int i = 0; i < t.producers.size(); i++) {
            Producer p = t.producers.get(i);
            if (p.streams[0].mediaSsrc >= 0) {
                mediaSsrc = p.streams[0].mediaSsrc;
                break;
            }
        }
        int n = tcc.buildFeedback(b, 0, 1200, t.localSsrc, mediaSsrc);
        if (n > 0) {
            t.sendRtcp(b, n);
        }
    }
}
