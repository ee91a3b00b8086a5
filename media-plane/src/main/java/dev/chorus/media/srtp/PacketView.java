package dev.chorus.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable {@link ByteArrayBuffer} over a caller's {@code (buf, off, len)} so that jitsi-srtp can transform a
 * packet in place without allocating. It never reallocates: {@link #grow(int)} beyond the array only records an
 * overflow (callers check the tail room before a transform, so this is a safety net).
 */
final class PacketView implements ByteArrayBuffer {
    private byte[] buf;
    private int off;
    private int len;
    private boolean overflow;

    /** Points this view at a new packet and clears the overflow flag. */
    PacketView wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.overflow = false;
        return this;
    }

    /** Drops the reference to the caller's array. */
    void clear() {
        this.buf = null;
        this.off = 0;
        this.len = 0;
    }

    /** True if the library asked for more room than the array has. */
    boolean overflowed() {
        return overflow;
    }

    @Override
    public byte[] getBuffer() {
        return buf;
    }

    @Override
    public int getOffset() {
        return off;
    }

    @Override
    public int getLength() {
        return len;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || off + length > buf.length) {
            overflow = true;
            return;
        }
        this.len = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset < 0 || offset + len > buf.length) {
            overflow = true;
            return;
        }
        this.off = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int regionOff, int regionLen, byte[] out) {
        int start = off + regionOff;
        if (regionOff < 0 || regionLen <= 0 || start + regionLen > buf.length || out.length < regionLen) {
            return;
        }
        System.arraycopy(buf, start, out, 0, regionLen);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch > 0 && off + len + howMuch > buf.length) {
            overflow = true;
        }
    }

    @Override
    public void append(byte[] data, int dataLen) {
        if (data == null || dataLen <= 0) {
            return;
        }
        if (off + len + dataLen > buf.length) {
            overflow = true;
            return;
        }
        System.arraycopy(data, 0, buf, off + len, dataLen);
        len += dataLen;
    }

    @Override
    public void shrink(int howMuch) {
        if (howMuch <= 0) {
            return;
        }
        len = howMuch >= len ? 0 : len - howMuch;
    }
}
