package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.bwe.SendSideBwe;
import dev.chorus.media.rtp.AbsSendTime;
import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ObjIntConsumer;

/**
 * Padding-only RTP packets that a subscriber transport sends so that its downlink estimator can see the path carry
 * more than the media (probing). They go to the receiver mediasoup-client creates for exactly this next to the
 * first video consumer of a receiving transport: SSRC {@value #SSRC}, mid {@code probator}, payload type
 * {@value #PAYLOAD_TYPE} (a copy of that consumer's codec, with its header extensions). The P bit is set and the
 * payload is empty: {@value #PADDING} bytes of padding, the RFC 3550 maximum. A receiver records their
 * transport-wide sequence number (every packet carries one) for its transport-cc feedback and otherwise drops
 * them before any decoder; RTCP the browser sends about SSRC {@value #SSRC} (NACK, PLI, reports) matches no
 * consumer and is ignored. MID and abs-send-time are added when the transport's video consumers negotiated them.
 *
 * <p>{@link #fill} paces a rate across timer ticks (credit accrues with time, at most {@link #MAX_CREDIT_MS}
 * worth); {@link #burst} sends a number of bytes at once (a probe cluster's share of a tick). Either sends at most
 * {@link #MAX_PACKETS_PER_CALL} packets. Buffers come from the pool and go to {@code sink}, which protects, sends
 * and releases them. Worker-confined; allocation-free.
 */
final class PaddingSender {
    /** mediasoup-client's probator SSRC. */
    static final long SSRC = 1234;
    /** mediasoup-client's probator payload type. */
    static final int PAYLOAD_TYPE = 127;
    /** Padding bytes per packet (the last one is the count). */
    static final int PADDING = 255;
    /** Most credit {@link #fill} saves up, ms of its rate. */
    static final long MAX_CREDIT_MS = 40;
    /** Most packets per call. */
    static final int MAX_PACKETS_PER_CALL = 64;
    /** Bytes per packet the estimator counts beyond the RTP packet (as for media: SRTP tag, UDP/IP). */
    static final int WIRE_OVERHEAD = 24;
    private static final byte[] MID = "probator".getBytes(StandardCharsets.US_ASCII);

    private final BufferPool pool;
    private final SendSideBwe bwe;
    private final ObjIntConsumer<byte[]> sink;
    private final RtpHeaderExtensionWriter ext = new RtpHeaderExtensionWriter();
    private boolean withMid;
    private boolean withAbsSendTime;
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private long creditBytes;
    private long lastFillMs = Long.MIN_VALUE;
    private long packets;
    private long bytes;

    /** @param sink protects, sends and releases a pooled packet buffer ({@code buf, len}) */
    PaddingSender(BufferPool pool, SendSideBwe bwe, ObjIntConsumer<byte[]> sink) {
        this.pool = pool;
        this.bwe = bwe;
        this.sink = sink;
    }

    /** Which optional header extensions the packets carry (router ids as in {@link Consumer}). */
    void setExtensions(boolean mid, boolean absSendTime) {
        withMid = mid;
        withAbsSendTime = absSendTime;
    }

    /** Sends padding at {@code bps} for the time since the previous call; returns the packets sent. */
    int fill(long bps, long nowMs, long nowUs) {
        long elapsed = lastFillMs == Long.MIN_VALUE || nowMs < lastFillMs ? 0 : nowMs - lastFillMs;
        lastFillMs = nowMs;
        if (bps <= 0 || elapsed > 4 * MAX_CREDIT_MS) {
            creditBytes = 0; // a pause in filling: start over, do not catch up
            if (bps <= 0) {
                return 0;
            }
        }
        creditBytes = Math.min(creditBytes + bps * elapsed / 8000, bps * MAX_CREDIT_MS / 8000 + packetSize());
        int n = 0;
        int size = packetSize();
        while (creditBytes >= size && n < MAX_PACKETS_PER_CALL) {
            send(nowMs, nowUs);
            creditBytes -= size;
            n++;
        }
        return n;
    }

    /** Sends about {@code count} bytes of padding now (rounded up to whole packets); returns the packets sent. */
    int burst(long count, long nowMs, long nowUs) {
        int size = packetSize();
        int n = 0;
        for (long left = count; left > 0 && n < MAX_PACKETS_PER_CALL; left -= size) {
            send(nowMs, nowUs);
            n++;
        }
        return n;
    }

    /** Size of one padding packet, RTP header to the last padding byte. */
    int packetSize() {
        int elements = 3 + (withMid ? 1 + MID.length : 0) + (withAbsSendTime ? 4 : 0);
        return 12 + 4 + ((elements + 3) & ~3) + PADDING;
    }

    private void send(long nowMs, long nowUs) {
        byte[] b = pool.acquire();
        ext.begin(b, 12);
        if (withMid) {
            ext.add(Consumer.EXT_MID, MID, 0, MID.length);
        }
        if (withAbsSendTime && ext.addBytes(Consumer.EXT_ABS_SEND_TIME, 3)) {
            int v = AbsSendTime.fromMicros(nowUs); // the clock the estimator records, as for media
            int o = ext.lastValueOffset();
            b[o] = (byte) (v >>> 16);
            b[o + 1] = (byte) (v >>> 8);
            b[o + 2] = (byte) v;
        }
        ext.addBytes(Consumer.EXT_TCC, 2);
        int tccOffset = ext.lastValueOffset();
        int headerLen = 12 + ext.finish();
        int len = headerLen + PADDING;
        seq = (seq + 1) & 0xFFFF;
        RtpWriter.writeHeader(b, 0, false, PAYLOAD_TYPE, seq, nowMs * 90, SSRC, true, 0);
        b[0] |= 0x20; // P: the packet ends in padding
        for (int i = headerLen; i < len - 1; i++) {
            b[i] = 0;
        }
        b[len - 1] = (byte) PADDING;
        int twcc = bwe.onPacketSent(len + WIRE_OVERHEAD, nowUs);
        b[tccOffset] = (byte) (twcc >>> 8);
        b[tccOffset + 1] = (byte) twcc;
        packets++;
        bytes += len;
        sink.accept(b, len);
    }

    /** Padding packets sent so far. */
    long packets() {
        return packets;
    }

    /** Padding bytes (RTP packets) sent so far. */
    long bytes() {
        return bytes;
    }
}
