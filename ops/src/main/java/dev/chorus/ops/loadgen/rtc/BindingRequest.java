package dev.chorus.ops.loadgen.rtc;

import dev.chorus.media.ice.Stun;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the STUN Binding requests a controlling browser sends to an ICE-lite server (RFC 8445 §7.1.1,
 * RFC 5389): USERNAME {@code serverUfrag:clientUfrag}, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE on the nominating
 * check, MESSAGE-INTEGRITY keyed with the server's ICE password, and FINGERPRINT. One instance per transport
 * (it keeps its HMAC and the last transaction id); checks run every few seconds, so the small allocations of
 * {@link SecureRandom} and {@link Mac} do not matter.
 */
public final class BindingRequest {
    /** Host-candidate priority of a first UDP candidate, as browsers compute it. */
    static final long PRIORITY = 2_122_260_223L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] username;
    private final Mac mac;
    private final long tieBreaker = RANDOM.nextLong();
    private final byte[] transactionId = new byte[Stun.TRANSACTION_ID_SIZE];
    private final CRC32 crc = new CRC32();

    /**
     * @param serverUfrag    the server's ICE username fragment (from {@code iceParameters})
     * @param clientUfrag    our own username fragment
     * @param serverPassword the server's ICE password: the MESSAGE-INTEGRITY key of our requests
     */
    public BindingRequest(String serverUfrag, String clientUfrag, String serverPassword) {
        this.username = (serverUfrag + ":" + clientUfrag).getBytes(StandardCharsets.UTF_8);
        try {
            this.mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(serverPassword.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable", e);
        }
    }

    /** The transaction id of the last request written. */
    public byte[] transactionId() {
        return transactionId;
    }

    /** True if {@code b[0..len)} is a response (success or error) to the last request written. */
    public boolean answers(byte[] b, int len) {
        if (!Stun.isStun(b, 0, len)) {
            return false;
        }
        for (int i = 0; i < Stun.TRANSACTION_ID_SIZE; i++) {
            if (b[8 + i] != transactionId[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a new request (fresh transaction id) at {@code out[0]}; returns its length. {@code out} must hold
     * {@code 20 + 4 + username + 8 + 12 + 4 + 24 + 8} bytes (well under 200 for ICE ufrags).
     */
    public int write(byte[] out, boolean nominate) {
        RANDOM.nextBytes(transactionId);
        put16(out, 0, Stun.BINDING_REQUEST);
        put16(out, 2, 0);
        put32(out, 4, Stun.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, out, 8, transactionId.length);
        int p = Stun.HEADER_SIZE;
        p = attribute(out, p, Stun.ATTR_USERNAME, username.length);
        System.arraycopy(username, 0, out, p - padded(username.length), username.length);
        p = attribute(out, p, Stun.ATTR_PRIORITY, 4);
        put32(out, p - 4, (int) PRIORITY);
        p = attribute(out, p, Stun.ATTR_ICE_CONTROLLING, 8);
        put32(out, p - 8, (int) (tieBreaker >>> 32));
        put32(out, p - 4, (int) tieBreaker);
        if (nominate) {
            p = attribute(out, p, Stun.ATTR_USE_CANDIDATE, 0);
        }
        // MESSAGE-INTEGRITY: the header length counts up to the end of this attribute (RFC 5389 §15.4)
        put16(out, 2, p + 24 - Stun.HEADER_SIZE);
        mac.update(out, 0, p);
        int mi = attribute(out, p, Stun.ATTR_MESSAGE_INTEGRITY, 20);
        try {
            mac.doFinal(out, p + 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
        p = mi;
        // FINGERPRINT: CRC-32 of everything before it, with the length counting the fingerprint too
        put16(out, 2, p + 8 - Stun.HEADER_SIZE);
        crc.reset();
        crc.update(out, 0, p);
        p = attribute(out, p, Stun.ATTR_FINGERPRINT, 4);
        put32(out, p - 4, (int) crc.getValue() ^ Stun.FINGERPRINT_XOR);
        return p;
    }

    /** Writes the attribute header at {@code p}, zeroes the padded value; returns the offset after the value. */
    private static int attribute(byte[] out, int p, int type, int len) {
        put16(out, p, type);
        put16(out, p + 2, len);
        int end = p + 4 + padded(len);
        for (int i = p + 4; i < end; i++) {
            out[i] = 0;
        }
        return end;
    }

    private static int padded(int len) {
        return (len + 3) & ~3;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
