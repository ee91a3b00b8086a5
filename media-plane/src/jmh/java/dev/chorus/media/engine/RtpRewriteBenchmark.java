package dev.chorus.media.engine;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One consumer's egress work per packet ({@link Consumer#forward}: rewrite, extensions rebuilt, pooled copy,
 * hand-off), without SRTP or a socket. See {@link RewriteRig} (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpRewriteBenchmark {
    @Param({"AUDIO", "VIDEO"})
    public BenchMedia media;

    private RewriteRig rig;

    @Setup
    public void setUp() {
        rig = new RewriteRig(media);
    }

    @TearDown
    public void tearDown() {
        rig.close();
    }

    @Benchmark
    public long forward() {
        return rig.forwardNext();
    }
}
