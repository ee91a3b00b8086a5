package dev.chorus.media.rtcp;

/**
 * Writes single RTCP packets into a caller-supplied buffer. Each method returns the number of bytes written (a
 * multiple of 4, with the length field set accordingly), or -1 if {@code maxLen} (or the array) is too small or an
 * argument cannot be encoded; on -1 the output region may have been partly written. SSRCs are written as their low
 * 32 bits. Concatenate results to build a compound packet. Allocation-free.
 */
public final class RtcpWriter {
    /** Size of an SR without report blocks. */
    public static final int SR_SIZE = 28;
    /** Size of a PLI. */
    public static final int PLI_SIZE = 12;
    /** Size of a FIR with one entry. */
    public static final int FIR_SIZE = 20;
    /** Size of a BYE with one SSRC and no reason. */
    public static final int BYE_SIZE = 8;

    private RtcpWriter() {
    }

    private static boolean fits(byte[] out, int off, int maxLen, int need) {
        return out != null && off >= 0 && need <= maxLen && need <= out.length - off;
    }

    /** Sender report without report blocks (RC = 0). */
    public static int senderReport(byte[] out, int off, int maxLen, long ssrc, long ntp64, long rtpTs, long packets,
                                   long octets) {
        if (!fits(out, off, maxLen, SR_SIZE)) {
            return -1;
        }
        RtcpBytes.header(out, off, 0, RtcpType.SR, SR_SIZE);
        RtcpBytes.put32(out, off + 4, ssrc);
        RtcpBytes.put32(out, off + 8, ntp64 >>> 32);
        RtcpBytes.put32(out, off + 12, ntp64);
        RtcpBytes.put32(out, off + 16, rtpTs);
        RtcpBytes.put32(out, off + 20, packets);
        RtcpBytes.put32(out, off + 24, octets);
        return SR_SIZE;
    }

    /** Receiver report with the first {@code n} blocks (0..31) of {@code blocks}. */
    public static int receiverReport(byte[] out, int off, int maxLen, long senderSsrc, ReportBlock[] blocks, int n) {
        if (n < 0 || n > 31 || (n > 0 && (blocks == null || blocks.length < n))) {
            return -1;
        }
        int size = ReceiverReports.FIXED + n * ReportBlocks.SIZE;
        if (!fits(out, off, maxLen, size)) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (blocks[i] == null) {
                return -1;
            }
        }
        RtcpBytes.header(out, off, n, RtcpType.RR, size);
        RtcpBytes.put32(out, off + 4, senderSsrc);
        for (int i = 0; i < n; i++) {
            blocks[i].writeTo(out, off + ReceiverReports.FIXED + i * ReportBlocks.SIZE);
        }
        return size;
    }

    /** SDES with one chunk holding a CNAME item (at most 255 bytes), terminated and zero-padded to 32 bits. */
    public static int sdesCname(byte[] out, int off, int maxLen, long ssrc, byte[] cnameUtf8) {
        if (cnameUtf8 == null || cnameUtf8.length > 255) {
            return -1;
        }
        int items = 2 + cnameUtf8.length + 1;
        int size = 8 + ((items + 3) & ~3);
        if (!fits(out, off, maxLen, size)) {
            return -1;
        }
        RtcpBytes.header(out, off, 1, RtcpType.SDES, size);
        RtcpBytes.put32(out, off + 4, ssrc);
        out[off + 8] = (byte) RtcpType.SDES_CNAME;
        out[off + 9] = (byte) cnameUtf8.length;
        System.arraycopy(cnameUtf8, 0, out, off + 10, cnameUtf8.length);
        for (int i = off + 10 + cnameUtf8.length; i < off + size; i++) {
            out[i] = 0;
        }
        return size;
    }

    /** BYE for one SSRC, without a reason. */
    public static int bye(byte[] out, int off, int maxLen, long ssrc) {
        if (!fits(out, off, maxLen, BYE_SIZE)) {
            return -1;
        }
        RtcpBytes.header(out, off, 1, RtcpType.BYE, BYE_SIZE);
        RtcpBytes.put32(out, off + 4, ssrc);
        return BYE_SIZE;
    }

    /**
     * Generic NACK for the first {@code n} sequence numbers of {@code lostSeqs} (low 16 bits used). Numbers within
     * 16 after an entry's PID go into its BLP; give them in ascending (wrap-aware) order for the most compact
     * packet, duplicates of the PID are skipped. Returns 0 if {@code n == 0}.
     */
    public static int nack(byte[] out, int off, int maxLen, long senderSsrc, long mediaSsrc, int[] lostSeqs, int n) {
        if (n < 0 || (n > 0 && (lostSeqs == null || lostSeqs.length < n))) {
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        if (!fits(out, off, maxLen, Feedback.FIXED + 4)) {
            return -1;
        }
        int limit = Math.min(maxLen, out.length - off);
        int p = off + Feedback.FIXED;
        int pid = lostSeqs[0] & 0xFFFF;
        int blp = 0;
        for (int i = 1; i < n; i++) {
            int seq = lostSeqs[i] & 0xFFFF;
            int d = (seq - pid) & 0xFFFF;
            if (d == 0) {
                continue;
            }
            if (d <= 16) {
                blp |= 1 << (d - 1);
                continue;
            }
            if (p + 8 - off > limit) {
                return -1;
            }
            RtcpBytes.put16(out, p, pid);
            RtcpBytes.put16(out, p + 2, blp);
            p += 4;
            pid = seq;
            blp = 0;
        }
        RtcpBytes.put16(out, p, pid);
        RtcpBytes.put16(out, p + 2, blp);
        p += 4;
        int size = p - off;
        RtcpBytes.header(out, off, RtcpType.NACK, RtcpType.RTPFB, size);
        RtcpBytes.put32(out, off + 4, senderSsrc);
        RtcpBytes.put32(out, off + 8, mediaSsrc);
        return size;
    }

    /** Picture loss indication. */
    public static int pli(byte[] out, int off, int maxLen, long senderSsrc, long mediaSsrc) {
        if (!fits(out, off, maxLen, PLI_SIZE)) {
            return -1;
        }
        RtcpBytes.header(out, off, RtcpType.PLI, RtcpType.PSFB, PLI_SIZE);
        RtcpBytes.put32(out, off + 4, senderSsrc);
        RtcpBytes.put32(out, off + 8, mediaSsrc);
        return PLI_SIZE;
    }

    /**
     * Full intra request with one entry for {@code mediaSsrc} and command sequence number {@code seqNr} (low 8
     * bits). The header's media-source SSRC is 0, as RFC 5104 section 4.3.1.2 requires.
     */
    public static int fir(byte[] out, int off, int maxLen, long senderSsrc, long mediaSsrc, int seqNr) {
        if (!fits(out, off, maxLen, FIR_SIZE)) {
            return -1;
        }
        RtcpBytes.header(out, off, RtcpType.FIR, RtcpType.PSFB, FIR_SIZE);
        RtcpBytes.put32(out, off + 4, senderSsrc);
        RtcpBytes.put32(out, off + 8, 0);
        RtcpBytes.put32(out, off + 12, mediaSsrc);
        out[off + 16] = (byte) seqNr;
        out[off + 17] = 0;
        out[off + 18] = 0;
        out[off + 19] = 0;
        return FIR_SIZE;
    }

    /**
     * REMB for the first {@code n} (0..255) SSRCs of {@code ssrcs}. The bitrate is encoded with the smallest
     * exponent whose 18-bit mantissa holds it, rounding down. A negative bitrate is invalid (-1).
     */
    public static int remb(byte[] out, int off, int maxLen, long senderSsrc, long bitrateBps, long[] ssrcs, int n) {
        if (bitrateBps < 0 || n < 0 || n > 255 || (n > 0 && (ssrcs == null || ssrcs.length < n))) {
            return -1;
        }
        int size = Rembs.FIXED + 4 * n;
        if (!fits(out, off, maxLen, size)) {
            return -1;
        }
        int exp = 0;
        while ((bitrateBps >>> exp) > 0x3FFFF) {
            exp++;
        }
        long mantissa = bitrateBps >>> exp;
        RtcpBytes.header(out, off, RtcpType.AFB, RtcpType.PSFB, size);
        RtcpBytes.put32(out, off + 4, senderSsrc);
        RtcpBytes.put32(out, off + 8, 0);
        out[off + 12] = 'R';
        out[off + 13] = 'E';
        out[off + 14] = 'M';
        out[off + 15] = 'B';
        out[off + 16] = (byte) n;
        out[off + 17] = (byte) ((exp << 2) | (int) (mantissa >>> 16));
        RtcpBytes.put16(out, off + 18, (int) mantissa);
        for (int i = 0; i < n; i++) {
            RtcpBytes.put32(out, off + Rembs.FIXED + 4 * i, ssrcs[i]);
        }
        return size;
    }
}
