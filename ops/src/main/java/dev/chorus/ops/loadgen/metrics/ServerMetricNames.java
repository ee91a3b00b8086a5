package dev.chorus.ops.loadgen.metrics;

/**
 * The Prometheus series the load generator reads from the server under test, in one place so they can be aligned
 * with what the node exports. Standard names first (JVM and process collectors), then Chorus's own.
 */
public final class ServerMetricNames {
    /** Process CPU time in seconds (counter, all threads). */
    public static final String PROCESS_CPU_SECONDS = "process_cpu_seconds_total";
    /** JVM memory in use by pool (gauge, labels {@code area} and {@code id}). */
    public static final String JVM_MEMORY_USED = "jvm_memory_used_bytes";
    /** The {@code area} label value of heap pools. */
    public static final String HEAP_AREA = "heap";
    /** RTP packets sent to consumers (counter). */
    public static final String FORWARDED_PACKETS = "chorus_media_forwarded_packets_total";
    /** Bytes of those packets (counter). */
    public static final String FORWARDED_BYTES = "chorus_media_forwarded_bytes_total";
    /**
     * Histogram of a packet's time inside the SFU, socket receive to socket send ({@code _bucket} with {@code le},
     * {@code _sum}, {@code _count}), in seconds.
     */
    public static final String TRANSIT_SECONDS = "chorus_media_transit_seconds";
    /** Open consumers (gauge). */
    public static final String CONSUMERS = "chorus_media_consumers";
    /** Peers holding a transport on the node (gauge). */
    public static final String PEERS = "chorus_media_peers";

    private ServerMetricNames() {
    }
}
