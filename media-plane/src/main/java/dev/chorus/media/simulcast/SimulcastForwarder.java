package dev.chorus.media.simulcast;

/**
 * The per-packet glue of one simulcast consumer: asks its {@link LayerSelector} what to do with a producer packet
 * and applies the answer to its {@link SimulcastRewriter} (switch, drop or rewrite). This is the sequence the
 * engine's consumer runs for every packet of the producer; it exists so that sequence is written (and tested) once.
 * Media worker only; allocation-free.
 */
public final class SimulcastForwarder {
    private final LayerSelector selector;
    private final SimulcastRewriter rewriter;

    /** Glue over a consumer's selector and rewriter. */
    public SimulcastForwarder(LayerSelector selector, SimulcastRewriter rewriter) {
        this.selector = selector;
        this.rewriter = rewriter;
    }

    /** The consumer's selector. */
    public LayerSelector selector() {
        return selector;
    }

    /** The consumer's rewriter. */
    public SimulcastRewriter rewriter() {
        return rewriter;
    }

    /**
     * Handles one packet of stream {@code stream} (encoding index). {@code vp8} is the packet's parsed descriptor
     * for VP8 (null for other codecs; then {@code keyFrame} comes from the codec's key-frame detection and the
     * temporal id is unknown). Returns true when the packet is to be sent with the rewriter's {@code out*} values.
     */
    public boolean onPacket(int stream, int seq, long ts, boolean marker, boolean keyFrame, Vp8Descriptor vp8,
                            long nowMs) {
        boolean hasVp8 = vp8 != null && vp8.valid();
        int tid = hasVp8 ? vp8.temporalId() : -1;
        boolean sync = hasVp8 && vp8.layerSync();
        int action = selector.onPacket(stream, ts, keyFrame, tid, sync, nowMs);
        switch (action) {
            case LayerSelector.SWITCH:
                rewriter.switchTo(stream, seq, ts, hasVp8 ? vp8 : null, nowMs);
                return rewriter.rewrite(seq, ts, marker, hasVp8 ? vp8 : null, nowMs);
            case LayerSelector.FORWARD:
                return rewriter.rewrite(seq, ts, marker, hasVp8 ? vp8 : null, nowMs);
            case LayerSelector.DROP:
                rewriter.drop(seq, hasVp8 ? vp8 : null);
                return false;
            default:
                return false;
        }
    }

    /**
     * A packet of the current stream that the consumer will not send for its own reasons (unsupported payload
     * type, ignored DTX, padding only): later packets close the gap.
     */
    public void skip(int stream, int seq) {
        if (stream == rewriter.stream()) {
            rewriter.drop(seq, null);
        }
    }
}
