package dev.chorus.ops.loadgen.metrics;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiFunction;

/**
 * The figures about the server under test, derived from three scrapes: before the first participant joined
 * ({@code baseline}), at the start and at the end of the measurement window. Every figure is empty when a metric
 * it needs is missing from a scrape (or a scrape failed), never a guess.
 *
 * @param forwardedPps               forwarded RTP packets per second over the window
 * @param forwardedBps               forwarded bits per second over the window
 * @param cpuCores                   process CPU seconds per second of the window (1.0 = one core busy)
 * @param cpuMicrosPerPacket         process CPU time per forwarded packet, in microseconds
 * @param transitP50Ms               median SFU transit time (receive to send) over the window, from the histogram
 * @param transitP99Ms               99th percentile of it
 * @param heapDeltaBytes             heap in use at the window's end minus before the first join
 * @param heapPerParticipantBytes    that delta divided by the participants in the room
 * @param heapPerConsumerBytes       that delta divided by the consumers the participants were offered
 * @param peers                      the server's peer gauge at the window's end
 * @param consumers                  the server's consumer gauge at the window's end
 */
public record ServerFigures(OptionalDouble forwardedPps, OptionalDouble forwardedBps, OptionalDouble cpuCores,
                            OptionalDouble cpuMicrosPerPacket, OptionalDouble transitP50Ms,
                            OptionalDouble transitP99Ms, OptionalDouble heapDeltaBytes,
                            OptionalDouble heapPerParticipantBytes, OptionalDouble heapPerConsumerBytes,
                            OptionalDouble peers, OptionalDouble consumers) {

    /**
     * @param windowSeconds wall time between the start and end scrapes
     * @param participants  participants in the room at the end
     * @param consumers     consumers offered to them (newConsumer requests), live at the end
     */
    public static ServerFigures derive(MetricSamples baseline, MetricSamples start, MetricSamples end,
                                       double windowSeconds, int participants, long consumers) {
        OptionalDouble packets = delta(start, end, ServerMetricNames.FORWARDED_PACKETS);
        OptionalDouble bytes = delta(start, end, ServerMetricNames.FORWARDED_BYTES);
        OptionalDouble cpu = delta(start, end, ServerMetricNames.PROCESS_CPU_SECONDS);
        OptionalDouble pps = map(packets, p -> p / windowSeconds);
        OptionalDouble bps = map(bytes, b -> b * 8 / windowSeconds);
        OptionalDouble cores = map(cpu, c -> c / windowSeconds);
        OptionalDouble cpuPerPacket = combine(cpu, packets, (c, p) -> p > 0 ? c / p * 1e6 : Double.NaN);
        OptionalDouble p50 = OptionalDouble.empty();
        OptionalDouble p99 = OptionalDouble.empty();
        if (start != null && end != null) {
            var window = HistogramQuantile.delta(start.buckets(ServerMetricNames.TRANSIT_SECONDS),
                    end.buckets(ServerMetricNames.TRANSIT_SECONDS));
            p50 = map(HistogramQuantile.quantile(0.50, window), s -> s * 1000);
            p99 = map(HistogramQuantile.quantile(0.99, window), s -> s * 1000);
        }
        OptionalDouble heap = combine(heap(baseline), heap(end), (b, e) -> e - b);
        OptionalDouble perParticipant = map(heap, h -> participants > 0 ? h / participants : Double.NaN);
        OptionalDouble perConsumer = map(heap, h -> consumers > 0 ? h / consumers : Double.NaN);
        return new ServerFigures(pps, bps, cores, cpuPerPacket, p50, p99, heap, perParticipant, perConsumer,
                gauge(end, ServerMetricNames.PEERS), gauge(end, ServerMetricNames.CONSUMERS));
    }

    private static OptionalDouble heap(MetricSamples s) {
        return s == null ? OptionalDouble.empty()
                : s.sum(ServerMetricNames.JVM_MEMORY_USED, Map.of("area", ServerMetricNames.HEAP_AREA));
    }

    private static OptionalDouble gauge(MetricSamples s, String name) {
        return s == null ? OptionalDouble.empty() : s.sum(name);
    }

    private static OptionalDouble delta(MetricSamples start, MetricSamples end, String name) {
        if (start == null || end == null) {
            return OptionalDouble.empty();
        }
        return combine(start.sum(name), end.sum(name), (a, b) -> b - a);
    }

    private static OptionalDouble map(OptionalDouble v, java.util.function.DoubleUnaryOperator f) {
        if (v.isEmpty()) {
            return v;
        }
        double r = f.applyAsDouble(v.getAsDouble());
        return Double.isFinite(r) ? OptionalDouble.of(r) : OptionalDouble.empty();
    }

    private static OptionalDouble combine(OptionalDouble a, OptionalDouble b, BiFunction<Double, Double, Double> f) {
        if (a.isEmpty() || b.isEmpty()) {
            return OptionalDouble.empty();
        }
        double r = f.apply(a.getAsDouble(), b.getAsDouble());
        return Double.isFinite(r) ? OptionalDouble.of(r) : OptionalDouble.empty();
    }
}
