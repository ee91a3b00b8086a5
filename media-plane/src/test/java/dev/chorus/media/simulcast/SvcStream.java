package dev.chorus.media.simulcast;

import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic VP9 K-SVC stream for tests (L3T3_KEY-like, any number of spatial layers), built bit by bit from
 * RFC 9628 independently of {@link Vp9Descriptor}: picture n is captured at n/30 s (RTP timestamp tsBase + 3000 n),
 * carries a 15-bit PictureID (non-flexible mode, with TL0PICIDX) and one layer frame per spatial layer, lowest
 * first, each {@code packetsPerLayer} packets (B on the first, E on the last; the RTP marker on the very last
 * packet of the picture). Temporal ids follow the L1T3 pattern 0 2 1 2, with the switching-up (U) bit on the first
 * TL2 and TL1 pictures after a TL0 one. A key picture has TID 0, P clear, D set on its upper layers, and a
 * scalability structure with resolutions (base 320x180, doubling per layer) on its first packet.
 *
 * <p>The bytes after the descriptor tag the packet: {@code 0xB0 | sid}, then the picture number (16 bits) and the
 * packet's index within its layer frame, so a receiver can tell what it got.
 */
public final class SvcStream {
    /** RTP clock ticks per picture (30 fps at 90 kHz). */
    public static final int PICTURE_TICKS = 3000;

    /** One RTP packet of the stream: header fields, layer indices, and its VP9 payload. */
    public record Packet(int seq, long ts, boolean marker, int picture, int sid, int tid, int index, boolean key,
                         byte[] payload) {
        /** The whole RTP packet (version 2, no extensions) with {@code pt} and {@code ssrc}. */
        public byte[] rtp(int pt, long ssrc) {
            byte[] b = new byte[12 + payload.length];
            b[0] = (byte) 0x80;
            b[1] = (byte) ((marker ? 0x80 : 0) | pt);
            b[2] = (byte) (seq >> 8);
            b[3] = (byte) seq;
            putInt(b, 4, ts);
            putInt(b, 8, ssrc);
            System.arraycopy(payload, 0, b, 12, payload.length);
            return b;
        }
    }

    private final int spatialLayers;
    private final int packetsPerLayer;
    private final long tsBase;
    private int seq;
    private int pictureId;
    private int tl0 = 200;

    /** A stream of {@code spatialLayers} (1..8) whose first packet has sequence number {@code firstSeq}. */
    public SvcStream(int spatialLayers, int packetsPerLayer, int firstSeq, long tsBase, int firstPictureId) {
        this.spatialLayers = spatialLayers;
        this.packetsPerLayer = packetsPerLayer;
        this.seq = firstSeq & 0xFFFF;
        this.tsBase = tsBase;
        this.pictureId = (firstPictureId - 1) & 0x7FFF;
    }

    /** Temporal id of picture n (a key picture has 0). */
    public static int tidOf(long n, boolean key) {
        int m = (int) (n & 3);
        return key ? 0 : m == 0 ? 0 : m == 2 ? 1 : 2;
    }

    /** RTP timestamp of picture n. */
    public long ts(long n) {
        return (tsBase + n * PICTURE_TICKS) & 0xFFFF_FFFFL;
    }

    /** The packets of picture n, in sending order (call pictures in order, each once). */
    public List<Packet> picture(long n, boolean key) {
        int tid = tidOf(n, key);
        boolean u = !key && ((n & 3) == 1 || (n & 3) == 2);
        pictureId = (pictureId + 1) & 0x7FFF;
        if (tid == 0) {
            tl0 = (tl0 + 1) & 0xFF;
        }
        List<Packet> out = new ArrayList<>();
        for (int sid = 0; sid < spatialLayers; sid++) {
            for (int k = 0; k < packetsPerLayer; k++) {
                boolean begin = k == 0;
                boolean end = k == packetsPerLayer - 1;
                boolean ss = key && sid == 0 && begin;
                byte[] p = new byte[5 + (ss ? 1 + 4 * spatialLayers : 0) + 4 + 8];
                int i = 0;
                p[i++] = (byte) (0x80 | (key ? 0 : 0x40) | 0x20 | (begin ? 0x08 : 0) | (end ? 0x04 : 0)
                        | (ss ? 0x02 : 0));
                p[i++] = (byte) (0x80 | (pictureId >> 8));
                p[i++] = (byte) pictureId;
                p[i++] = (byte) ((tid << 5) | (u ? 0x10 : 0) | (sid << 1) | (key && sid > 0 ? 1 : 0));
                p[i++] = (byte) tl0;
                if (ss) {
                    p[i++] = (byte) (((spatialLayers - 1) << 5) | 0x10); // N_S, Y; no G
                    for (int s = 0; s < spatialLayers; s++) {
                        int w = 320 << s;
                        int h = 180 << s;
                        p[i++] = (byte) (w >> 8);
                        p[i++] = (byte) w;
                        p[i++] = (byte) (h >> 8);
                        p[i++] = (byte) h;
                    }
                }
                p[i++] = (byte) (0xB0 | sid);
                p[i++] = (byte) (n >> 8);
                p[i++] = (byte) n;
                p[i++] = (byte) k;
                for (; i < p.length; i++) {
                    p[i] = (byte) (0x40 + sid);
                }
                boolean marker = sid == spatialLayers - 1 && end;
                out.add(new Packet(seq, ts(n), marker, (int) n, sid, tid, k, key, p));
                seq = (seq + 1) & 0xFFFF;
            }
        }
        return out;
    }

    /** The tag of a forwarded payload: {sid, picture number, packet index}, read from its descriptor's end. */
    public static int[] tag(byte[] buf, int payloadOff, int payloadLen) {
        Vp9Descriptor d = new Vp9Descriptor();
        if (!d.parse(buf, payloadOff, payloadLen)) {
            throw new AssertionError("unparsable VP9 payload");
        }
        int t = payloadOff + d.length();
        return new int[] {buf[t] & 0x0F, ((buf[t + 1] & 0xFF) << 8) | (buf[t + 2] & 0xFF), buf[t + 3] & 0xFF};
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
