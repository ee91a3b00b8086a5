package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.buffer.BufferPool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ICE-lite over a real UDP socket on 127.0.0.1: admission, answers, demux, nomination, consent, restart. */
class UdpLoopbackTest {
    private static final IceCredentials CREDS = new IceCredentials("udpufrag0123", "udp-password-0123456789abcdef");
    private static final long CONSENT_MS = 20_000;
    private static final int WAIT_MS = 3000;
    private static final byte[] RTP = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 42, 43};

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final BufferPool pool = new BufferPool(64);
    private final List<StunTestClient> clients = new ArrayList<>();
    private IceDemux demux;
    private UdpMediaEndpoint endpoint;
    private LoopbackTransport transport;

    @BeforeEach
    void setUp() {
        start(IceDemux.DEFAULT_MAX_TUPLES_PER_AGENT);
    }

    private void start(int cap) {
        demux = new IceDemux(cap);
        endpoint = new UdpMediaEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), demux, pool);
        endpoint.start();
        transport = new LoopbackTransport(CREDS, CONSENT_MS, clock, pool);
        demux.register(transport.agent, transport);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (StunTestClient c : clients) {
            c.close();
        }
        endpoint.close();
        transport.close();
    }

    private StunTestClient client() throws Exception {
        StunTestClient c = StunTestClient.udp(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()));
        clients.add(c);
        return c;
    }

    private static StunTestClient.Request request() {
        return new StunTestClient.Request(CREDS.ufrag(), "browser", CREDS.password());
    }

    @Test
    void validRequestIsAnsweredWithMappedAddressAndServerIntegrity() throws Exception {
        assertTrue(endpoint.port() > 0);
        StunTestClient c = client();
        StunTestClient.Response r = c.exchange(request(), WAIT_MS);
        assertNotNull(r);
        assertEquals(Stun.BINDING_SUCCESS, r.type);
        assertEquals(c.localAddress(), r.xorMappedAddress);
        assertTrue(r.integrityValid(CREDS.password()));
        assertFalse(r.integrityValid("udp-password-0123456789abcdeX"));
        assertTrue(r.fingerprintOk);
        assertEquals(1, demux.tupleCount(transport.agent));
        assertEquals(IceState.CONNECTED, transport.state());
        assertEquals(c.localAddress(), transport.selected().remote());
        assertEquals("udp", transport.selected().protocol());
    }

    @Test
    void wrongPasswordGets401AndBindsNothing() throws Exception {
        StunTestClient c = client();
        StunTestClient.Request bad = request();
        bad.password = "not-the-password-0123456789";
        StunTestClient.Response r = c.exchange(bad, WAIT_MS);
        assertNotNull(r);
        assertEquals(Stun.BINDING_ERROR, r.type);
        assertEquals(401, r.errorCode);
        assertEquals(-1, r.integrityOffset);
        assertTrue(r.fingerprintOk);
        assertEquals(0, demux.tupleCount(transport.agent));
        assertEquals(1, endpoint.dropped());
        assertEquals(IceState.NEW, transport.state());
    }

    @Test
    void unknownUfragIsNotAnswered() throws Exception {
        StunTestClient c = client();
        StunTestClient.Request unknown = new StunTestClient.Request("someoneelse", "browser", CREDS.password());
        c.send(unknown.encode());
        StunTestClient.Request valid = request();
        c.send(valid.encode());
        // the endpoint handles datagrams in order: the first answer must already be the valid one's
        StunTestClient.Response first = StunTestClient.Response.decode(c.receive(WAIT_MS));
        assertArrayEquals(valid.transactionId, first.transactionId);
        assertEquals(Stun.BINDING_SUCCESS, first.type);
        assertEquals(1, endpoint.dropped());
    }

    @Test
    void nonStunFromUnknownAddressIsDroppedThenDeliveredOnceKnown() throws Exception {
        StunTestClient c = client();
        c.send(RTP);
        assertNotNull(c.exchange(request(), WAIT_MS));
        assertEquals(1, endpoint.dropped());
        assertEquals(2, endpoint.received());
        assertTrue(transport.media.isEmpty());

        c.send(RTP);
        assertArrayEquals(RTP, transport.media.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(1, endpoint.dropped());
    }

    @Test
    void serverSendsToTheSelectedTuple() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
        IceTuple t = transport.selected();
        assertTrue(t.send(RTP, 0, RTP.length));
        assertArrayEquals(RTP, c.receive(WAIT_MS));
        assertFalse(t.send(RTP, 5, RTP.length), "out-of-range view");
    }

    @Test
    void nominationSelectsTuplesNewestWins() throws Exception {
        StunTestClient a = client();
        StunTestClient b = client();
        assertNotNull(a.exchange(request().useCandidate(), WAIT_MS));
        assertEquals(a.localAddress(), transport.selected().remote());
        assertEquals(IceState.COMPLETED, transport.state());
        assertNotNull(b.exchange(request().useCandidate(), WAIT_MS));
        assertEquals(b.localAddress(), transport.selected().remote());
        assertNotNull(a.exchange(request(), WAIT_MS));
        assertEquals(b.localAddress(), transport.selected().remote());
        assertNotNull(a.exchange(request().nomination(5), WAIT_MS));
        assertEquals(a.localAddress(), transport.selected().remote());
        assertNotNull(b.exchange(request().nomination(4), WAIT_MS));
        assertEquals(a.localAddress(), transport.selected().remote(), "older nomination value loses");
        assertEquals(2, demux.tupleCount(transport.agent));
    }

    @Test
    void consentExpiresWithFakeTimeAndAFreshCheckRestoresIt() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
        long t0 = clock.get();
        transport.call(() -> {
            transport.agent.checkConsent(t0 + CONSENT_MS - 1);
            return null;
        });
        assertEquals(IceState.COMPLETED, transport.state());
        transport.call(() -> {
            transport.agent.checkConsent(t0 + CONSENT_MS + 1);
            return null;
        });
        assertEquals(IceState.DISCONNECTED, transport.state());
        clock.set(t0 + CONSENT_MS + 2);
        assertNotNull(c.exchange(request(), WAIT_MS));
        assertEquals(IceState.COMPLETED, transport.state());
        List<String> events = new ArrayList<>();
        transport.events.drainTo(events);
        assertEquals(List.of("selected " + c.localAddress(), "COMPLETED", "DISCONNECTED", "COMPLETED"), events);
    }

    @Test
    void restartAcceptsNewUfragAndOldUntilNewIsUsed() throws Exception {
        StunTestClient a = client();
        assertNotNull(a.exchange(request().useCandidate(), WAIT_MS));
        IceCredentials next = new IceCredentials("udpufrag-new", "new-password-0123456789abcdef");
        transport.call(() -> transport.agent.restart(next));
        demux.register(transport.agent, transport);

        StunTestClient.Response old = a.exchange(request(), WAIT_MS);
        assertTrue(old.integrityValid(CREDS.password()), "old credentials still answered");

        StunTestClient b = client();
        StunTestClient.Response fresh = b.exchange(
                new StunTestClient.Request(next.ufrag(), "browser2", next.password()).useCandidate(), WAIT_MS);
        assertNotNull(fresh);
        assertEquals(Stun.BINDING_SUCCESS, fresh.type);
        assertTrue(fresh.integrityValid(next.password()));
        assertEquals(b.localAddress(), transport.selected().remote());

        // old ufrag: neither a known tuple nor a new address gets an answer any more
        StunTestClient c = client();
        StunTestClient.Request stale = request();
        c.send(stale.encode());
        a.send(request().encode());
        StunTestClient.Request probe = new StunTestClient.Request(next.ufrag(), "browser", next.password());
        assertNotNull(c.exchange(probe, WAIT_MS), "new ufrag admits c; its first answer is the probe's");
        assertNull(a.receive(300), "known tuple with the old ufrag is not answered");
    }

    @Test
    void unregisterDropsTuplesAndUfrags() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
        IceTuple t = transport.selected();
        demux.unregister(transport.agent);
        assertEquals(0, demux.tupleCount(transport.agent));
        assertTrue(t.isClosed());
        assertFalse(t.send(RTP, 0, RTP.length));
        long dropped = endpoint.dropped();
        c.send(RTP);
        c.send(request().encode());
        assertNull(c.receive(300));
        assertTrue(transport.media.isEmpty());
        assertTrue(transport.closedTuples.isEmpty(), "unregister does not call the handler back");
        // both datagrams were dropped; wait for the receive thread by sending a countable third
        StunTestClient other = client();
        other.send(RTP);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (endpoint.dropped() < dropped + 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(dropped + 3, endpoint.dropped());
    }

    @Test
    void perAgentCapEvictsTheTupleWithOldestStunActivity() throws Exception {
        tearDown();
        clients.clear();
        start(2);
        StunTestClient a = client();
        StunTestClient b = client();
        StunTestClient c = client();
        assertNotNull(a.exchange(request(), WAIT_MS));
        assertNotNull(b.exchange(request(), WAIT_MS));
        assertNotNull(a.exchange(request(), WAIT_MS));
        assertNotNull(c.exchange(request(), WAIT_MS));
        IceTuple evicted = transport.closedTuples.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(evicted);
        assertEquals(b.localAddress(), evicted.remote());
        assertTrue(evicted.isClosed());
        assertEquals(2, demux.tupleCount(transport.agent));
        assertEquals(a.localAddress(), transport.selected().remote());
        // b is unknown again: its media is dropped until it authenticates anew
        b.send(RTP);
        assertNotNull(b.exchange(request(), WAIT_MS));
        assertNull(transport.media.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void closingTheEndpointClosesItsTuples() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
        endpoint.close();
        IceTuple closed = transport.closedTuples.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(closed);
        assertEquals(c.localAddress(), closed.remote());
        assertEquals(IceState.DISCONNECTED, transport.state());
        endpoint.close();
    }

    @Test
    void steadyMediaDoesNotGrowThePool() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
        long before = pool.allocated();
        for (int i = 0; i < 500; i++) {
            c.send(RTP);
            assertNotNull(transport.media.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        }
        assertTrue(pool.allocated() - before <= 2, "pool allocated " + (pool.allocated() - before));
        assertEquals(pool.allocated(), pool.idle());
    }
}
