package dev.chorus.media.ice;

import java.util.Arrays;

/**
 * Reusable holder for the fields of one parsed STUN Binding request, filled by
 * {@link Stun#parseBindingRequest(byte[], int, int, StunRequest)}. Not thread-safe: one instance per thread.
 */
public final class StunRequest {
    /** STUN message type, or -1 before a successful header parse. */
    public int type = -1;
    /** The 12-byte transaction id. */
    public final byte[] transactionId = new byte[Stun.TRANSACTION_ID_SIZE];
    /** USERNAME value ({@code <serverUfrag>:<clientUfrag>}), or null if absent. */
    public String username;
    /** Absolute index of the USERNAME value in the parsed buffer, or -1. */
    public int usernameOffset = -1;
    /** Byte length of the USERNAME value, or 0. */
    public int usernameLength;
    /** PRIORITY (unsigned 32 bits), or 0 if absent. */
    public long priority;
    public boolean useCandidate;
    public boolean iceControlling;
    public boolean iceControlled;
    /** Tie-breaker from ICE-CONTROLLING or ICE-CONTROLLED, or 0. */
    public long tieBreaker;
    public boolean hasIntegrity;
    /** Absolute index of the MESSAGE-INTEGRITY attribute header, or -1. */
    public int integrityOffset = -1;
    /** True if a (well-placed) FINGERPRINT attribute is present; its value is not checked by parsing. */
    public boolean hasFingerprint;
    /** NOMINATION value (attribute 0xC001, masked to 31 bits), or -1 if absent. */
    public int nomination = -1;

    private String localUfrag;

    /** Clears every field so the holder can be reused. */
    public void reset() {
        type = -1;
        Arrays.fill(transactionId, (byte) 0);
        username = null;
        usernameOffset = -1;
        usernameLength = 0;
        priority = 0;
        useCandidate = false;
        iceControlling = false;
        iceControlled = false;
        tieBreaker = 0;
        hasIntegrity = false;
        integrityOffset = -1;
        hasFingerprint = false;
        nomination = -1;
        localUfrag = null;
    }

    /**
     * The server's ufrag: the part of USERNAME before the first ':'. Null if USERNAME is absent, has no ':' or
     * an empty local part.
     */
    public String localUfrag() {
        if (localUfrag == null && username != null) {
            int colon = username.indexOf(':');
            if (colon > 0) {
                localUfrag = username.substring(0, colon);
            }
        }
        return localUfrag;
    }

    /** True if the request nominates its pair (USE-CANDIDATE or NOMINATION present). */
    public boolean nominates() {
        return useCandidate || nomination >= 0;
    }
}
