package dev.chorus.media.rtp;

import java.io.ByteArrayOutputStream;

/**
 * Builds RTP packets byte by byte for tests: header fields, CSRCs, one-/two-byte or raw extension blocks,
 * payload and padding. Written independently of the code under test so parsing bugs cannot cancel out.
 */
public final class RtpTestPackets {
    private RtpTestPackets() {
    }

    /** A builder with version 2, PT 96, seq 1, ts 1000, SSRC 0x11223344 and no payload. */
    public static Builder rtp() {
        return new Builder();
    }

    /** Mutable builder; every setter returns {@code this}. */
    public static final class Builder {
        private int version = 2;
        private boolean marker;
        private int pt = 96;
        private int seq = 1;
        private long ts = 1000;
        private long ssrc = 0x11223344L;
        private long[] csrcs = new long[0];
        private byte[] extBlock;
        private final ByteArrayOutputStream extData = new ByteArrayOutputStream();
        private int extProfile = -1;
        private byte[] payload = new byte[0];
        private int padding;
        private int leading;

        public Builder version(int v) {
            version = v;
            return this;
        }

        public Builder marker(boolean m) {
            marker = m;
            return this;
        }

        public Builder pt(int p) {
            pt = p;
            return this;
        }

        public Builder seq(int s) {
            seq = s;
            return this;
        }

        public Builder ts(long t) {
            ts = t;
            return this;
        }

        public Builder ssrc(long s) {
            ssrc = s;
            return this;
        }

        public Builder csrcs(long... c) {
            csrcs = c;
            return this;
        }

        /** Adds a one-byte-profile element (id 1..14, value 1..16 bytes). */
        public Builder oneByte(int id, int... value) {
            extProfile = 0xBEDE;
            extData.write((id << 4) | (value.length - 1));
            for (int v : value) {
                extData.write(v);
            }
            return this;
        }

        /** Adds a two-byte-profile element (any id and length 0..255). */
        public Builder twoByte(int id, int... value) {
            extProfile = 0x1000;
            extData.write(id);
            extData.write(value.length);
            for (int v : value) {
                extData.write(v);
            }
            return this;
        }

        /** Adds raw bytes to the extension data (padding zeros, id-15 terminator, garbage). */
        public Builder extRaw(int... bytes) {
            for (int v : bytes) {
                extData.write(v);
            }
            return this;
        }

        /** Uses {@code profile} with the extension data added so far. */
        public Builder extProfile(int profile) {
            extProfile = profile;
            return this;
        }

        /** Uses exactly these bytes (4-byte header included) as the extension block, sets X. */
        public Builder extBlock(int... bytes) {
            extBlock = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                extBlock[i] = (byte) bytes[i];
            }
            return this;
        }

        public Builder payload(int... bytes) {
            payload = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                payload[i] = (byte) bytes[i];
            }
            return this;
        }

        /** Appends {@code n} padding bytes (the last one holds n) and sets P. */
        public Builder padding(int n) {
            padding = n;
            return this;
        }

        /** Puts {@code n} junk bytes before the packet so that it starts at offset n. */
        public Builder leading(int n) {
            leading = n;
            return this;
        }

        public byte[] build() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (int i = 0; i < leading; i++) {
                o.write(0xEE);
            }
            byte[] ext = extensionBlock();
            o.write((version << 6) | (padding > 0 ? 0x20 : 0) | (ext != null ? 0x10 : 0) | csrcs.length);
            o.write((marker ? 0x80 : 0) | pt);
            o.write(seq >> 8);
            o.write(seq);
            u32(o, ts);
            u32(o, ssrc);
            for (long c : csrcs) {
                u32(o, c);
            }
            if (ext != null) {
                o.write(ext, 0, ext.length);
            }
            o.write(payload, 0, payload.length);
            for (int i = 1; i < padding; i++) {
                o.write(0);
            }
            if (padding > 0) {
                o.write(padding);
            }
            return o.toByteArray();
        }

        private byte[] extensionBlock() {
            if (extBlock != null) {
                return extBlock;
            }
            if (extProfile < 0) {
                return null;
            }
            byte[] data = extData.toByteArray();
            int padded = (data.length + 3) / 4 * 4;
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(extProfile >> 8);
            o.write(extProfile);
            o.write((padded / 4) >> 8);
            o.write(padded / 4);
            o.write(data, 0, data.length);
            for (int i = data.length; i < padded; i++) {
                o.write(0);
            }
            return o.toByteArray();
        }

        private static void u32(ByteArrayOutputStream o, long v) {
            o.write((int) (v >> 24));
            o.write((int) (v >> 16));
            o.write((int) (v >> 8));
            o.write((int) v);
        }
    }
}
