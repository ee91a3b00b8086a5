package dev.chorus.media.forward;

/**
 * Maps the 16-bit input sequence numbers of one source stream to a gap-free output sequence for one consumer
 * (the semantics of mediasoup's SeqManager, implemented independently).
 *
 * <ul>
 *   <li>{@link #sync(int)}: the input after {@code input} gets {@code maxOutput() + 1}. Used when the consumer
 *       starts, resumes or switches streams; callers pass the key frame's sequence number minus one.</li>
 *   <li>{@link #drop(int)}: an input newer than everything seen so far will not be forwarded; later inputs shift
 *       down by one so receivers see no gap. Dropping an input that is not newer than the highest seen is
 *       ignored (its output number may already be implied by later packets, so it stays a plain gap).</li>
 *   <li>{@link #input(int)}: the output for an input, or -1 when the input is not newer than the sync point, is
 *       itself dropped, or is older than the bounded drop history can map exactly.</li>
 * </ul>
 *
 * <p>The 16-bit case of {@link SerialRewriter} (see there for the unwrapping and the bounded drop history). Before
 * the first {@code sync} or {@code input}, a {@code drop} is ignored and the first {@code input} maps to itself.
 * Allocation-free after construction. Not thread-safe.
 */
public final class SeqNumRewriter {
    /** Default number of dropped inputs remembered for mapping reordered packets. */
    public static final int DEFAULT_DROP_HISTORY = 512;

    private final SerialRewriter r;

    /** A rewriter remembering {@link #DEFAULT_DROP_HISTORY} dropped inputs. */
    public SeqNumRewriter() {
        this(DEFAULT_DROP_HISTORY);
    }

    /** A rewriter remembering up to {@code dropHistory} dropped inputs (rounded up to a power of two, >= 1). */
    public SeqNumRewriter(int dropHistory) {
        this.r = new SerialRewriter(16, dropHistory, 1);
    }

    /** The output after {@code input} continues right after {@link #maxOutput()}; forgets all drops. */
    public void sync(int input) {
        r.sync(input, 0);
    }

    /** Marks {@code input} as not forwarded, so later inputs close the gap it would leave. */
    public void drop(int input) {
        r.drop(input);
    }

    /** Output sequence number (0..65535) for {@code input}, or -1 when it must not be forwarded. */
    public int input(int input) {
        return r.started() ? r.input(input) : r.startAt(input);
    }

    /** Highest output sequence number produced so far (0 before any output). */
    public int maxOutput() {
        return r.maxOutput();
    }

    /** True once {@link #sync} or {@link #input} has been called. */
    public boolean started() {
        return r.started();
    }
}
