package dev.chorus.media.engine;

import dev.chorus.media.srtp.SrtpProfile;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One publisher packet through SRTP unprotect, ingress and the retransmission ring, then out to N consumers
 * (rewrite, SRTP protect per subscriber, hand-off to an in-memory tuple), on the media worker thread, fed through
 * the worker's packet queue as the UDP receive thread feeds it. See {@link FanoutRig} (docs/benchmarks.md).
 *
 * <p>The primary score is per publisher packet ({@link FanoutRig#BATCH} per invocation); the {@code forwarded}
 * counter gives the time per forwarded (sent) packet, and {@code workerAllocatedBytes} / {@code workerForwardedPackets}
 * what the media worker thread allocated per forwarded packet. {@code -prof gc}'s figures also count the publisher-side SRTP protect of
 * the per-invocation set-up (jitsi-srtp allocates there too), normalised per publisher packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FanoutBenchmark {
    @Param({"1", "10", "100", "500"})
    public int consumers;

    @Param({"AUDIO", "VIDEO"})
    public BenchMedia media;

    @Param({"AEAD_AES_128_GCM"})
    public SrtpProfile profile;

    private FanoutRig rig;

    /** Forwarded packets: with the average-time mode this secondary score is the time per forwarded packet. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Forwarded {
        public long forwarded;

        @Setup(Level.Iteration)
        public void reset() {
            forwarded = 0;
        }
    }

    /**
     * What the media worker thread allocated, and the packets it forwarded meanwhile. JMH sums {@code EVENTS}
     * counters over the measurement iterations, so each is a total: their ratio is the worker's bytes per forwarded
     * packet (a single ratio counter would come out multiplied by the iteration count).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class WorkerAllocation {
        public long workerAllocatedBytes;
        public long workerForwardedPackets;
        private final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private long startBytes;

        @Setup(Level.Iteration)
        public void reset() {
            workerAllocatedBytes = 0;
            workerForwardedPackets = 0;
        }

        void before(long workerThread) {
            startBytes = mx.getThreadAllocatedBytes(workerThread);
        }

        void after(long workerThread, long forwarded) {
            workerAllocatedBytes += mx.getThreadAllocatedBytes(workerThread) - startBytes;
            workerForwardedPackets += forwarded;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        rig = new FanoutRig(media, consumers, profile);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rig.close();
    }

    /** The publisher's packets, protected by the browser side: not timed. */
    @Setup(Level.Invocation)
    public void prepare() {
        rig.prepareBatch();
    }

    @Benchmark
    @OperationsPerInvocation(FanoutRig.BATCH)
    public long fanout(Forwarded f, WorkerAllocation w) {
        long worker = rig.workerThreadId();
        w.before(worker);
        long n = rig.runBatch();
        f.forwarded += n;
        w.after(worker, n);
        return n;
    }
}
