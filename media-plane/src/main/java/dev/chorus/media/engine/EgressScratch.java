package dev.chorus.media.engine;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.simulcast.Vp8Descriptor;
import dev.chorus.media.simulcast.Vp9Descriptor;

/** Reusable per-worker objects for building outgoing packets, so the hot path allocates nothing. */
final class EgressScratch {
    final RtpHeaderExtensionWriter extWriter = new RtpHeaderExtensionWriter();
    final RtpPacket retransmitView = new RtpPacket();
    final byte[] rtcp = new byte[1600];
    final byte[] absSendTime = new byte[3];
    final byte[] transportSeq = new byte[2];
    final int[] nacks = new int[128];
    /** The VP8 descriptor of the packet being fanned out (parsed once per packet for simulcast producers). */
    final Vp8Descriptor vp8 = new Vp8Descriptor();
    /** The VP9 descriptor of the packet being fanned out (parsed once per packet for SVC producers). */
    final Vp9Descriptor vp9 = new Vp9Descriptor();
    /** The VP8 descriptor of a packet being retransmitted. */
    final Vp8Descriptor retransmitVp8 = new Vp8Descriptor();
    final ReportBlock[] blocks = new ReportBlock[31];

    EgressScratch() {
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ReportBlock();
        }
    }
}
