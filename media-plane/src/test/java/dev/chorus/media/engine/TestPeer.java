package dev.chorus.media.engine;

import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.dtls.DatagramPipe;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.dtls.DtlsTestClient;
import dev.chorus.media.ice.StunTestClient;
import dev.chorus.media.srtp.SrtpProfile;
import dev.chorus.media.srtp.SrtpSession;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser stand-in on one real UDP socket: ICE (a nominating STUN Binding request), a DTLS client handshake, then
 * SRTP both ways. Received media is decrypted by a reader thread into RTP and RTCP queues.
 */
public final class TestPeer implements AutoCloseable {
    final DatagramSocket socket;
    final InetSocketAddress server;
    final DtlsTestClient dtls;
    public final LinkedBlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private volatile SrtpSession srtp;
    private Thread reader;
    private volatile boolean closed;

    public TestPeer(TransportInfo info) throws IOException {
        this(info, SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    /** A peer offering only {@code profiles} (in this order) in its DTLS use_srtp extension. */
    TestPeer(TransportInfo info, SrtpProfile... profiles) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = info.iceCandidates().stream().filter(c -> "udp".equals(c.protocol())).findFirst().orElseThrow().port();
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.dtls = new DtlsTestClient(DatagramPipe.of(socket, server), profiles);
        stunConnect(info);
    }

    public DtlsFingerprint fingerprint() {
        return dtls.fingerprint();
    }

    /** Sends a nominating Binding request and waits for the success response. */
    private void stunConnect(TransportInfo info) throws IOException {
        var req = new StunTestClient.Request(info.iceParameters().usernameFragment(), "clnt",
                info.iceParameters().password()).useCandidate();
        byte[] msg = req.encode();
        socket.send(new DatagramPacket(msg, msg.length, server));
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(5000);
        socket.receive(p);
        if (p.getLength() < 20 || buf[0] != 0x01 || buf[1] != 0x01) {
            throw new IOException("expected a STUN Binding success response");
        }
    }

    /** Runs the DTLS handshake (throws if the server refuses it) and starts reading SRTP. */
    public void handshake() throws IOException {
        DtlsTestClient.Result r = dtls.connect(10_000);
        srtp = new SrtpSession(r.keys());
        reader = new Thread(this::readLoop, "test-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                socket.setSoTimeout(200);
                p.setData(buf, 0, buf.length);
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            int len = p.getLength();
            int b0 = buf[0] & 0xFF;
            if (b0 < 128 || b0 > 191 || len < 12) {
                continue;
            }
            byte[] copy = Arrays.copyOf(buf, len + 64);
            int pt = buf[1] & 0xFF;
            boolean isRtcp = pt >= 192 && pt <= 223;
            int n;
            synchronized (this) {
                n = isRtcp ? srtp.unprotectRtcp(copy, 0, len) : srtp.unprotectRtp(copy, 0, len);
            }
            if (n > 0) {
                (isRtcp ? rtcp : rtp).add(Arrays.copyOf(copy, n));
            }
        }
    }

    public void sendRtp(byte[] plain) throws IOException {
        byte[] b = Arrays.copyOf(plain, plain.length + 64);
        int n;
        synchronized (this) {
            n = srtp.protectRtp(b, 0, plain.length);
        }
        socket.send(new DatagramPacket(b, n, server));
    }

    /** Sends an SRTP packet with one flipped payload byte: it must fail authentication at the server. */
    void sendTamperedRtp(byte[] plain) throws IOException {
        byte[] b = Arrays.copyOf(plain, plain.length + 64);
        int n;
        synchronized (this) {
            n = srtp.protectRtp(b, 0, plain.length);
        }
        b[n - 20] ^= 0x5A;
        socket.send(new DatagramPacket(b, n, server));
    }

    public void sendRtcp(byte[] plain, int len) throws IOException {
        byte[] b = Arrays.copyOf(plain, len + 64);
        int n;
        synchronized (this) {
            n = srtp.protectRtcp(b, 0, len);
        }
        socket.send(new DatagramPacket(b, n, server));
    }

    /**
     * Waits until the server side of {@code transportId} has its SRTP session (the client may finish its handshake
     * a moment before the server does).
     */
    static void awaitServerConnected(MediaPlaneImpl plane, String transportId) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            var stats = plane.transportStats(transportId).toCompletableFuture().get(5, TimeUnit.SECONDS).get(0);
            if ("connected".equals(stats.get("dtlsState")) && stats.containsKey("srtpAuthFailures")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("transport " + transportId + " did not become connected on the server");
    }

    public byte[] nextRtp(long timeoutMs) throws InterruptedException {
        return rtp.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
