package dev.chorus.media.api;

/**
 * Options for a new WebRTC transport.
 *
 * @param forceTcp only offer the TCP candidate
 * @param ownerTag opaque tag echoed in events about this transport (the owning peer)
 */
public record TransportOptions(boolean forceTcp, String ownerTag) {
}
