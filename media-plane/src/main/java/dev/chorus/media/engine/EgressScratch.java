package dev.chorus.media.engine;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtp.RtpHeaderExtensionWriter;
import dev.chorus.media.rtp.RtpPacket;

/** Reusable per-worker objects for building outgoing packets, so the hot path allocates nothing. */
final class EgressScratch {
    final RtpHeaderExtensionWriter extWriter = new RtpHeaderExtensionWriter();
    final RtpPacket retransmitView = new RtpPacket();
    final byte[] rtcp = new byte[1600];
    final byte[] absSendTime = new byte[3];
    final byte[] transportSeq = new byte[2];
    final int[] nacks = new int[128];
    final ReportBlock[] blocks = new ReportBlock[31];

    EgressScratch() {
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ReportBlock();
        }
    }
}
