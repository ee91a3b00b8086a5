package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** State machine of the agent, driven with hand-built requests and tuples that record what they send. */
class IceLiteAgentTest {
    private static final IceCredentials CREDS = new IceCredentials("srvufrag", "server-password-0123456789");
    private static final long TIMEOUT = 1000;

    private final List<String> events = new ArrayList<>();
    private final IceLiteAgent.Listener listener = new IceLiteAgent.Listener() {
        @Override
        public void onSelectedTuple(IceTuple tuple) {
            events.add("selected " + tuple.remote().getPort());
        }

        @Override
        public void onStateChange(IceState state) {
            events.add(state.name());
        }
    };
    private final IceLiteAgent agent = new IceLiteAgent(CREDS, listener, TIMEOUT);
    private final byte[] scratch = new byte[256];
    private final RecordingTuple t1 = new RecordingTuple(1001);
    private final RecordingTuple t2 = new RecordingTuple(1002);
    private final RecordingTuple t3 = new RecordingTuple(1003);

    private StunTestClient.Request request() {
        return new StunTestClient.Request(CREDS.ufrag(), "cli", CREDS.password());
    }

    private boolean handle(RecordingTuple t, StunTestClient.Request r, long now) {
        byte[] b = r.encode();
        return agent.handleStun(t, b, 0, b.length, now, scratch);
    }

    @Test
    void validRequestWithoutNominationConnects() {
        StunTestClient.Request r = request();
        assertTrue(handle(t1, r, 0));
        StunTestClient.Response resp = t1.lastResponse();
        assertEquals(Stun.BINDING_SUCCESS, resp.type);
        assertArrayEquals(r.transactionId, resp.transactionId);
        assertEquals(t1.remote(), resp.xorMappedAddress);
        assertTrue(resp.integrityValid(CREDS.password()));
        assertTrue(resp.fingerprintOk);
        assertSame(t1, agent.selectedTuple());
        assertEquals(IceState.CONNECTED, agent.state());
        assertEquals(List.of("selected 1001", "CONNECTED"), events);

        assertTrue(handle(t2, request(), 1));
        assertSame(t1, agent.selectedTuple(), "a non-nominating request does not move the selection");
        assertEquals(2, events.size());
    }

    @Test
    void useCandidateSelectsAndNewestWins() {
        assertTrue(handle(t1, request().useCandidate(), 0));
        assertEquals(IceState.COMPLETED, agent.state());
        assertTrue(handle(t2, request().useCandidate(), 1));
        assertSame(t2, agent.selectedTuple());
        assertTrue(handle(t1, request(), 2));
        assertSame(t2, agent.selectedTuple());
        assertEquals(List.of("selected 1001", "COMPLETED", "selected 1002"), events);
    }

    @Test
    void renominationFollowsTheHighestNominationValue() {
        assertTrue(handle(t1, request().nomination(1), 0));
        assertTrue(handle(t2, request().nomination(3), 1));
        assertSame(t2, agent.selectedTuple());
        assertTrue(handle(t1, request().nomination(2).useCandidate(), 2), "stale nomination is still a valid check");
        assertSame(t2, agent.selectedTuple());
        assertTrue(handle(t1, request().nomination(4), 3));
        assertSame(t1, agent.selectedTuple());
        assertTrue(handle(t3, request().nomination(0x7FFFFFFF), 4));
        assertSame(t3, agent.selectedTuple());
        assertEquals(IceState.COMPLETED, agent.state());
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("wrong password", (Mutation) r -> r.password = "wrong-password-0123456789", 401, false),
                Arguments.of("no USERNAME", (Mutation) r -> r.username = null, 400, false),
                Arguments.of("no MESSAGE-INTEGRITY", (Mutation) r -> r.integrity = false, 400, false),
                Arguments.of("ICE-CONTROLLED", (Mutation) r -> {
                    r.controlling = false;
                    r.controlled = true;
                }, 487, true),
                Arguments.of("unknown ufrag", (Mutation) r -> r.username = "nobody:cli", -1, false),
                Arguments.of("USERNAME without colon", (Mutation) r -> r.username = CREDS.ufrag(), -1, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void invalidRequestsAreAnsweredOrDroppedAndSelectNothing(String name, Mutation m, int code, boolean signed) {
        StunTestClient.Request r = request().useCandidate();
        m.apply(r);
        assertFalse(handle(t1, r, 0));
        if (code < 0) {
            assertTrue(t1.sent.isEmpty());
        } else {
            StunTestClient.Response resp = t1.lastResponse();
            assertEquals(Stun.BINDING_ERROR, resp.type);
            assertEquals(code, resp.errorCode);
            assertEquals(signed, resp.integrityValid(CREDS.password()));
            assertTrue(resp.fingerprintOk);
        }
        assertNull(agent.selectedTuple());
        assertEquals(IceState.NEW, agent.state());
        assertTrue(events.isEmpty());
    }

    @Test
    void badFingerprintIsDroppedSilently() {
        byte[] b = request().encode();
        b[b.length - 1] ^= 1;
        assertFalse(agent.handleStun(t1, b, 0, b.length, 0, scratch));
        assertTrue(t1.sent.isEmpty());
    }

    @Test
    void indicationsResponsesAndGarbageAreIgnored() {
        byte[] b = request().encode();
        b[1] = 0x11; // Binding indication
        assertFalse(agent.handleStun(t1, b, 0, b.length, 0, scratch));
        byte[] resp = new byte[Stun.MAX_SUCCESS_SIZE];
        int n = Stun.writeBindingSuccess(resp, 0, new byte[12], t1.remote(), CREDS.key());
        assertFalse(agent.handleStun(t1, resp, 0, n, 0, scratch));
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] g = request().useCandidate().encode();
            int mi = Stun.findAttribute(g, 0, g.length, Stun.ATTR_MESSAGE_INTEGRITY);
            for (int k = 0; k < 3; k++) {
                // anything covered by MESSAGE-INTEGRITY; a changed FINGERPRINT header would only make it ignored
                g[rnd.nextInt(mi + 24)] ^= (byte) (1 + rnd.nextInt(255));
            }
            agent.handleStun(t1, g, 0, g.length - rnd.nextInt(2) * 4, 0, scratch);
        }
        assertFalse(agent.handleStun(t1, b, -3, 10, 0, scratch));
        assertEquals(IceState.NEW, agent.state());
    }

    static Stream<Long> startTimes() {
        return Stream.of(0L, 1_700_000_000_000L, Long.MAX_VALUE - 1500, -5000L);
    }

    @ParameterizedTest
    @MethodSource("startTimes")
    void consentExpiresAndComesBack(long t0) {
        assertTrue(handle(t1, request().useCandidate(), t0));
        agent.checkConsent(t0 + TIMEOUT - 1);
        assertEquals(IceState.COMPLETED, agent.state());
        agent.checkConsent(t0 + TIMEOUT);
        assertEquals(IceState.DISCONNECTED, agent.state());
        agent.checkConsent(t0 + TIMEOUT + 500);
        assertEquals(List.of("selected 1001", "COMPLETED", "DISCONNECTED"), events, "listener told once");
        assertTrue(handle(t1, request(), t0 + 2 * TIMEOUT));
        assertEquals(IceState.COMPLETED, agent.state());
        assertSame(t1, agent.selectedTuple());
        agent.checkConsent(t0 + 3 * TIMEOUT - 1);
        assertEquals(IceState.COMPLETED, agent.state());
    }

    @Test
    void whileDisconnectedAnotherLiveTupleTakesOver() {
        assertTrue(handle(t1, request(), 0));
        agent.checkConsent(TIMEOUT);
        assertEquals(IceState.DISCONNECTED, agent.state());
        assertTrue(handle(t2, request(), TIMEOUT + 1));
        assertSame(t2, agent.selectedTuple());
        assertEquals(IceState.CONNECTED, agent.state());
    }

    @Test
    void restartAcceptsOldUfragUntilNewOneIsUsed() {
        IceCredentials next = new IceCredentials("newufrag", "new-password-0123456789ab");
        assertSame(next, agent.restart(next));
        assertEquals(next, agent.credentials());
        assertTrue(agent.acceptsUfrag("srvufrag"));
        assertTrue(agent.acceptsUfrag("newufrag"));
        assertArrayEquals(CREDS.key(), agent.keyFor("srvufrag"));
        assertArrayEquals(next.key(), agent.keyFor("newufrag"));

        assertTrue(handle(t1, request().useCandidate(), 0), "old credentials still valid");
        assertTrue(agent.acceptsUfrag("srvufrag"));
        StunTestClient.Request fresh = new StunTestClient.Request("newufrag", "cli2", next.password());
        assertTrue(handle(t2, fresh.useCandidate(), 1));
        assertTrue(t2.lastResponse().integrityValid(next.password()));
        assertFalse(agent.acceptsUfrag("srvufrag"));
        assertNull(agent.keyFor("srvufrag"));
        assertFalse(handle(t1, request(), 2), "old ufrag dropped after the first valid new request");
        assertTrue(t1.sent.size() == 1);
        assertSame(t2, agent.selectedTuple());
    }

    @Test
    void restartResetsRenominationCounter() {
        assertTrue(handle(t1, request().nomination(9), 0));
        IceCredentials next = agent.restart(new IceCredentials("newufrag", "new-password-0123456789ab"));
        assertTrue(handle(t2, new StunTestClient.Request("newufrag", "c", next.password()).nomination(1), 1));
        assertSame(t2, agent.selectedTuple());
    }

    @Test
    void twoRestartsBeforeUseKeepTheCredentialsInUse() {
        assertTrue(handle(t1, request(), 0));
        agent.restart(new IceCredentials("second", "second-password-0123456789"));
        agent.restart(new IceCredentials("third", "third-password-0123456789"));
        assertTrue(agent.acceptsUfrag("srvufrag"));
        assertFalse(agent.acceptsUfrag("second"));
        assertTrue(agent.acceptsUfrag("third"));
        assertFalse(agent.acceptsUfrag(null));
    }

    @Test
    void closingTheSelectedTupleFallsBackToARecentlyValidOne() {
        assertTrue(handle(t2, request(), 0));
        assertTrue(handle(t1, request().useCandidate(), 100));
        assertTrue(handle(t3, request(), 200));
        agent.checkConsent(300);
        t1.close();
        agent.onTupleClosed(t1);
        assertSame(t3, agent.selectedTuple(), "most recently valid wins");
        assertEquals(IceState.CONNECTED, agent.state());
        agent.onTupleClosed(t3);
        assertSame(t2, agent.selectedTuple());
        agent.checkConsent(TIMEOUT + 1);
        agent.onTupleClosed(t2);
        assertNull(agent.selectedTuple());
        assertEquals(IceState.DISCONNECTED, agent.state());
        agent.onTupleClosed(t2);
    }

    @Test
    void closingTheSelectedTupleWithOnlyStaleOthersDisconnects() {
        assertTrue(handle(t2, request(), 0));
        assertTrue(handle(t1, request().useCandidate(), TIMEOUT + 10));
        agent.onTupleClosed(t1);
        assertNull(agent.selectedTuple());
        assertEquals(IceState.DISCONNECTED, agent.state());
    }

    @Test
    void closeIsFinal() {
        assertTrue(handle(t1, request().useCandidate(), 0));
        agent.close();
        assertEquals(IceState.CLOSED, agent.state());
        assertNull(agent.selectedTuple());
        assertFalse(handle(t1, request().useCandidate(), 1));
        agent.checkConsent(10 * TIMEOUT);
        assertEquals(IceState.CLOSED, agent.state());
        assertEquals("CLOSED", events.get(events.size() - 1));
    }

    @Test
    void closedTupleIsIgnored() {
        t1.close();
        assertFalse(handle(t1, request().useCandidate(), 0));
        assertTrue(t1.sent.isEmpty());
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new IceLiteAgent(CREDS, listener, 0));
        assertEquals(IceLiteAgent.DEFAULT_CONSENT_TIMEOUT_MS, new IceLiteAgent(CREDS, listener).consentTimeoutMs());
    }

    @FunctionalInterface
    interface Mutation {
        void apply(StunTestClient.Request r);
    }

    /** A tuple that keeps copies of what the agent sends on it (no socket involved). */
    static final class RecordingTuple extends IceTuple {
        final List<byte[]> sent = new ArrayList<>();

        RecordingTuple(int port) {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "udp");
        }

        @Override
        public boolean send(byte[] buf, int off, int len) {
            sent.add(Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        void close() {
            markClosed();
        }

        StunTestClient.Response lastResponse() {
            return StunTestClient.Response.decode(sent.get(sent.size() - 1));
        }
    }
}
