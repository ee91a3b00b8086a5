package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.buffer.BufferPool;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Passive ICE-TCP with RFC 4571 framing over real loopback connections. */
class TcpLoopbackTest {
    private static final IceCredentials CREDS = new IceCredentials("tcpufrag0123", "tcp-password-0123456789abcdef");
    private static final int WAIT_MS = 3000;
    private static final byte[] RTP = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 42, 43};

    private final AtomicLong clock = new AtomicLong(5_000);
    private final BufferPool pool = new BufferPool(64);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private IceDemux demux;
    private TcpMediaEndpoint endpoint;
    private LoopbackTransport transport;
    private InetSocketAddress server;

    @BeforeEach
    void setUp() {
        demux = new IceDemux();
        endpoint = new TcpMediaEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), demux, pool);
        endpoint.start();
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port());
        transport = new LoopbackTransport(CREDS, 20_000, clock, pool);
        demux.register(transport.agent, transport);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        endpoint.close();
        transport.close();
    }

    private StunTestClient client() throws Exception {
        StunTestClient c = StunTestClient.tcp(server);
        closeables.add(c);
        return c;
    }

    private static StunTestClient.Request request() {
        return new StunTestClient.Request(CREDS.ufrag(), "browser", CREDS.password());
    }

    @Test
    void firstFrameBindingRequestIsAnsweredAndMediaFollows() throws Exception {
        StunTestClient c = client();
        StunTestClient.Response r = c.exchange(request().useCandidate(), WAIT_MS);
        assertNotNull(r);
        assertEquals(Stun.BINDING_SUCCESS, r.type);
        assertEquals(c.localAddress(), r.xorMappedAddress);
        assertTrue(r.integrityValid(CREDS.password()));
        assertTrue(r.fingerprintOk);
        assertEquals(IceState.COMPLETED, transport.state());
        IceTuple t = transport.selected();
        assertEquals("tcp", t.protocol());
        assertEquals(c.localAddress(), t.remote());

        c.send(RTP);
        assertArrayEquals(RTP, transport.media.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(t.send(RTP, 0, RTP.length));
        assertArrayEquals(RTP, c.receive(WAIT_MS));
    }

    @Test
    void wrongPasswordGets401ThenTheConnectionCloses() throws Exception {
        StunTestClient c = client();
        StunTestClient.Request bad = request();
        bad.password = "wrong-password-0123456789abc";
        StunTestClient.Response r = c.exchange(bad, WAIT_MS);
        assertNotNull(r);
        assertEquals(401, r.errorCode);
        assertTrue(c.serverClosed(WAIT_MS));
        assertEquals(0, demux.tupleCount(transport.agent));
    }

    @Test
    void unknownUfragClosesWithoutAnswer() throws Exception {
        StunTestClient c = client();
        c.send(new StunTestClient.Request("nobody", "browser", CREDS.password()).encode());
        assertTrue(c.serverClosed(WAIT_MS));
        assertEquals(0, demux.tupleCount(transport.agent));
    }

    @Test
    void nonStunFirstFrameClosesTheConnection() throws Exception {
        StunTestClient c = client();
        c.send(RTP);
        assertTrue(c.serverClosed(WAIT_MS));
        assertTrue(transport.media.isEmpty());
        assertEquals(1, endpoint.dropped());
    }

    @Test
    void oversizedFirstFrameClosesTheConnection() throws Exception {
        StunTestClient c = client();
        c.sendRawStream(new byte[] {(byte) 0x06, (byte) 0x41});
        assertTrue(c.serverClosed(WAIT_MS));
    }

    @Test
    void oversizedFramesAreSkippedAndFramingResyncs() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request(), WAIT_MS));
        byte[] big = new byte[BufferPool.BUFFER_SIZE + 1];
        big[0] = (byte) 0x80;
        c.send(big);
        byte[] exact = new byte[BufferPool.BUFFER_SIZE];
        exact[0] = (byte) 0x80;
        exact[exact.length - 1] = 7;
        c.send(exact);
        c.send(RTP);
        assertArrayEquals(exact, transport.media.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertArrayEquals(RTP, transport.media.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(1, endpoint.dropped());
    }

    @Test
    void framesSplitAcrossWritesAreReassembled() throws Exception {
        StunTestClient c = client();
        byte[] req = request().useCandidate().encode();
        byte[] framed = new byte[req.length + 2 + RTP.length + 2];
        framed[0] = (byte) (req.length >>> 8);
        framed[1] = (byte) req.length;
        System.arraycopy(req, 0, framed, 2, req.length);
        framed[req.length + 2] = 0;
        framed[req.length + 3] = (byte) RTP.length;
        System.arraycopy(RTP, 0, framed, req.length + 4, RTP.length);
        for (byte b : framed) {
            c.sendRawStream(new byte[] {b});
        }
        StunTestClient.Response r = StunTestClient.Response.decode(c.receive(WAIT_MS));
        assertEquals(Stun.BINDING_SUCCESS, r.type);
        assertArrayEquals(RTP, transport.media.poll(WAIT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void peerCloseReportsTheTupleAndDisconnects() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
        IceTuple t = transport.selected();
        c.close();
        assertSame(t, transport.closedTuples.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(t.isClosed());
        assertFalse(t.send(RTP, 0, RTP.length));
        assertEquals(IceState.DISCONNECTED, transport.state());
        assertNull(transport.selected());
        assertEquals(0, demux.tupleCount(transport.agent));
    }

    @Test
    void tcpAndUdpTuplesCoexistAndFailOver() throws Exception {
        try (UdpMediaEndpoint udp = new UdpMediaEndpoint(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), demux, pool)) {
            udp.start();
            StunTestClient u = StunTestClient.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.port()));
            closeables.add(u);
            StunTestClient c = client();
            assertNotNull(u.exchange(request(), WAIT_MS));
            assertNotNull(c.exchange(request().useCandidate(), WAIT_MS));
            assertEquals("tcp", transport.selected().protocol());
            assertEquals(2, demux.tupleCount(transport.agent));
            c.close();
            assertNotNull(transport.closedTuples.poll(WAIT_MS, TimeUnit.MILLISECONDS));
            assertEquals("udp", transport.selected().protocol(), "falls back to the recently valid UDP tuple");
            assertEquals(IceState.CONNECTED, transport.state());
        }
    }

    @Test
    void unregisterClosesTheConnectionWithoutCallback() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request(), WAIT_MS));
        IceTuple t = transport.selected();
        demux.unregister(transport.agent);
        assertTrue(t.isClosed());
        assertTrue(c.serverClosed(WAIT_MS));
        assertNull(transport.closedTuples.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void endpointCloseReportsTuples() throws Exception {
        StunTestClient c = client();
        assertNotNull(c.exchange(request(), WAIT_MS));
        endpoint.close();
        assertNotNull(transport.closedTuples.poll(WAIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(c.serverClosed(WAIT_MS));
    }

    @Test
    void slowReaderFillsThePendingCapWithoutBlockingAndFramesStayIntact() throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(server, WAIT_MS);
        closeables.add(s);
        byte[] req = request().useCandidate().encode();
        byte[] framed = new byte[req.length + 2];
        framed[1] = (byte) req.length;
        System.arraycopy(req, 0, framed, 2, req.length);
        s.getOutputStream().write(framed);
        DataInputStream in = new DataInputStream(s.getInputStream());
        s.setSoTimeout(WAIT_MS);
        byte[] resp = new byte[in.readUnsignedShort()];
        in.readFully(resp);
        assertEquals(Stun.BINDING_SUCCESS, StunTestClient.Response.decode(resp).type);

        IceTuple t = transport.selected();
        byte[] pkt = new byte[1500];
        int sent = 0;
        long start = System.nanoTime();
        while (sent < 100_000 && t.send(pkt(pkt, sent), 0, pkt.length)) {
            sent++;
        }
        assertTrue(sent < 100_000, "send never reported the cap");
        assertTrue(sent > 10, "sent " + sent);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "send must not block");
        for (int i = 0; i < Math.min(sent, 200); i++) {
            int len = in.readUnsignedShort();
            assertEquals(1500, len, "frame " + i);
            byte[] f = new byte[len];
            in.readFully(f);
            assertEquals(i & 0xFF, f[0] & 0xFF);
            assertEquals((i >>> 8) & 0xFF, f[1] & 0xFF);
        }
    }

    private static byte[] pkt(byte[] p, int seq) {
        p[0] = (byte) seq;
        p[1] = (byte) (seq >>> 8);
        return p;
    }
}
