package dev.chorus.ops.loadgen.media;

/**
 * Frame sizes of a synthetic video encoder at a target bitrate: a key frame every {@code keyFrameIntervalMs}
 * (and whenever one is requested), {@value #KEY_FRAME_FACTOR} times the size of an inter frame, sized so the
 * average over a key-frame interval meets the bitrate. Frames are cut into packets of at most
 * {@code maxPacketPayload} bytes of equal size, as libwebrtc's VP8 packetizer balances them.
 */
public final class VideoFrameModel {
    /** A key frame is this many times the size of an inter frame. */
    static final int KEY_FRAME_FACTOR = 5;

    private final int fps;
    private final int interFrameBytes;
    private final int keyFrameBytes;
    private final long keyFrameIntervalMs;
    private final int maxPacketData;

    /**
     * @param maxPacketPayload largest RTP payload, descriptor and send stamp included
     */
    public VideoFrameModel(int bitrateBps, int fps, long keyFrameIntervalMs, int maxPacketPayload) {
        if (bitrateBps <= 0 || fps <= 0 || keyFrameIntervalMs <= 0) {
            throw new IllegalArgumentException("bitrate, fps and key-frame interval must be positive");
        }
        this.fps = fps;
        this.keyFrameIntervalMs = keyFrameIntervalMs;
        double framesPerInterval = Math.max(1.0, fps * keyFrameIntervalMs / 1000.0);
        double bytesPerInterval = bitrateBps / 8.0 * keyFrameIntervalMs / 1000.0;
        this.interFrameBytes = Math.max(1, (int) (bytesPerInterval / (framesPerInterval - 1 + KEY_FRAME_FACTOR)));
        this.keyFrameBytes = interFrameBytes * KEY_FRAME_FACTOR;
        this.maxPacketData = maxPacketPayload - Vp8Payload.DESCRIPTOR_LENGTH - SendStamp.LENGTH;
        if (maxPacketData < Vp8Payload.KEY_HEADER_LENGTH + 1) {
            throw new IllegalArgumentException("packets too small: " + maxPacketPayload);
        }
    }

    /** Milliseconds from frame 0 to frame {@code index}. */
    public long frameTimeMs(long index) {
        return index * 1000L / fps;
    }

    /** Whether the frame at {@code nowMs} is a key frame, given the last key frame's time and a pending request. */
    public boolean keyFrameDue(long nowMs, long lastKeyFrameMs, boolean requested) {
        return requested || lastKeyFrameMs < 0 || nowMs - lastKeyFrameMs >= keyFrameIntervalMs;
    }

    /** Encoded bytes of a frame (VP8 data, without descriptors and stamps). */
    public int frameBytes(boolean keyFrame) {
        return keyFrame ? keyFrameBytes : interFrameBytes;
    }

    /** Packets a frame of {@code frameBytes} is cut into. */
    public int packetCount(int frameBytes) {
        return (frameBytes + maxPacketData - 1) / maxPacketData;
    }

    /** VP8 data bytes in packet {@code i} of {@code count} (the sizes differ by at most one byte). */
    public static int packetData(int frameBytes, int count, int i) {
        int base = frameBytes / count;
        return base + (i < frameBytes % count ? 1 : 0);
    }

    public int fps() {
        return fps;
    }
}
