package dev.chorus.media.dtls;

/** Life cycle of a {@link DtlsServerSession}. */
public enum DtlsState {
    /** Created, {@code start()} not yet called. */
    NEW,
    /** Handshake running (waiting for or processing the client's flights). */
    CONNECTING,
    /** Handshake complete, SRTP keys exported. */
    CONNECTED,
    /** Handshake failed (timeout, fingerprint mismatch, fatal alert); terminal. */
    FAILED,
    /** Closed locally or by the peer; terminal. */
    CLOSED
}
