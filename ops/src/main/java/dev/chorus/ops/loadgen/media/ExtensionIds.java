package dev.chorus.ops.loadgen.media;

/**
 * The RTP header-extension ids the synthetic participants use in what they send (their "browser" ids, announced in
 * the producers' {@code rtpParameters}; the SFU maps them to its own). One id space for the whole transport, as in
 * a BUNDLE group.
 */
public final class ExtensionIds {
    public static final int AUDIO_LEVEL = 1;
    public static final int ABS_SEND_TIME = 2;
    public static final int TRANSPORT_CC = 3;
    public static final int MID = 4;
    public static final int RID = 10;
    public static final int REPAIRED_RID = 11;

    private ExtensionIds() {
    }
}
