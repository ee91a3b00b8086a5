package dev.chorus.media.codec;

/**
 * Detects whether an RTP payload starts a video key frame, for VP8 (RFC 7741), VP9 (RFC 9628, formerly
 * draft-ietf-payload-vp9) and H.264 (RFC 6184). Reads only the payload bytes given; never allocates or throws:
 * short or malformed payloads are simply not key frames.
 */
public final class KeyFrames {
    private static final int H264_IDR = 5;
    private static final int H264_SPS = 7;
    private static final int H264_STAP_A = 24;
    private static final int H264_FU_A = 28;

    private KeyFrames() {
    }

    /** True when the payload {@code buf[payloadOff..payloadOff+payloadLen)} begins a key frame of {@code codec}. */
    public static boolean isKeyFrame(VideoCodec codec, byte[] buf, int payloadOff, int payloadLen) {
        if (codec == null || buf == null || payloadOff < 0 || payloadLen <= 0
            || payloadOff > buf.length - payloadLen) {
            return false;
        }
        switch (codec) {
            case VP8:
                return vp8(buf, payloadOff, payloadOff + payloadLen);
            case VP9:
                return vp9(buf, payloadOff, payloadOff + payloadLen);
            case H264:
                return h264(buf, payloadOff, payloadOff + payloadLen);
            default:
                return false;
        }
    }

    /** VP8: start of partition 0 (S=1, PID=0) and the payload header's P (inverse key frame) bit clear. */
    private static boolean vp8(byte[] b, int p, int end) {
        int d0 = b[p] & 0xFF;
        boolean start = (d0 & 0x10) != 0 && (d0 & 0x07) == 0;
        p++;
        if ((d0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            int x = b[p++] & 0xFF;
            if ((x & 0x80) != 0) {
                if (p >= end) {
                    return false;
                }
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                p++;
            }
            if ((x & 0x30) != 0) {
                p++;
            }
        }
        if (p >= end) {
            return false;
        }
        return start && (b[p] & 0x01) == 0;
    }

    /** VP9: B (start of frame) set, P (inter-picture predicted) clear, and spatial id 0 when layer info exists. */
    private static boolean vp9(byte[] b, int p, int end) {
        int d0 = b[p] & 0xFF;
        boolean begin = (d0 & 0x08) != 0;
        boolean predicted = (d0 & 0x40) != 0;
        if (!begin || predicted) {
            return false;
        }
        boolean flexible = (d0 & 0x10) != 0;
        p++;
        if ((d0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            p += (b[p] & 0x80) != 0 ? 2 : 1;
        }
        if ((d0 & 0x20) != 0) {
            if (p >= end) {
                return false;
            }
            if (((b[p] >>> 1) & 0x07) != 0) {
                return false;
            }
            p += flexible ? 1 : 2;
        }
        if ((d0 & 0x02) != 0) {
            p = skipScalabilityStructure(b, p, end);
            if (p < 0) {
                return false;
            }
        }
        return p < end;
    }

    /** Returns the index after the VP9 scalability structure starting at {@code p}, or -1 if it is truncated. */
    private static int skipScalabilityStructure(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int ss = b[p++] & 0xFF;
        int spatialLayers = (ss >>> 5) + 1;
        if ((ss & 0x10) != 0) {
            p += 4 * spatialLayers;
        }
        if ((ss & 0x08) != 0) {
            if (p >= end) {
                return -1;
            }
            int groups = b[p++] & 0xFF;
            for (int g = 0; g < groups; g++) {
                if (p >= end) {
                    return -1;
                }
                int refs = (b[p] >>> 2) & 0x03;
                p += 1 + refs;
            }
        }
        return p > end ? -1 : p;
    }

    /** H.264: an IDR slice or SPS as a single NAL unit, inside a STAP-A, or at the start of an FU-A. */
    private static boolean h264(byte[] b, int p, int end) {
        int type = b[p] & 0x1F;
        if (type == H264_STAP_A) {
            return stapA(b, p + 1, end);
        }
        if (type == H264_FU_A) {
            if (p + 2 >= end) {
                return false;
            }
            int fu = b[p + 1] & 0xFF;
            int inner = fu & 0x1F;
            return (fu & 0x80) != 0 && (inner == H264_IDR || inner == H264_SPS);
        }
        return type == H264_IDR || type == H264_SPS;
    }

    /** STAP-A: 16-bit size + NAL unit, repeated; any size of 0 or running past the end makes it malformed. */
    private static boolean stapA(byte[] b, int p, int end) {
        boolean key = false;
        if (p >= end) {
            return false;
        }
        while (p < end) {
            if (p + 2 > end) {
                return false;
            }
            int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            p += 2;
            if (size == 0 || size > end - p) {
                return false;
            }
            int type = b[p] & 0x1F;
            if (type == H264_IDR || type == H264_SPS) {
                key = true;
            }
            p += size;
        }
        return key;
    }
}
