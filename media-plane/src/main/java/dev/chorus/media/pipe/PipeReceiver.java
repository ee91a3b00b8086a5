package dev.chorus.media.pipe;

/** TEMPORARY stand-in (replaced by the bridge branch). */
public interface PipeReceiver {
    void onPipeMessage(byte type, long pipeKey, byte[] buf, int len);
}
