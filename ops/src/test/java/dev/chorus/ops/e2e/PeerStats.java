package dev.chorus.ops.e2e;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the per-remote-peer receive counters that the web client and the harness expose. */
final class PeerStats {
    private PeerStats() {
    }

    static long framesDecoded(JsonNode stats, String peerId) {
        return stats.path(peerId).path("video").path("framesDecoded").asLong(0);
    }

    static long videoPackets(JsonNode stats, String peerId) {
        return stats.path(peerId).path("video").path("packetsReceived").asLong(0);
    }

    static long audioPackets(JsonNode stats, String peerId) {
        return stats.path(peerId).path("audio").path("packetsReceived").asLong(0);
    }
}
