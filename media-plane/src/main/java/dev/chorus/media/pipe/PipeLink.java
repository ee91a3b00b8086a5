package dev.chorus.media.pipe;

/**
 * One outbound destination: the bridge of a remote node. Thread-safe, so many media workers may send at once;
 * obtained (and cached) with {@link AeronBridge#link(String)}.
 */
public interface PipeLink {
    /** The remote bridge's endpoint, {@code host:port}. */
    String endpoint();

    /**
     * Frames and offers one message; never blocks, never allocates after warm-up. False when not (yet) connected,
     * back-pressured, the packet is larger than {@link dev.chorus.media.buffer.BufferPool#BUFFER_SIZE}, or the
     * bridge is closed — the caller counts it as dropped.
     *
     * @throws IllegalArgumentException when {@code type} is not a {@link PipeFrame} type (a caller bug)
     */
    boolean send(byte type, long pipeKey, byte[] buf, int off, int len);

    /** Whether a remote subscription is currently connected to this link. */
    boolean connected();
}
