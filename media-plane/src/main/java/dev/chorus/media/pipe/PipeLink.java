package dev.chorus.media.pipe;

/** TEMPORARY stand-in (replaced by the bridge branch). */
public interface PipeLink {
    String endpoint();

    boolean send(byte type, long pipeKey, byte[] buf, int off, int len);

    boolean connected();
}
