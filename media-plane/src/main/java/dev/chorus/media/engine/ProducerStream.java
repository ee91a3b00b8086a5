package dev.chorus.media.engine;

import dev.chorus.media.forward.RetransmissionRing;
import dev.chorus.media.rtcp.ReceiveStreamStats;

/**
 * One encoding (simulcast layer, or the only stream) of a producer: its browser SSRCs, the router SSRC it is mapped
 * to, receive statistics for receiver reports, and the retransmission ring that answers consumers' NACKs.
 */
final class ProducerStream {
    final Producer producer;
    final int encodingIndex;
    final long mappedSsrc;
    final String rid;
    final byte[] ridBytes;
    long mediaSsrc = -1;
    long rtxSsrc = -1;
    ReceiveStreamStats stats;
    final RetransmissionRing ring;
    /** Upstream loss detection (null when the producer did not negotiate plain NACK). */
    final dev.chorus.media.rtcp.NackGenerator nack;
    long lastPacketMs;
    long packets;
    long bytes;
    long rtxPackets;

    ProducerStream(Producer producer, int encodingIndex, long mappedSsrc, String rid, RetransmissionRing ring,
                   boolean useNack) {
        this.nack = useNack ? new dev.chorus.media.rtcp.NackGenerator() : null;
        this.producer = producer;
        this.encodingIndex = encodingIndex;
        this.mappedSsrc = mappedSsrc;
        this.rid = rid;
        this.ridBytes = rid == null ? null : rid.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.ring = ring;
    }

    /** Sequence numbers of recently received media (slot = seq mod 1024, value = seq + 1; 0 = empty). */
    private final int[] seen = new int[1024];

    boolean seen(int seq) {
        return seen[seq & 1023] == seq + 1;
    }

    void markSeen(int seq) {
        seen[seq & 1023] = seq + 1;
    }

    void setMediaSsrc(long ssrc, int clockRate) {
        this.mediaSsrc = ssrc;
        this.stats = new ReceiveStreamStats(ssrc, clockRate);
    }

    boolean active(long nowMs) {
        return packets > 0 && nowMs - lastPacketMs < 2000;
    }
}
