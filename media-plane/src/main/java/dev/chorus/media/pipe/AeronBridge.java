package dev.chorus.media.pipe;

/** TEMPORARY stand-in (replaced by the bridge branch). */
public final class AeronBridge implements AutoCloseable {
    public AeronBridge(AeronBridgeConfig config, dev.chorus.media.buffer.BufferPool pool, PipeReceiver receiver) {
    }

    public void start() {
    }

    public String endpoint() {
        return null;
    }

    public PipeLink link(String endpoint) {
        return null;
    }

    public long messagesSent() {
        return 0;
    }

    public long messagesReceived() {
        return 0;
    }

    public long sendFailures() {
        return 0;
    }

    public long malformed() {
        return 0;
    }

    @Override
    public void close() {
    }
}
