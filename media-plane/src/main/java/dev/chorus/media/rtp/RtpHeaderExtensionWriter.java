package dev.chorus.media.rtp;

/**
 * Reusable writer of an RFC 8285 one-byte-profile ({@code 0xBEDE}) header-extension block, used on egress when
 * the extension ids or values of a forwarded packet are rewritten.
 *
 * <p>Usage: {@link #begin} at the position right after the CSRC list, any number of {@link #add} /
 * {@link #addBytes}, then {@link #finish}, which returns the block size to add to the header length. The caller
 * sets the X bit in the fixed header only when {@code finish()} returned a non-zero size. Elements are only
 * accepted while the element plus the zero padding that {@code finish()} may need still fits in the array, so
 * {@code finish()} itself never runs out of room. Nothing is allocated. Not thread-safe.
 */
public final class RtpHeaderExtensionWriter {
    private static final int BLOCK_HEADER = 4;

    private byte[] dst;
    private int start;
    private int pos;
    private int count;
    private int lastValueOffset = -1;

    /** Starts a block at {@code dst[off]}; the 4-byte profile/length header is reserved, not yet written. */
    public void begin(byte[] dst, int off) {
        this.dst = dst;
        this.start = off;
        this.pos = off + BLOCK_HEADER;
        this.count = 0;
        this.lastValueOffset = -1;
    }

    /**
     * Appends element {@code id} with the value {@code src[srcOff..srcOff+len)}. Returns false and writes nothing
     * when {@code id} is not 1..14, {@code len} is not 1..16, the source range is invalid, {@link #begin} was not
     * called, or the element would not fit.
     */
    public boolean add(int id, byte[] src, int srcOff, int len) {
        if (src == null || srcOff < 0 || srcOff > src.length - len || !reserve(id, len)) {
            return false;
        }
        System.arraycopy(src, srcOff, dst, lastValueOffset, len);
        return true;
    }

    /**
     * Appends element {@code id} with {@code len} zeroed value bytes to be filled in later at
     * {@link #lastValueOffset()}. Same validation as {@link #add}.
     */
    public boolean addBytes(int id, int len) {
        if (!reserve(id, len)) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            dst[lastValueOffset + i] = 0;
        }
        return true;
    }

    /** Absolute index in the destination array of the value of the last element added, or -1 if none. */
    public int lastValueOffset() {
        return lastValueOffset;
    }

    /**
     * Zero-pads the block to a multiple of 4 bytes and writes the {@code 0xBEDE} header with the length in
     * 32-bit words. Returns the block size including its 4-byte header, or 0 (writing nothing) when no element
     * was added.
     */
    public int finish() {
        if (dst == null || count == 0) {
            return 0;
        }
        int dataLen = pos - start - BLOCK_HEADER;
        int padded = (dataLen + 3) & ~3;
        for (int i = dataLen; i < padded; i++) {
            dst[start + BLOCK_HEADER + i] = 0;
        }
        int words = padded >>> 2;
        dst[start] = (byte) 0xBE;
        dst[start + 1] = (byte) 0xDE;
        dst[start + 2] = (byte) (words >>> 8);
        dst[start + 3] = (byte) words;
        pos = start + BLOCK_HEADER + padded;
        return BLOCK_HEADER + padded;
    }

    private boolean reserve(int id, int len) {
        if (dst == null || id < 1 || id > 14 || len < 1 || len > 16) {
            return false;
        }
        int end = pos + 1 + len;
        int paddedEnd = start + BLOCK_HEADER + ((end - start - BLOCK_HEADER + 3) & ~3);
        if (start < 0 || paddedEnd > dst.length) {
            return false;
        }
        dst[pos] = (byte) ((id << 4) | (len - 1));
        lastValueOffset = pos + 1;
        pos = end;
        count++;
        return true;
    }
}
