package dev.chorus.media.api;

/** Server ICE parameters as mediasoup-client expects them. */
public record IceParameters(String usernameFragment, String password, boolean iceLite) {
}
