package dev.chorus.media.engine;

import dev.chorus.media.stats.LatencyHistogram;
import dev.chorus.media.stats.LatencySnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What the media workers measure about themselves, read from any thread for metrics: their transit-time
 * histograms summed into one snapshot, and each worker thread's CPU time.
 */
final class WorkerMeasures {
    private WorkerMeasures() {
    }

    static LatencySnapshot transitTimes(MediaWorker[] workers) {
        LatencyHistogram[] hs = new LatencyHistogram[workers.length];
        for (int i = 0; i < workers.length; i++) {
            hs[i] = workers[i].transit;
        }
        return LatencySnapshot.of(hs);
    }

    /** Nanoseconds of CPU per worker; -1 where the JVM cannot measure thread CPU time. */
    static long[] cpuNanos(MediaWorker[] workers) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean measurable = mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
        long[] out = new long[workers.length];
        for (int i = 0; i < workers.length; i++) {
            out[i] = measurable ? mx.getThreadCpuTime(workers[i].threadId()) : -1;
        }
        return out;
    }
}
