package dev.chorus.media.simulcast;

/**
 * Builds VP8 RTP payloads (descriptor + a few payload bytes) bit by bit from RFC 7741, independently of
 * {@link Vp8Descriptor}, for tests.
 */
final class Vp8Payloads {
    private Vp8Payloads() {
    }

    /**
     * A payload. {@code pidBits} 0 (no PictureID), 7 or 15; {@code tl0} -1 for none; {@code tid} -1 for no T byte;
     * {@code keyIdx} -1 for no K. {@code start}: S=1, PID=0; {@code key}: payload header P bit clear (else set).
     */
    static byte[] payload(boolean start, int pidBits, int pid, int tl0, int tid, boolean y, int keyIdx,
                          boolean key) {
        byte[] b = new byte[16];
        int p = 0;
        boolean x = pidBits != 0 || tl0 >= 0 || tid >= 0 || keyIdx >= 0;
        b[p++] = (byte) ((x ? 0x80 : 0) | (start ? 0x10 : 0));
        if (x) {
            int xb = (pidBits != 0 ? 0x80 : 0) | (tl0 >= 0 ? 0x40 : 0) | (tid >= 0 ? 0x20 : 0)
                | (keyIdx >= 0 ? 0x10 : 0);
            b[p++] = (byte) xb;
            if (pidBits == 15) {
                b[p++] = (byte) (0x80 | (pid >> 8));
                b[p++] = (byte) (pid & 0xFF);
            } else if (pidBits == 7) {
                b[p++] = (byte) (pid & 0x7F);
            }
            if (tl0 >= 0) {
                b[p++] = (byte) tl0;
            }
            if (tid >= 0 || keyIdx >= 0) {
                b[p++] = (byte) (((tid < 0 ? 0 : tid) << 6) | (y ? 0x20 : 0) | (keyIdx < 0 ? 0 : keyIdx));
            }
        }
        b[p++] = (byte) (key ? 0x10 : 0x11); // |Size0|H|VER|P|: P=0 means key frame
        b[p++] = 0x02;
        b[p++] = 0x03;
        byte[] out = new byte[p];
        System.arraycopy(b, 0, out, 0, p);
        return out;
    }

    /** A 15-bit PictureID payload with TL0PICIDX and TID/Y, start of a frame. */
    static byte[] frameStart(int pid, int tl0, int tid, boolean y, boolean key) {
        return payload(true, 15, pid, tl0, tid, y, -1, key);
    }
}
