package dev.chorus.media.rtp;

/**
 * A reusable, mutable view over one RTP packet (RFC 3550) held in a caller's byte array.
 *
 * <p>{@link #wrap} validates the fixed header, CSRC list, header-extension block and padding, caches the header
 * fields and parses RFC 8285 header-extension elements (one-byte {@code 0xBEDE} and two-byte {@code 0x100X}
 * profiles) into fixed internal arrays. Nothing is allocated per packet and nothing throws: malformed input makes
 * {@code wrap} return false. Setters write through into the buffer and keep the cache in step.
 *
 * <p>An extension element that runs past the end of its block ends extension parsing (elements before it are
 * kept) but does not make the packet malformed. Blocks with any other profile are skipped as opaque: the packet
 * reports {@link #hasExtension()} but no elements. Not thread-safe; one instance per processing thread.
 */
public final class RtpPacket {
    /** Size of the fixed RTP header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** At most this many extension elements are parsed; later ones are ignored. */
    public static final int MAX_EXTENSIONS = 16;

    private static final int ONE_BYTE_PROFILE = 0xBEDE;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    private static final int TWO_BYTE_PROFILE = 0x1000;

    private final int[] extIds = new int[MAX_EXTENSIONS];
    private final int[] extOffsets = new int[MAX_EXTENSIONS];
    private final int[] extLengths = new int[MAX_EXTENSIONS];
    private int extCount;

    private byte[] buf;
    private int off;
    private int len;
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int csrcCount;
    private boolean hasExtension;
    private int headerLength;
    private int paddingLength;

    /**
     * Parses the packet at {@code buf[off..off+len)}. Returns false (and leaves this view empty) when the
     * bounds are invalid, {@code len < 12}, the version is not 2, the CSRC list or extension block runs past
     * {@code len}, or the padding count is 0 or larger than what follows the header.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        reset();
        if (buf == null || off < 0 || len < FIXED_HEADER_LENGTH || off > buf.length - len) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return false;
        }
        int cc = b0 & 0x0F;
        int hdr = FIXED_HEADER_LENGTH + 4 * cc;
        if (hdr > len) {
            return false;
        }
        boolean x = (b0 & 0x10) != 0;
        int extDataOff = 0;
        int extDataLen = 0;
        int profile = 0;
        if (x) {
            if (hdr + 4 > len) {
                return false;
            }
            int p = off + hdr;
            profile = ((buf[p] & 0xFF) << 8) | (buf[p + 1] & 0xFF);
            extDataLen = 4 * (((buf[p + 2] & 0xFF) << 8) | (buf[p + 3] & 0xFF));
            extDataOff = p + 4;
            hdr += 4 + extDataLen;
            if (hdr > len) {
                return false;
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) {
            pad = buf[off + len - 1] & 0xFF;
            if (pad == 0 || pad > len - hdr) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.csrcCount = cc;
        this.hasExtension = x;
        this.headerLength = hdr;
        this.paddingLength = pad;
        int b1 = buf[off + 1] & 0xFF;
        this.marker = (b1 & 0x80) != 0;
        this.payloadType = b1 & 0x7F;
        this.sequenceNumber = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        this.timestamp = readUint32(buf, off + 4);
        this.ssrc = readUint32(buf, off + 8);
        if (x) {
            if (profile == ONE_BYTE_PROFILE) {
                parseOneByte(extDataOff, extDataOff + extDataLen);
            } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
                parseTwoByte(extDataOff, extDataOff + extDataLen);
            }
        }
        return true;
    }

    /**
     * RFC 5761 demultiplexing: true when the bytes look like RTP rather than RTCP, i.e. at least 12 bytes,
     * version 2, and the second byte is outside 192..223 (where RTCP packet types live).
     */
    public static boolean looksLikeRtp(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < FIXED_HEADER_LENGTH || off > buf.length - len) {
            return false;
        }
        if (((buf[off] & 0xFF) >>> 6) != 2) {
            return false;
        }
        int b1 = buf[off + 1] & 0xFF;
        return b1 < 192 || b1 > 223;
    }

    private void parseOneByte(int pos, int end) {
        while (pos < end && extCount < MAX_EXTENSIONS) {
            int b = buf[pos] & 0xFF;
            if (b == 0) {
                pos++;
                continue;
            }
            int id = b >>> 4;
            if (id == 15) {
                return;
            }
            int elen = (b & 0x0F) + 1;
            int value = pos + 1;
            if (id == 0) {
                // Id 0 is reserved for padding; tolerate a non-zero length nibble as a single padding byte.
                pos++;
                continue;
            }
            if (value + elen > end) {
                return;
            }
            addElement(id, value, elen);
            pos = value + elen;
        }
    }

    private void parseTwoByte(int pos, int end) {
        while (pos < end && extCount < MAX_EXTENSIONS) {
            int id = buf[pos] & 0xFF;
            if (id == 0) {
                pos++;
                continue;
            }
            if (pos + 2 > end) {
                return;
            }
            int elen = buf[pos + 1] & 0xFF;
            int value = pos + 2;
            if (value + elen > end) {
                return;
            }
            addElement(id, value, elen);
            pos = value + elen;
        }
    }

    private void addElement(int id, int valueOffset, int valueLength) {
        extIds[extCount] = id;
        extOffsets[extCount] = valueOffset;
        extLengths[extCount] = valueLength;
        extCount++;
    }

    private void reset() {
        buf = null;
        off = 0;
        len = 0;
        marker = false;
        payloadType = 0;
        sequenceNumber = 0;
        timestamp = 0;
        ssrc = 0;
        csrcCount = 0;
        hasExtension = false;
        headerLength = 0;
        paddingLength = 0;
        extCount = 0;
    }

    private static long readUint32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8)
            | (b[p + 3] & 0xFF);
    }

    private static void writeUint32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    /** The wrapped array (null when the last wrap failed). */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the first packet byte in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** Total packet length including header and padding. */
    public int length() {
        return len;
    }

    public boolean marker() {
        return marker;
    }

    /** Payload type, 0..127. */
    public int payloadType() {
        return payloadType;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** Timestamp as an unsigned 32-bit value. */
    public long timestamp() {
        return timestamp;
    }

    /** SSRC as an unsigned 32-bit value. */
    public long ssrc() {
        return ssrc;
    }

    public int csrcCount() {
        return csrcCount;
    }

    /** True when the X bit is set (whatever the extension profile). */
    public boolean hasExtension() {
        return hasExtension;
    }

    /** 12 + 4 * CSRC count + extension block (its 4-byte header included). */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute index of the first payload byte in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload length, excluding padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Number of padding bytes at the end (including the count byte), 0 when the P bit is clear. */
    public int paddingLength() {
        return paddingLength;
    }

    /** Sets or clears the marker bit in the buffer. */
    public void setMarker(boolean marker) {
        if (buf == null) {
            return;
        }
        this.marker = marker;
        int p = off + 1;
        buf[p] = (byte) (marker ? (buf[p] | 0x80) : (buf[p] & 0x7F));
    }

    /** Writes the payload type (low 7 bits used), keeping the marker bit. */
    public void setPayloadType(int pt) {
        if (buf == null) {
            return;
        }
        this.payloadType = pt & 0x7F;
        int p = off + 1;
        buf[p] = (byte) ((buf[p] & 0x80) | payloadType);
    }

    /** Writes the sequence number (low 16 bits used). */
    public void setSequenceNumber(int seq) {
        if (buf == null) {
            return;
        }
        this.sequenceNumber = seq & 0xFFFF;
        buf[off + 2] = (byte) (sequenceNumber >>> 8);
        buf[off + 3] = (byte) sequenceNumber;
    }

    /** Writes the timestamp (low 32 bits used). */
    public void setTimestamp(long ts) {
        if (buf == null) {
            return;
        }
        this.timestamp = ts & 0xFFFFFFFFL;
        writeUint32(buf, off + 4, timestamp);
    }

    /** Writes the SSRC (low 32 bits used). */
    public void setSsrc(long ssrc) {
        if (buf == null) {
            return;
        }
        this.ssrc = ssrc & 0xFFFFFFFFL;
        writeUint32(buf, off + 8, this.ssrc);
    }

    /** Number of parsed header-extension elements (0..16). */
    public int extensionCount() {
        return extCount;
    }

    /** Local id of element {@code i} (1..14 for one-byte, 1..255 for two-byte), or -1 if out of range. */
    public int extensionId(int i) {
        return i >= 0 && i < extCount ? extIds[i] : -1;
    }

    /** Absolute index in {@link #buffer()} of element {@code i}'s value, or -1 if out of range. */
    public int extensionOffset(int i) {
        return i >= 0 && i < extCount ? extOffsets[i] : -1;
    }

    /** Value length of element {@code i} (0..255; 1..16 for one-byte), or -1 if out of range. */
    public int extensionLength(int i) {
        return i >= 0 && i < extCount ? extLengths[i] : -1;
    }

    /** Index of the first element with local id {@code id}, or -1 if absent. */
    public int findExtension(int id) {
        for (int i = 0; i < extCount; i++) {
            if (extIds[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
