package dev.chorus.media.ice;

/**
 * Per-receive-thread scratch for admitting a packet from an unknown remote: the parsed request and the verdict
 * of {@link IceDemux#admit}. Not thread-safe.
 */
final class StunAdmission {
    /** Authenticated Binding request for a registered agent; {@link #registration} is set. */
    static final int ACCEPT = 0;
    /** Not STUN, not a Binding request, unknown ufrag or malformed: drop silently. */
    static final int DROP = 1;
    /** Known ufrag but MESSAGE-INTEGRITY failed: answer 401 and drop. */
    static final int UNAUTHORIZED = 2;

    final StunRequest request = new StunRequest();
    IceRegistration registration;

    /** Writes the 401 answer for the last admitted request into {@code out}; returns its length or -1. */
    int writeUnauthorized(byte[] out, int off) {
        return Stun.writeBindingError(out, off, request.transactionId, 401, "Unauthorized", null);
    }
}
