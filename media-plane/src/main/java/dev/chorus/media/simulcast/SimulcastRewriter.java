package dev.chorus.media.simulcast;

import dev.chorus.media.forward.SerialRewriter;

/**
 * Per consumer of a simulcast producer: turns packets of whichever stream is being forwarded into one continuous
 * outgoing stream. The outgoing SSRC is fixed (the consumer's); sequence numbers are gap-free across stream
 * switches and dropped packets; RTP timestamps continue across switches; VP8 PictureID and TL0PICIDX are
 * continuous across switches and dropped frames.
 *
 * <p><b>Timestamps.</b> Output = input + offset (mod 2^32); the offset changes only at {@link #switchTo}. Switching
 * from stream A to stream B, the new offset maps B's timeline onto A's through both streams' last sender reports
 * ({@link SenderReportTable#translation}). Without an SR for both streams, or when that result disagrees with the
 * wall clock by more than {@link #MAX_SR_DISAGREEMENT_MS}, the key frame is placed at the highest timestamp sent
 * plus the time elapsed since the last packet was sent. Either way the key frame's timestamp is made newer than
 * every timestamp already sent (at least one 30 fps frame interval later), since it is a new frame.
 *
 * <p><b>Sequence numbers</b> use a {@link SerialRewriter}: a switch continues at the highest output + 1, or + 2 when
 * the last packet sent did not end a frame (the receiver then sees that frame as incomplete, not as continued).
 * <b>PictureID</b> is kept as a 15-bit output counter; 7-bit inputs are unwrapped to it, and a 7-bit field receives
 * the counter's low 7 bits (continuous modulo 128). <b>TL0PICIDX</b> is an 8-bit counter re-based at each switch
 * (a key frame is a base-layer frame, so it gets the last output + 1).
 *
 * <p>Engine contract, per packet of the current stream: {@link #drop} for a filtered packet (other temporal layer,
 * unsupported payload type, DTX), or {@link #rewrite} for a forwarded one, preceded by {@link #switchTo} on the
 * first packet (a key frame) of a newly chosen stream. After a true {@code rewrite}, {@link #outSequenceNumber()},
 * {@link #outTimestamp()}, {@link #outPictureId()} and {@link #outTl0PicIdx()} hold the values to write (see
 * {@link #writeHeader} and {@link #writeDescriptor}). Media worker only; allocation-free.
 */
public final class SimulcastRewriter {
    /** A sender-report-based offset further than this from the wall-clock estimate is not trusted. */
    public static final long MAX_SR_DISAGREEMENT_MS = 1000;
    /** Minimum step when the new stream's key frame would not be newer than what was sent: one 30 fps frame. */
    public static final int MIN_FRAME_STEP_DIVISOR = 30;

    private final SenderReportTable reports;
    private final long ssrc;
    private final int clockRate;
    private final SerialRewriter seq;
    private final SerialRewriter pictureIds = new SerialRewriter(15, 256, 1);
    private final SerialRewriter tl0 = new SerialRewriter(8, 1, 1);

    private int stream = -1;
    private long tsOffset;
    private boolean sentAny;
    private long maxOutTs;
    private long lastSentMs;
    private boolean lastEndedFrame = true;
    private int lastPictureIn15;
    private boolean pictureSynced;
    private boolean tl0Synced;

    private int outSeq;
    private long outTs;
    private int outPictureId = Vp8Descriptor.ABSENT;
    private int outTl0 = Vp8Descriptor.ABSENT;

    /**
     * A rewriter sending on {@code ssrc}, whose first packet gets sequence number {@code firstSeq} (random, per
     * RFC 3550), reading stream clocks from the producer's {@code reports}.
     */
    public SimulcastRewriter(SenderReportTable reports, long ssrc, int firstSeq) {
        this.reports = reports;
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.clockRate = reports.clockRate();
        this.seq = new SerialRewriter(16, 512, firstSeq);
    }

    /**
     * Re-bases on stream {@code newStream}, whose packet ({@code inSeq}, {@code inTs}, VP8 descriptor or null for
     * other codecs) is the first to forward: a key frame. Call right before {@link #rewrite} of that packet.
     */
    public void switchTo(int newStream, int inSeq, long inTs, Vp8Descriptor vp8, long nowMs) {
        long ts = inTs & 0xFFFF_FFFFL;
        if (!sentAny) {
            tsOffset = 0;
        } else {
            long estimate = (maxOutTs + Math.max(0, nowMs - lastSentMs) * clockRate / 1000) & 0xFFFF_FFFFL;
            long candidate;
            if (newStream == stream) {
                candidate = (ts + tsOffset) & 0xFFFF_FFFFL;
            } else if (stream >= 0 && reports.has(stream) && reports.has(newStream)) {
                candidate = (ts - reports.translation(stream, newStream) + tsOffset) & 0xFFFF_FFFFL;
                long limit = MAX_SR_DISAGREEMENT_MS * clockRate / 1000;
                if (Math.abs(diff32(candidate, estimate)) > limit) {
                    candidate = estimate;
                }
            } else {
                candidate = estimate;
            }
            if (diff32(candidate, maxOutTs) <= 0) {
                candidate = (maxOutTs + Math.max(1, clockRate / MIN_FRAME_STEP_DIVISOR)) & 0xFFFF_FFFFL;
            }
            tsOffset = (candidate - ts) & 0xFFFF_FFFFL;
        }
        stream = newStream;
        seq.sync(inSeq - 1, lastEndedFrame ? 0 : 1);
        pictureSynced = false;
        tl0Synced = false;
        if (vp8 != null && vp8.valid()) {
            if (vp8.pictureId() != Vp8Descriptor.ABSENT) {
                lastPictureIn15 = vp8.pictureId();
                pictureIds.sync(lastPictureIn15 - 1, 0);
                pictureSynced = true;
            }
            if (vp8.tl0PicIdx() != Vp8Descriptor.ABSENT) {
                tl0.sync(vp8.tl0PicIdx() - 1, 0);
                tl0Synced = true;
            }
        }
    }

    /** A packet of the current stream that is not forwarded: later packets (and pictures) close the gap. */
    public void drop(int inSeq, Vp8Descriptor vp8) {
        if (stream < 0) {
            return;
        }
        seq.drop(inSeq);
        if (pictureSynced && vp8 != null && vp8.valid() && vp8.pictureId() != Vp8Descriptor.ABSENT) {
            pictureIds.drop(widen(vp8));
        }
    }

    /**
     * Computes the outgoing values for a forwarded packet of the current stream. Returns false when it must not be
     * sent after all (older than the switch point, or a packet of a dropped picture).
     */
    public boolean rewrite(int inSeq, long inTs, boolean marker, Vp8Descriptor vp8, long nowMs) {
        if (stream < 0) {
            return false;
        }
        int pid = Vp8Descriptor.ABSENT;
        int tl = Vp8Descriptor.ABSENT;
        if (vp8 != null && vp8.valid()) {
            if (pictureSynced && vp8.pictureId() != Vp8Descriptor.ABSENT) {
                pid = pictureIds.input(widen(vp8));
                if (pid < 0) {
                    return false;
                }
            }
            if (tl0Synced && vp8.tl0PicIdx() != Vp8Descriptor.ABSENT) {
                tl = tl0.input(vp8.tl0PicIdx());
                if (tl < 0) {
                    return false;
                }
            }
        }
        int s = seq.input(inSeq);
        if (s < 0) {
            return false;
        }
        outSeq = s;
        outTs = ((inTs & 0xFFFF_FFFFL) + tsOffset) & 0xFFFF_FFFFL;
        outPictureId = pid;
        outTl0 = tl;
        if (s == seq.maxOutput()) {
            lastEndedFrame = marker;
        }
        if (!sentAny || diff32(outTs, maxOutTs) > 0) {
            maxOutTs = outTs;
        }
        sentAny = true;
        lastSentMs = nowMs;
        return true;
    }

    /** The 15-bit input PictureID of {@code vp8}: 7-bit values are unwrapped around the last one seen. */
    private int widen(Vp8Descriptor vp8) {
        int p = vp8.pictureId();
        int w;
        if (vp8.pictureIdBits() == 15) {
            w = p;
        } else {
            int d = (p - lastPictureIn15) & 0x7F;
            if (d >= 64) {
                d -= 128;
            }
            w = (lastPictureIn15 + d) & 0x7FFF;
        }
        if ((short) ((w - lastPictureIn15) << 1) > 0) {
            lastPictureIn15 = w;
        }
        return w;
    }

    private static int diff32(long a, long b) {
        return (int) (a - b);
    }

    /** Writes the outgoing sequence number, timestamp and SSRC into the RTP header at {@code pkt[off]}. */
    public void writeHeader(byte[] pkt, int off) {
        pkt[off + 2] = (byte) (outSeq >>> 8);
        pkt[off + 3] = (byte) outSeq;
        pkt[off + 4] = (byte) (outTs >>> 24);
        pkt[off + 5] = (byte) (outTs >>> 16);
        pkt[off + 6] = (byte) (outTs >>> 8);
        pkt[off + 7] = (byte) outTs;
        pkt[off + 8] = (byte) (ssrc >>> 24);
        pkt[off + 9] = (byte) (ssrc >>> 16);
        pkt[off + 10] = (byte) (ssrc >>> 8);
        pkt[off + 11] = (byte) ssrc;
    }

    /**
     * Writes the outgoing PictureID and TL0PICIDX into the copy of the packet's payload at {@code dst[payloadOff]},
     * in the layout {@code vp8} parsed from the original (no-op for fields it does not carry).
     */
    public void writeDescriptor(Vp8Descriptor vp8, byte[] dst, int payloadOff) {
        if (outPictureId >= 0) {
            vp8.writePictureId(dst, payloadOff, outPictureId);
        }
        if (outTl0 >= 0) {
            vp8.writeTl0PicIdx(dst, payloadOff, outTl0);
        }
    }

    /** Outgoing SSRC (fixed). */
    public long ssrc() {
        return ssrc;
    }

    /** Stream being forwarded, or -1 before the first switch. */
    public int stream() {
        return stream;
    }

    /** Sequence number for the last rewritten packet. */
    public int outSequenceNumber() {
        return outSeq;
    }

    /** RTP timestamp for the last rewritten packet. */
    public long outTimestamp() {
        return outTs;
    }

    /** 15-bit PictureID for the last rewritten packet (write its low 7 bits into a 7-bit field), or -1. */
    public int outPictureId() {
        return outPictureId;
    }

    /** TL0PICIDX for the last rewritten packet, or -1. */
    public int outTl0PicIdx() {
        return outTl0;
    }

    /** Highest sequence number sent so far. */
    public int maxSequenceNumber() {
        return seq.maxOutput();
    }

    /** Highest RTP timestamp sent so far (for the consumer's sender reports). */
    public long maxTimestamp() {
        return maxOutTs;
    }

    /** Current offset (output - input, mod 2^32) of the RTP timestamps of the current stream. */
    public long timestampOffset() {
        return tsOffset;
    }
}
