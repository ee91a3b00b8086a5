package dev.chorus.media.engine;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtcp.RtcpWriter;

/**
 * The periodic (about 1 s) RTCP of one transport: a Sender Report with SDES CNAME per consumer that has sent
 * media, and Receiver Reports for every producer stream. Packed into compound datagrams of at most ~1200 bytes.
 */
final class RtcpReports {
    private static final int MAX = 1200;

    private RtcpReports() {
    }

    static void send(WebRtcTransport t, EgressScratch scratch, long nowMs) {
        byte[] b = scratch.rtcp;
        int pos = 0;
        for (int i = 0; i < t.consumers.size(); i++) {
            Consumer c = t.consumers.get(i);
            int n = c.writeReports(b, pos, MAX - pos, nowMs);
            if (n <= 0 && pos > 0 && MAX - pos < 200) {
                t.sendRtcp(b, pos);
                pos = 0;
                n = c.writeReports(b, pos, MAX - pos, nowMs);
            }
            if (n > 0) {
                pos += n;
            }
        }
        ReportBlock[] blocks = scratch.blocks;
        int nb = 0;
        for (int i = 0; i < t.producers.size(); i++) {
            for (ProducerStream s : t.producers.get(i).streams) {
                if (s.stats != null && s.stats.packetsReceived() > 0 && nb < blocks.length) {
                    s.stats.fillReportBlock(blocks[nb++], nowMs);
                }
            }
        }
        if (nb > 0) {
            int need = 8 + 24 * nb;
            if (MAX - pos < need && pos > 0) {
                t.sendRtcp(b, pos);
                pos = 0;
            }
            int n = RtcpWriter.receiverReport(b, pos, MAX - pos, t.localSsrc, blocks, nb);
            if (n > 0) {
                pos += n;
            }
        }
        if (pos > 0) {
            t.sendRtcp(b, pos);
        }
    }
}
