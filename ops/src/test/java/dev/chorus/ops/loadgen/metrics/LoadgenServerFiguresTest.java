package dev.chorus.ops.loadgen.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Server figures derived from three synthetic scrapes; a missing metric leaves its figures empty. */
class LoadgenServerFiguresTest {

    private static MetricSamples scrape(String text) {
        return PrometheusText.parse(text).samples();
    }

    private static final MetricSamples BASELINE = scrape("""
            process_cpu_seconds_total 5
            jvm_memory_used_bytes{area="heap",id="eden"} 100000000
            jvm_memory_used_bytes{area="nonheap",id="meta"} 999
            """);
    private static final MetricSamples START = scrape("""
            process_cpu_seconds_total 10
            chorus_media_forwarded_packets_total 1000
            chorus_media_forwarded_bytes_total 1000000
            chorus_media_transit_seconds_bucket{le="0.0005"} 0
            chorus_media_transit_seconds_bucket{le="0.001"} 0
            chorus_media_transit_seconds_bucket{le="+Inf"} 0
            jvm_memory_used_bytes{area="heap",id="eden"} 150000000
            """);
    private static final MetricSamples END = scrape("""
            process_cpu_seconds_total 20
            chorus_media_forwarded_packets_total 101000
            chorus_media_forwarded_bytes_total 101000000
            chorus_media_transit_seconds_bucket{le="0.0005"} 50000
            chorus_media_transit_seconds_bucket{le="0.001"} 100000
            chorus_media_transit_seconds_bucket{le="+Inf"} 100000
            jvm_memory_used_bytes{area="heap",id="eden"} 120000000
            chorus_media_peers 10
            chorus_media_consumers 180
            """);

    @Test
    void ratesCpuTransitAndMemoryOverTheWindow() {
        ServerFigures f = ServerFigures.derive(BASELINE, START, END, 10.0, 10, 200);
        assertEquals(10_000, f.forwardedPps().getAsDouble(), 1e-9);
        assertEquals(80_000_000, f.forwardedBps().getAsDouble(), 1e-6);
        assertEquals(1.0, f.cpuCores().getAsDouble(), 1e-9);
        assertEquals(100.0, f.cpuMicrosPerPacket().getAsDouble(), 1e-9, "10 CPU s / 100 000 packets");
        assertEquals(0.5, f.transitP50Ms().getAsDouble(), 1e-9);
        assertEquals(0.99, f.transitP99Ms().getAsDouble(), 1e-9);
        assertEquals(20_000_000, f.heapDeltaBytes().getAsDouble(), 1e-6);
        assertEquals(2_000_000, f.heapPerParticipantBytes().getAsDouble(), 1e-6);
        assertEquals(100_000, f.heapPerConsumerBytes().getAsDouble(), 1e-6);
        assertEquals(10, f.peers().getAsDouble());
        assertEquals(180, f.consumers().getAsDouble());
    }

    @Test
    void missingMetricsGiveNoFigureRatherThanZero() {
        MetricSamples bare = scrape("process_cpu_seconds_total 20\n");
        ServerFigures f = ServerFigures.derive(BASELINE, START, bare, 10.0, 10, 200);
        assertTrue(f.forwardedPps().isEmpty());
        assertTrue(f.cpuMicrosPerPacket().isEmpty());
        assertTrue(f.transitP50Ms().isEmpty());
        assertTrue(f.heapDeltaBytes().isEmpty());
        assertTrue(f.peers().isEmpty());
        assertEquals(1.0, f.cpuCores().getAsDouble(), 1e-9, "CPU is still known");
    }

    @Test
    void failedScrapesGiveNoFigures() {
        ServerFigures f = ServerFigures.derive(null, null, null, 10.0, 10, 200);
        assertTrue(f.forwardedPps().isEmpty() && f.cpuCores().isEmpty() && f.heapPerParticipantBytes().isEmpty()
                && f.transitP99Ms().isEmpty() && f.consumers().isEmpty());
    }

    @Test
    void noForwardedPacketsMeansNoCpuPerPacket() {
        MetricSamples idle = scrape("process_cpu_seconds_total 11\nchorus_media_forwarded_packets_total 1000\n");
        ServerFigures f = ServerFigures.derive(BASELINE, START, idle, 10.0, 0, 0);
        assertTrue(f.cpuMicrosPerPacket().isEmpty());
        assertEquals(0, f.forwardedPps().getAsDouble());
        assertTrue(f.heapPerParticipantBytes().isEmpty(), "no heap metric at the end");
    }
}
