package dev.chorus.ops.loadgen.media;

import org.HdrHistogram.Histogram;

/**
 * Counters and latency histograms of one event loop's participants, written only by that loop's thread (plain
 * fields, no contention) and read through {@link #snapshot}, which the loop itself runs. End-to-end latency is
 * kept in microseconds twice per kind: for the measurement window and for the current progress interval.
 */
public final class LoopStats {
    /** Latencies above this (60 s) are recorded as this. */
    static final long MAX_LATENCY_MICROS = 60_000_000L;

    // sending side
    long rtpSent;
    long rtpBytesSent;
    long rtxSent;
    long rtcpSent;
    long sendFailures;
    long keyFramesSent;
    long plisReceived;
    long firsReceived;
    long nacksReceived;
    long nackMisses;
    long receiverReportsReceived;
    long transportCcReceived;
    long rembsReceived;
    // receiving side
    long rtpReceived;
    long rtpBytesReceived;
    long rtxReceived;
    long rtcpReceived;
    long unknownSsrc;
    long stampMissing;
    long nacksSent;
    long plisSent;
    long receiverReportsSent;
    /** Totals of streams that have closed (so sums over live streams plus these never go down). */
    long closedStreamPackets;
    long closedStreamLost;

    private final Histogram audioWindow = histogram();
    private final Histogram videoWindow = histogram();
    private final Histogram audioInterval = histogram();
    private final Histogram videoInterval = histogram();

    private static Histogram histogram() {
        return new Histogram(MAX_LATENCY_MICROS, 3);
    }

    /** Records one packet's end-to-end latency (negative values, which a clock cannot give, are dropped). */
    void recordLatency(boolean video, long micros) {
        if (micros < 0) {
            return;
        }
        long v = Math.min(micros, MAX_LATENCY_MICROS);
        if (video) {
            videoWindow.recordValue(v);
            videoInterval.recordValue(v);
        } else {
            audioWindow.recordValue(v);
            audioInterval.recordValue(v);
        }
    }

    /**
     * Copies everything (loop thread). {@code resetInterval} starts a new progress interval; {@code resetWindow}
     * starts the measurement window (its histograms are cleared).
     */
    public Snapshot snapshot(long liveStreamPackets, long liveStreamLost, boolean resetInterval,
                             boolean resetWindow) {
        Snapshot s = new Snapshot(rtpSent, rtpBytesSent, rtxSent, rtcpSent, sendFailures, keyFramesSent,
                plisReceived, firsReceived, nacksReceived, nackMisses, receiverReportsReceived, transportCcReceived,
                rembsReceived, rtpReceived, rtpBytesReceived, rtxReceived, rtcpReceived, unknownSsrc, stampMissing,
                nacksSent, plisSent, receiverReportsSent, closedStreamPackets + liveStreamPackets,
                closedStreamLost + liveStreamLost, audioWindow.copy(), videoWindow.copy(), audioInterval.copy(),
                videoInterval.copy());
        if (resetInterval) {
            audioInterval.reset();
            videoInterval.reset();
        }
        if (resetWindow) {
            audioWindow.reset();
            videoWindow.reset();
        }
        return s;
    }

    /** A copy of a loop's counters (or the sum over loops, see {@link #plus}). */
    public record Snapshot(long rtpSent, long rtpBytesSent, long rtxSent, long rtcpSent, long sendFailures,
                           long keyFramesSent, long plisReceived, long firsReceived, long nacksReceived,
                           long nackMisses, long receiverReportsReceived, long transportCcReceived,
                           long rembsReceived, long rtpReceived, long rtpBytesReceived, long rtxReceived,
                           long rtcpReceived, long unknownSsrc, long stampMissing, long nacksSent, long plisSent,
                           long receiverReportsSent, long streamPackets, long streamLost, Histogram audioWindow,
                           Histogram videoWindow, Histogram audioInterval, Histogram videoInterval) {

        /** An all-zero snapshot, the start of a sum. */
        public static Snapshot empty() {
            return new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    histogram(), histogram(), histogram(), histogram());
        }

        /** The sum of two snapshots (histograms merged into copies). */
        public Snapshot plus(Snapshot o) {
            return new Snapshot(rtpSent + o.rtpSent, rtpBytesSent + o.rtpBytesSent, rtxSent + o.rtxSent,
                    rtcpSent + o.rtcpSent, sendFailures + o.sendFailures, keyFramesSent + o.keyFramesSent,
                    plisReceived + o.plisReceived, firsReceived + o.firsReceived, nacksReceived + o.nacksReceived,
                    nackMisses + o.nackMisses, receiverReportsReceived + o.receiverReportsReceived,
                    transportCcReceived + o.transportCcReceived, rembsReceived + o.rembsReceived,
                    rtpReceived + o.rtpReceived, rtpBytesReceived + o.rtpBytesReceived, rtxReceived + o.rtxReceived,
                    rtcpReceived + o.rtcpReceived, unknownSsrc + o.unknownSsrc, stampMissing + o.stampMissing,
                    nacksSent + o.nacksSent, plisSent + o.plisSent, receiverReportsSent + o.receiverReportsSent,
                    streamPackets + o.streamPackets, streamLost + o.streamLost, merged(audioWindow, o.audioWindow),
                    merged(videoWindow, o.videoWindow), merged(audioInterval, o.audioInterval),
                    merged(videoInterval, o.videoInterval));
        }

        private static Histogram merged(Histogram a, Histogram b) {
            Histogram h = a.copy();
            h.add(b);
            return h;
        }
    }
}
