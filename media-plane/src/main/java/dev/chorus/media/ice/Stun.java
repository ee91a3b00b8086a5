package dev.chorus.media.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Small STUN codec (RFC 5389) covering what an ICE-lite server needs: recognising STUN, parsing Binding
 * requests with the ICE attributes (RFC 8445), checking MESSAGE-INTEGRITY and FINGERPRINT, and writing Binding
 * success and error responses.
 *
 * <p>All methods work on {@code (byte[] b, int off, int len)} views, never throw on malformed input (they return
 * {@code false} or {@code -1}) and keep one {@link Mac} and one {@link CRC32} per thread.
 */
public final class Stun {
    /** Fixed value in bytes 4..7 of every RFC 5389 message. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Size of the STUN header. */
    public static final int HEADER_SIZE = 20;
    /** Length of the transaction id. */
    public static final int TRANSACTION_ID_SIZE = 12;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;
    /** Renomination (draft-thatcher-ice-renomination), as sent by libwebrtc. */
    public static final int ATTR_NOMINATION = 0xC001;

    /** Value XOR-ed into the CRC-32 of a FINGERPRINT attribute. */
    public static final int FINGERPRINT_XOR = 0x5354554e;
    /** Largest response {@link #writeBindingSuccess} produces (IPv6, integrity, fingerprint). */
    public static final int MAX_SUCCESS_SIZE = HEADER_SIZE + 24 + 24 + 8;

    private static final int MI_SIZE = 24;
    private static final int FP_SIZE = 8;
    private static final int MAX_USERNAME = 513;
    private static final int MAX_REASON = 128;

    private static final ThreadLocal<Crypto> CRYPTO = ThreadLocal.withInitial(Crypto::new);

    private Stun() {
    }

    /**
     * True if the view looks like a STUN message: at least 20 bytes, first byte 0..3 (RFC 7983), the magic
     * cookie, and a length field that is a multiple of 4 and equals {@code len - 20}.
     */
    public static boolean isStun(byte[] b, int off, int len) {
        if (!inBounds(b, off, len) || len < HEADER_SIZE || (b[off] & 0xFF) > 3) {
            return false;
        }
        int bodyLen = u16(b, off + 2);
        return i32(b, off + 4) == MAGIC_COOKIE && (bodyLen & 3) == 0 && bodyLen == len - HEADER_SIZE;
    }

    /** The 14-bit message type (method and class bits), or -1 if the view is not STUN. */
    public static int messageType(byte[] b, int off, int len) {
        return isStun(b, off, len) ? u16(b, off) : -1;
    }

    /**
     * Parses a Binding request into {@code out}. Returns false if the view is not STUN, not a Binding request,
     * or has a malformed attribute; {@code out.type} and {@code out.transactionId} are still filled whenever the
     * header is valid, so a caller can answer 400. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are
     * ignored; FINGERPRINT must be last.
     */
    public static boolean parseBindingRequest(byte[] b, int off, int len, StunRequest out) {
        out.reset();
        if (!isStun(b, off, len)) {
            return false;
        }
        out.type = u16(b, off);
        System.arraycopy(b, off + 8, out.transactionId, 0, TRANSACTION_ID_SIZE);
        if (out.type != BINDING_REQUEST) {
            return false;
        }
        int end = off + len;
        int p = off + HEADER_SIZE;
        boolean afterIntegrity = false;
        while (p < end) {
            if (end - p < 4) {
                return false;
            }
            int t = u16(b, p);
            int l = u16(b, p + 2);
            int v = p + 4;
            if (l > end - v) {
                return false;
            }
            int next = v + ((l + 3) & ~3);
            if (t == ATTR_FINGERPRINT) {
                if (l != 4 || next != end) {
                    return false;
                }
                out.hasFingerprint = true;
            } else if (!afterIntegrity) {
                if (!parseAttribute(b, t, v, l, out)) {
                    return false;
                }
                if (t == ATTR_MESSAGE_INTEGRITY) {
                    out.integrityOffset = p;
                    afterIntegrity = true;
                }
            }
            p = next;
        }
        return true;
    }

    private static boolean parseAttribute(byte[] b, int t, int v, int l, StunRequest out) {
        switch (t) {
            case ATTR_USERNAME:
                if (l == 0 || l > MAX_USERNAME) {
                    return false;
                }
                out.usernameOffset = v;
                out.usernameLength = l;
                out.username = new String(b, v, l, StandardCharsets.UTF_8);
                return true;
            case ATTR_PRIORITY:
                if (l != 4) {
                    return false;
                }
                out.priority = i32(b, v) & 0xFFFFFFFFL;
                return true;
            case ATTR_USE_CANDIDATE:
                if (l != 0) {
                    return false;
                }
                out.useCandidate = true;
                return true;
            case ATTR_ICE_CONTROLLED:
            case ATTR_ICE_CONTROLLING:
                if (l != 8) {
                    return false;
                }
                out.tieBreaker = ((long) i32(b, v) << 32) | (i32(b, v + 4) & 0xFFFFFFFFL);
                if (t == ATTR_ICE_CONTROLLING) {
                    out.iceControlling = true;
                } else {
                    out.iceControlled = true;
                }
                return true;
            case ATTR_NOMINATION:
                if (l != 4) {
                    return false;
                }
                out.nomination = i32(b, v) & 0x7FFFFFFF;
                return true;
            case ATTR_MESSAGE_INTEGRITY:
                if (l != 20) {
                    return false;
                }
                out.hasIntegrity = true;
                return true;
            default:
                return true;
        }
    }

    /**
     * Checks MESSAGE-INTEGRITY (RFC 5389 §15.4): HMAC-SHA1 with {@code key} over the message up to the attribute,
     * with the header length counting up to the end of MESSAGE-INTEGRITY. False if absent, malformed or wrong.
     */
    public static boolean verifyIntegrity(byte[] b, int off, int len, byte[] key) {
        if (key == null || key.length == 0 || !isStun(b, off, len)) {
            return false;
        }
        int mi = findAttribute(b, off, len, ATTR_MESSAGE_INTEGRITY);
        if (mi < 0 || u16(b, mi + 2) != 20) {
            return false;
        }
        Crypto c = CRYPTO.get();
        Mac mac = c.macFor(key);
        if (mac == null) {
            return false;
        }
        int adjusted = mi + MI_SIZE - off - HEADER_SIZE;
        mac.update(b, off, 2);
        mac.update((byte) (adjusted >>> 8));
        mac.update((byte) adjusted);
        mac.update(b, off + 4, mi - off - 4);
        try {
            mac.doFinal(c.digest, 0);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < 20; i++) {
            diff |= c.digest[i] ^ b[mi + 4 + i];
        }
        return diff == 0;
    }

    /** Checks that the last attribute is a FINGERPRINT whose value is CRC-32 of what precedes it XOR 0x5354554e. */
    public static boolean verifyFingerprint(byte[] b, int off, int len) {
        if (!isStun(b, off, len)) {
            return false;
        }
        int fp = findAttribute(b, off, len, ATTR_FINGERPRINT);
        if (fp < 0 || u16(b, fp + 2) != 4 || fp + FP_SIZE != off + len) {
            return false;
        }
        CRC32 crc = CRYPTO.get().crc;
        crc.reset();
        crc.update(b, off, fp - off);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == i32(b, fp + 4);
    }

    /**
     * Writes a Binding success response with XOR-MAPPED-ADDRESS (IPv4 or IPv6), MESSAGE-INTEGRITY (omitted when
     * {@code key} is null or empty) and FINGERPRINT. Returns the number of bytes written, or -1 if the arguments
     * are unusable or {@code out} has no room ({@link #MAX_SUCCESS_SIZE} bytes always suffice).
     */
    public static int writeBindingSuccess(byte[] out, int off, byte[] transactionId12, InetSocketAddress mapped,
                                          byte[] key) {
        if (mapped == null || mapped.getAddress() == null) {
            return -1;
        }
        byte[] ip = mapped.getAddress().getAddress();
        boolean v6 = ip.length == 16;
        int attrLen = v6 ? 20 : 8;
        int needed = HEADER_SIZE + 4 + attrLen + integritySize(key) + FP_SIZE;
        if (!writeHeader(out, off, needed, BINDING_SUCCESS, transactionId12)) {
            return -1;
        }
        int p = off + HEADER_SIZE;
        put16(out, p, ATTR_XOR_MAPPED_ADDRESS);
        put16(out, p + 2, attrLen);
        out[p + 4] = 0;
        out[p + 5] = (byte) (v6 ? 2 : 1);
        put16(out, p + 6, mapped.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            // bytes 0..3 XOR the cookie, 4..15 XOR the transaction id (both already in the header)
            out[p + 8 + i] = (byte) (ip[i] ^ out[off + 4 + i]);
        }
        return finish(out, off, p + 4 + attrLen, key);
    }

    /**
     * Writes a Binding error response with ERROR-CODE {@code code} (300..699) and an ASCII {@code reason}
     * (other characters become '?', at most 128 kept), MESSAGE-INTEGRITY if {@code keyOrNull} is given, and
     * FINGERPRINT. Returns the number of bytes written or -1.
     */
    public static int writeBindingError(byte[] out, int off, byte[] transactionId12, int code, String reason,
                                        byte[] keyOrNull) {
        if (code < 300 || code > 699) {
            return -1;
        }
        int reasonLen = reason == null ? 0 : Math.min(reason.length(), MAX_REASON);
        int attrLen = 4 + reasonLen;
        int padded = (attrLen + 3) & ~3;
        int needed = HEADER_SIZE + 4 + padded + integritySize(keyOrNull) + FP_SIZE;
        if (!writeHeader(out, off, needed, BINDING_ERROR, transactionId12)) {
            return -1;
        }
        int p = off + HEADER_SIZE;
        put16(out, p, ATTR_ERROR_CODE);
        put16(out, p + 2, attrLen);
        out[p + 4] = 0;
        out[p + 5] = 0;
        out[p + 6] = (byte) (code / 100);
        out[p + 7] = (byte) (code % 100);
        for (int i = 0; i < reasonLen; i++) {
            char ch = reason.charAt(i);
            out[p + 8 + i] = (byte) (ch >= 0x20 && ch < 0x7F ? ch : '?');
        }
        for (int i = attrLen; i < padded; i++) {
            out[p + 4 + i] = 0;
        }
        return finish(out, off, p + 4 + padded, keyOrNull);
    }

    /** Absolute index of the first attribute of {@code type}, or -1 if absent or the attributes are malformed. */
    static int findAttribute(byte[] b, int off, int len, int type) {
        int end = off + len;
        int p = off + HEADER_SIZE;
        while (end - p >= 4) {
            int l = u16(b, p + 2);
            if (l > end - p - 4) {
                return -1;
            }
            if (u16(b, p) == type) {
                return p;
            }
            p += 4 + ((l + 3) & ~3);
        }
        return -1;
    }

    private static int integritySize(byte[] key) {
        return key == null || key.length == 0 ? 0 : MI_SIZE;
    }

    private static boolean writeHeader(byte[] out, int off, int needed, int type, byte[] tid) {
        if (tid == null || tid.length != TRANSACTION_ID_SIZE || !inBounds(out, off, needed)) {
            return false;
        }
        put16(out, off, type);
        put16(out, off + 2, 0);
        put32(out, off + 4, MAGIC_COOKIE);
        System.arraycopy(tid, 0, out, off + 8, TRANSACTION_ID_SIZE);
        return true;
    }

    /** Appends MESSAGE-INTEGRITY (if keyed) and FINGERPRINT after the attributes ending at {@code p}. */
    private static int finish(byte[] out, int off, int p, byte[] key) {
        Crypto c = CRYPTO.get();
        if (integritySize(key) > 0) {
            Mac mac = c.macFor(key);
            if (mac == null) {
                return -1;
            }
            put16(out, off + 2, p + MI_SIZE - off - HEADER_SIZE);
            mac.update(out, off, p - off);
            put16(out, p, ATTR_MESSAGE_INTEGRITY);
            put16(out, p + 2, 20);
            try {
                mac.doFinal(out, p + 4);
            } catch (GeneralSecurityException | IllegalStateException e) {
                return -1;
            }
            p += MI_SIZE;
        }
        put16(out, off + 2, p + FP_SIZE - off - HEADER_SIZE);
        c.crc.reset();
        c.crc.update(out, off, p - off);
        put16(out, p, ATTR_FINGERPRINT);
        put16(out, p + 2, 4);
        put32(out, p + 4, (int) c.crc.getValue() ^ FINGERPRINT_XOR);
        return p + FP_SIZE - off;
    }

    static boolean inBounds(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= 0 && off <= b.length - len;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int i32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Per-thread HMAC and CRC state; the HMAC key is re-initialised only when it changes. */
    private static final class Crypto {
        private final Mac mac;
        private final CRC32 crc = new CRC32();
        private final byte[] digest = new byte[20];
        private byte[] key;

        Crypto() {
            try {
                mac = Mac.getInstance("HmacSHA1");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 unavailable", e);
            }
        }

        Mac macFor(byte[] k) {
            try {
                if (key == null || !Arrays.equals(key, k)) {
                    key = null;
                    mac.init(new SecretKeySpec(k, "HmacSHA1"));
                    key = k.clone();
                } else {
                    mac.reset();
                }
                return mac;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return null;
            }
        }
    }
}
