package dev.chorus.http.signaling;

import java.util.HashMap;
import java.util.Map;

/**
 * The methods of a session's unanswered client requests by protoo id, so an error response can be counted under
 * the method it answers. Bounded: a client that sends requests faster than they are answered stops being tracked
 * beyond {@value #MAX} (those errors count under method "other"). Confined to the session actor.
 */
final class ClientRequests {
    static final int MAX = 256;

    private final Map<Long, String> byId = new HashMap<>();

    void put(long id, String method) {
        if (byId.size() < MAX || byId.containsKey(id)) {
            byId.put(id, method);
        }
    }

    /** The method of request {@code id}, forgotten now; null when it was not tracked. */
    String remove(long id) {
        return byId.remove(id);
    }
}
