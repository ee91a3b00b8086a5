package dev.chorus.media.pipe;

/**
 * What an {@link AeronBridge} hands received messages to. Called on the bridge's receive thread, never
 * concurrently, so implementations need no locking of their own for this call.
 */
public interface PipeReceiver {
    /**
     * One message from a remote node. {@code buf} is a pooled buffer (from the bridge's
     * {@link dev.chorus.media.buffer.BufferPool}) holding the packet at {@code [0, len)}; ownership passes to the
     * receiver, which must release it to the pool. If this method throws, the bridge logs it and carries on (the
     * buffer is then not released by the bridge, since it cannot know whether the receiver already did).
     */
    void onPipeMessage(byte type, long pipeKey, byte[] buf, int len);
}
