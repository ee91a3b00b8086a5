package dev.chorus.ops.loadgen.media;

import dev.chorus.media.codec.KeyFrames;
import dev.chorus.media.codec.VideoCodec;
import dev.chorus.media.rtcp.NackGenerator;
import dev.chorus.media.rtcp.ReceiveStreamStats;

/**
 * One consumer as a subscriber receives it: RFC 3550 reception statistics over the sequence numbers the SFU sends
 * (loss, extended highest sequence, interarrival jitter; {@link ReceiveStreamStats}), a NACK generator for video,
 * and what the final report needs (first packet, RTX and PLI counts). Retransmissions (RTX, original sequence
 * number restored) count as received packets, so repaired losses are not losses, as in a browser's statistics.
 * Loop thread only.
 */
public final class InboundStream {
    /** Pending NACK entries per video stream: enough for a burst, small enough for thousands of streams. */
    static final int NACK_CAPACITY = 128;

    private final ConsumerOffer offer;
    private final ReceiveStreamStats stats;
    private final NackGenerator nack;
    private final long acceptedMs;
    private long firstPacketNanos;
    private long lastPacketMs = -1;
    private long bytes;
    private long rtxPackets;
    private long keyFrames;
    private long plisSent;
    private long lastPliMs = -1;
    private int startPlis;
    private boolean feedbackListed;
    private boolean keyFrameWanted;

    InboundStream(ConsumerOffer offer, long acceptedMs) {
        this.offer = offer;
        this.stats = new ReceiveStreamStats(offer.ssrc(), offer.clockRate());
        this.nack = offer.video() ? new NackGenerator(NACK_CAPACITY, NackGenerator.DEFAULT_MAX_RETRIES,
                NackGenerator.DEFAULT_GAP_DELAY_MS, NackGenerator.DEFAULT_RETRY_INTERVAL_MS,
                NackGenerator.DEFAULT_MAX_AGE_PACKETS) : null;
        this.acceptedMs = acceptedMs;
    }

    /**
     * Accounts one packet (media, or RTX with its original sequence number restored).
     *
     * @return true if the packet was accepted by the sequence rules
     */
    boolean onPacket(int seq, long rtpTs, byte[] buf, int payloadOff, int payloadLen, int packetLen, boolean rtx,
                     long nowMs, long nowNanos) {
        if (!stats.onPacket(seq, rtpTs, nowMs, packetLen)) {
            return false;
        }
        if (firstPacketNanos == 0) {
            firstPacketNanos = nowNanos;
        }
        lastPacketMs = nowMs;
        bytes += packetLen;
        if (rtx) {
            rtxPackets++;
        }
        if (nack != null) {
            boolean key = KeyFrames.isKeyFrame(VideoCodec.VP8, buf, payloadOff, payloadLen);
            if (key) {
                keyFrames++;
            }
            nack.onPacket(seq, key, nowMs);
            keyFrameWanted |= nack.keyFrameNeeded();
        }
        return true;
    }

    /** Sequence numbers to NACK now (video); see {@link NackGenerator#dueNacks}. */
    int dueNacks(long nowMs, int[] out) {
        if (nack == null) {
            return 0;
        }
        int n = nack.dueNacks(nowMs, out);
        keyFrameWanted |= nack.keyFrameNeeded();
        return n;
    }

    /** True while NACKs are pending or a key frame is wanted: the stream needs the 20 ms feedback tick. */
    boolean feedbackPending() {
        return nack != null && (nack.pending() > 0 || keyFrameWanted);
    }

    /** True when this video stream should ask for a key frame now: decoding lost, or nothing arrived yet. */
    boolean needsKeyFrame(long nowMs) {
        if (nack == null) {
            return false;
        }
        if (lastPliMs >= 0 && nowMs - lastPliMs < 1000) {
            return false;
        }
        if (keyFrameWanted) {
            return true;
        }
        // starting: the SFU asks the publisher for a key frame on resume; nudge it if none came (a few times)
        return lastPacketMs < 0 && startPlis < 3 && nowMs - acceptedMs >= 1000;
    }

    /** A PLI went out: the key frame it brings restarts decoding, so pending NACKs are dropped. */
    void pliSent(long nowMs) {
        plisSent++;
        lastPliMs = nowMs;
        keyFrameWanted = false;
        nack.reset();
        if (lastPacketMs < 0) {
            startPlis++;
        }
    }

    public ConsumerOffer offer() {
        return offer;
    }

    ReceiveStreamStats stats() {
        return stats;
    }

    boolean feedbackListed() {
        return feedbackListed;
    }

    void feedbackListed(boolean listed) {
        this.feedbackListed = listed;
    }

    /** A copy of this stream's figures for the report. */
    StreamSummary summary(String subscriberId, boolean closed) {
        return new StreamSummary(subscriberId, offer.consumerId(), offer.producerPeerId(), offer.kind(), stats.packetsReceived(),
                bytes, Math.max(0, stats.packetsLost()), stats.jitter() * 1000.0 / offer.clockRate(), rtxPackets,
                keyFrames, plisSent, firstPacketNanos, closed);
    }
}
