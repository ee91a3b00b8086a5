package dev.chorus.http.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The session's memory of unanswered request methods is bounded and forgets what was answered. */
class ClientRequestsTest {

    @Test
    void remembersUpToTheBoundAndForgetsAnsweredRequests() {
        ClientRequests r = new ClientRequests();
        for (int i = 0; i < ClientRequests.MAX + 10; i++) {
            r.put(i, "produce");
        }
        assertEquals("produce", r.remove(0));
        assertNull(r.remove(0), "answered: forgotten");
        assertNull(r.remove(ClientRequests.MAX + 5), "beyond the bound: never tracked");
        r.put(ClientRequests.MAX + 5, "join"); // room again after one was answered
        assertEquals("join", r.remove(ClientRequests.MAX + 5));
        r.put(7, "join"); // a reused id replaces the method, even at the bound
        assertEquals("join", r.remove(7));
    }
}
