package dev.chorus.media.pipe;

/** TEMPORARY stand-in (replaced by the bridge branch). */
public final class PipeFrame {
    public static final int HEADER = 9;
    public static final byte RTP = 1;
    public static final byte RTCP = 2;

    private PipeFrame() {
    }
}
