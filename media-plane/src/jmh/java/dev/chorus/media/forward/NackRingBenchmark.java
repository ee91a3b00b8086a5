package dev.chorus.media.forward;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * NACK bookkeeping: {@link RetransmissionRing} store plus {@link SentSeqMap} record per forwarded packet, and the
 * reverse lookup per NACKed packet. See {@link NackRig} (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NackRingBenchmark {
    /** Bytes per stored packet (a 1200-byte video payload with its header). */
    @Param({"1228"})
    public int packetLength;

    private NackRig rig;

    @Setup
    public void setUp() {
        rig = new NackRig(packetLength);
    }

    @Benchmark
    public int store() {
        return rig.store();
    }

    @Benchmark
    public int lookup() {
        return rig.lookup();
    }
}
