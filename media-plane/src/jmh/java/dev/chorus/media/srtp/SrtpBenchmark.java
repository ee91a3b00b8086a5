package dev.chorus.media.srtp;

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
 * SRTP cost per packet: one protect plus one unprotect through {@link SrtpSession} (jitsi-srtp underneath), for both
 * negotiated profiles and for Opus-sized and video-sized payloads. See {@link SrtpRig} (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SrtpBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    /** Payload bytes: 100 (Opus-like) or 1200 (video-like). */
    @Param({"100", "1200"})
    public int payload;

    private SrtpRig rig;

    @Setup
    public void setUp() {
        rig = new SrtpRig(profile, payload);
    }

    @Benchmark
    public int protectUnprotect() {
        return rig.roundTrip();
    }
}
