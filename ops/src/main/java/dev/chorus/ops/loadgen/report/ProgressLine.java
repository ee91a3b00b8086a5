package dev.chorus.ops.loadgen.report;

import static dev.chorus.ops.loadgen.report.Format.num;

import dev.chorus.ops.loadgen.media.LoopStats;
import java.util.OptionalDouble;

/**
 * The line printed every few seconds while a run is going: participants in, packets and bits per second sent and
 * received since the previous line, loss over that interval, and the interval's end-to-end latency.
 */
public final class ProgressLine {
    private ProgressLine() {
    }

    /**
     * @param previous the snapshot at the previous line
     * @param current  the snapshot now (its interval histograms cover the time since {@code previous})
     */
    public static String render(double elapsedSeconds, int joined, int started, int failed,
                                LoopStats.Snapshot previous, LoopStats.Snapshot current, double intervalSeconds) {
        double dt = Math.max(intervalSeconds, 1e-3);
        long lost = current.streamLost() - previous.streamLost();
        long got = current.streamPackets() - previous.streamPackets();
        OptionalDouble loss = lost + got > 0 ? OptionalDouble.of((double) Math.max(0, lost) / (lost + got))
                : OptionalDouble.empty();
        Percentiles audio = Percentiles.ofMicros(current.audioInterval());
        Percentiles video = Percentiles.ofMicros(current.videoInterval());
        return "t=" + num(elapsedSeconds, 0) + "s joined " + joined + "/" + started
                + (failed > 0 ? " (" + failed + " failed)" : "")
                + " | tx " + num((current.rtpSent() - previous.rtpSent()) / dt, 0) + " pps "
                + num((current.rtpBytesSent() - previous.rtpBytesSent()) * 8 / dt / 1e6, 1) + " Mbps"
                + " | rx " + num((current.rtpReceived() - previous.rtpReceived()) / dt, 0) + " pps "
                + num((current.rtpBytesReceived() - previous.rtpBytesReceived()) * 8 / dt / 1e6, 1) + " Mbps"
                + " | loss " + Format.percent(loss)
                + " | e2e audio p50/p99 " + num(audio.p50(), 1) + "/" + num(audio.p99(), 1)
                + " ms video " + num(video.p50(), 1) + "/" + num(video.p99(), 1) + " ms";
    }
}
