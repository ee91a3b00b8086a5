package dev.chorus.actors.peer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a peer owns in the media plane, by id, and which session and transport each object belongs to. */
final class OwnedMedia {
    final Map<String, Boolean> transports = new LinkedHashMap<>(); // id -> consuming
    final Map<String, String> producers = new LinkedHashMap<>();   // id -> kind
    final Map<String, String> consumers = new LinkedHashMap<>();   // id -> producer id
    final Map<String, Long> transportSession = new HashMap<>();    // transport id -> session number
    final Map<String, String> onTransport = new HashMap<>();       // producer/consumer id -> transport id
}
