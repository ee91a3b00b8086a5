package dev.chorus.media.rtcp;

/**
 * Big-endian field access and RTCP header checks shared by the parsers and writers of this package. Every method
 * is bounds-safe only in the sense documented on it; the public parsers validate lengths before calling the readers.
 */
final class RtcpBytes {
    /** Bytes of the common RTCP header (V/P/count, PT, length). */
    static final int HEADER = 4;

    private RtcpBytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int u24(byte[] b, int i) {
        return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Writes V=2, P=0, the count/FMT, the packet type and the length field for a packet of {@code bytes} bytes. */
    static void header(byte[] b, int off, int countOrFmt, int type, int bytes) {
        b[off] = (byte) (0x80 | (countOrFmt & 0x1F));
        b[off + 1] = (byte) type;
        put16(b, off + 2, (bytes >> 2) - 1);
    }

    /** True if {@code [off, off + len)} lies inside {@code buf} and {@code len >= min}. */
    static boolean inside(byte[] buf, int off, int len, int min) {
        return buf != null && off >= 0 && len >= min && len <= buf.length - off;
    }

    /**
     * Validates the packet at {@code off} against the caller's length {@code len} and returns the usable length:
     * the length declared in the header minus any padding. Returns -1 if the region is outside {@code buf}, the
     * version is not 2, the declared length exceeds {@code len}, or the padding count is invalid.
     */
    static int contentLength(byte[] buf, int off, int len) {
        if (!inside(buf, off, len, HEADER)) {
            return -1;
        }
        int first = buf[off] & 0xFF;
        if ((first >>> 6) != 2) {
            return -1;
        }
        int declared = (u16(buf, off + 2) + 1) << 2;
        if (declared > len) {
            return -1;
        }
        if ((first & 0x20) == 0) {
            return declared;
        }
        int pad = buf[off + declared - 1] & 0xFF;
        if (pad == 0 || pad > declared - HEADER) {
            return -1;
        }
        return declared - pad;
    }

    /** {@link #contentLength(byte[], int, int)} bounded by the end of the array instead of a caller length. */
    static int contentLength(byte[] buf, int off) {
        if (buf == null || off < 0 || off > buf.length) {
            return -1;
        }
        return contentLength(buf, off, buf.length - off);
    }

    /** Packet type at {@code off}; the caller has validated the header. */
    static int type(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** Count / FMT field at {@code off}; the caller has validated the header. */
    static int count(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    /** Usable length if the packet is of the given type (and FMT, unless {@code fmt < 0}); -1 otherwise. */
    static int contentOf(byte[] buf, int off, int len, int type, int fmt, int min) {
        int n = contentLength(buf, off, len);
        if (n < min || type(buf, off) != type || (fmt >= 0 && count(buf, off) != fmt)) {
            return -1;
        }
        return n;
    }
}
