package dev.chorus.media.ice;

/** ICE state of one transport as an ICE-lite agent sees it (the values mediasoup reports). */
public enum IceState {
    /** No valid Binding request yet. */
    NEW,
    /** A valid request arrived and a tuple is selected, but nothing was nominated. */
    CONNECTED,
    /** The browser nominated the selected tuple. */
    COMPLETED,
    /** Consent expired, or the selected tuple closed with no replacement. */
    DISCONNECTED,
    /** The agent was closed. */
    CLOSED
}
