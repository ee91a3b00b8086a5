package dev.chorus.media.rtcp;

/**
 * Walks the packets of one RTCP datagram: a compound packet (RFC 3550 section 6.1) or a reduced-size one that holds
 * a single feedback packet (RFC 5506). Reusable and allocation-free: {@link #wrap} it around each datagram, then call
 * {@link #next()} until it returns false and check {@link #malformed()}.
 *
 * <p>A packet is malformed if fewer than 4 bytes remain for its header, its version is not 2, its packet type lies
 * outside the RTCP range 192..223 (RFC 5761), its length field runs past the datagram, or its padding count is
 * impossible. The iterator stops at the first malformed packet; packets already returned stay valid.
 */
public final class RtcpIterator {
    private byte[] buf;
    private int end;
    private int pos;
    private int packetOffset;
    private int packetLength;
    private int packetType;
    private int countOrFmt;
    private boolean malformed;
    private boolean done;

    /** Points the iterator at {@code buf[off, off + len)}; the first {@link #next()} returns the first packet. */
    public void wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.packetOffset = -1;
        this.packetLength = 0;
        this.packetType = -1;
        this.countOrFmt = -1;
        this.malformed = false;
        this.done = false;
        if (!RtcpBytes.inside(buf, off, len, RtcpBytes.HEADER)) {
            fail();
        }
    }

    /**
     * Advances to the next packet. Returns false at the end of the datagram or on a malformed packet (then
     * {@link #malformed()} is true). Never throws.
     */
    public boolean next() {
        if (done) {
            return false;
        }
        if (pos == end) {
            done = true;
            packetOffset = -1;
            return false;
        }
        if (end - pos < RtcpBytes.HEADER) {
            return fail();
        }
        int first = buf[pos] & 0xFF;
        int type = buf[pos + 1] & 0xFF;
        if ((first >>> 6) != 2 || type < RtcpType.FIRST_RTCP_TYPE || type > RtcpType.LAST_RTCP_TYPE) {
            return fail();
        }
        int length = (RtcpBytes.u16(buf, pos + 2) + 1) << 2;
        if (length > end - pos) {
            return fail();
        }
        if ((first & 0x20) != 0) {
            int pad = buf[pos + length - 1] & 0xFF;
            if (pad == 0 || pad > length - RtcpBytes.HEADER) {
                return fail();
            }
        }
        packetOffset = pos;
        packetLength = length;
        packetType = type;
        countOrFmt = first & 0x1F;
        pos += length;
        return true;
    }

    private boolean fail() {
        malformed = true;
        done = true;
        packetOffset = -1;
        packetLength = 0;
        packetType = -1;
        countOrFmt = -1;
        return false;
    }

    /** Packet type (PT) of the current packet, or -1 when there is none. */
    public int packetType() {
        return packetType;
    }

    /** Report/source count or feedback message type of the current packet, or -1 when there is none. */
    public int countOrFmt() {
        return countOrFmt;
    }

    /** Offset of the current packet's first header byte in the wrapped buffer, or -1 when there is none. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet in bytes as given by its length field (padding included). */
    public int packetLength() {
        return packetLength;
    }

    /** True once the iterator has stopped on a malformed packet. */
    public boolean malformed() {
        return malformed;
    }
}
