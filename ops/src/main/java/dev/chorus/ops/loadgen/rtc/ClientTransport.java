package dev.chorus.ops.loadgen.rtc;

import dev.chorus.media.ice.Stun;
import dev.chorus.media.srtp.SrtpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebRTC transport as a browser runs it against an ICE-lite SFU, on one UDP socket of its own: nominating
 * STUN checks until the server answers (every 100 ms, for at most 10 s), then a DTLS client handshake on the
 * {@link DtlsHandshakes} pool, then SRTP both ways. Consent checks follow every 4–6 s, as browsers send them.
 * Decrypted RTP and RTCP go to the {@link Media} handler (a publisher's or a subscriber's).
 *
 * <p>Lives on one {@link EventLoop}: every method except construction and {@link #connected()} runs on its thread.
 * Outgoing packets are built in the loop's transmit buffer and protected in place.
 */
public final class ClientTransport implements EventLoop.DatagramReader, MediaSender {
    static final long CHECK_INTERVAL_MS = 100;
    static final long ICE_TIMEOUT_MS = 10_000;
    static final long CONSENT_MIN_MS = 4_000;
    static final long CONSENT_SPREAD_MS = 2_000;

    /** Where a transport's decrypted packets go. */
    public interface Media {
        void onRtp(byte[] buf, int len, long nowNanos);

        void onRtcp(byte[] buf, int len, long nowNanos);
    }

    /** Life cycle of the transport. */
    public enum State { NEW, CHECKING, HANDSHAKING, CONNECTED, FAILED, CLOSED }

    private final EventLoop loop;
    private final TransportParameters params;
    private final DtlsHandshakes dtls;
    private final BindingRequest stun;
    private final byte[] icePassword;
    private final byte[] stunOut = new byte[256];
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final IceTimer iceTimer = new IceTimer();
    private Media media;
    private DatagramChannel channel;
    private SelectionKey key;
    private DtlsHandshakes.Inbox inbox;
    private SrtpSession srtp;
    private State state = State.NEW;
    private long checkingSinceMs;

    public ClientTransport(EventLoop loop, TransportParameters params, DtlsHandshakes dtls) {
        this.loop = loop;
        this.params = params;
        this.dtls = dtls;
        String clientUfrag = "lg" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        this.stun = new BindingRequest(params.iceUfrag(), clientUfrag, params.icePassword());
        this.icePassword = params.icePassword().getBytes(StandardCharsets.UTF_8);
    }

    public TransportParameters parameters() {
        return params;
    }

    /** Completes once SRTP is ready; fails if ICE or DTLS fails. Thread-safe. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** Sets the handler of decrypted packets (before media can arrive). */
    public void media(Media handler) {
        this.media = handler;
    }

    /** Opens the socket (connected to the server's UDP candidate) and starts the ICE checks. */
    public void open() {
        InetSocketAddress server = params.udpCandidate();
        try {
            channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.connect(server);
            key = loop.register(channel, this);
        } catch (IOException e) {
            fail("cannot open a UDP socket to " + server + ": " + e.getMessage());
            return;
        }
        state = State.CHECKING;
        checkingSinceMs = loop.nowMs();
        loop.timers().schedule(iceTimer, loop.nowMs());
    }

    @Override
    public DatagramChannel channel() {
        return channel;
    }

    @Override
    public void onDatagram(byte[] buf, int len, long nowNanos) {
        int b0 = buf[0] & 0xFF;
        if (b0 >= 128 && b0 <= 191) {
            onSrtp(buf, len, nowNanos);
        } else if (b0 < 4) {
            onStun(buf, len);
        } else if (b0 >= 20 && b0 <= 63 && inbox != null) {
            inbox.offer(buf, len);
        }
    }

    private void onSrtp(byte[] buf, int len, long nowNanos) {
        if (srtp == null || media == null || len < 12) {
            return; // before the handshake completed, or too short: dropped as a browser would
        }
        int pt = buf[1] & 0xFF;
        if (pt >= 192 && pt <= 223) {
            int n = srtp.unprotectRtcp(buf, 0, len);
            if (n > 0) {
                media.onRtcp(buf, n, nowNanos);
            }
        } else {
            int n = srtp.unprotectRtp(buf, 0, len);
            if (n > 0) {
                media.onRtp(buf, n, nowNanos);
            }
        }
    }

    private void onStun(byte[] buf, int len) {
        if (!stun.answers(buf, len) || Stun.messageType(buf, 0, len) != Stun.BINDING_SUCCESS
                || !Stun.verifyIntegrity(buf, 0, len, icePassword) || !Stun.verifyFingerprint(buf, 0, len)) {
            return;
        }
        if (state == State.CHECKING) {
            state = State.HANDSHAKING;
            inbox = dtls.start(channel, params.serverFingerprint(), (session, failure) ->
                    loop.execute(() -> handshakeDone(session, failure)));
            scheduleConsent(loop.nowMs());
        }
    }

    private void handshakeDone(SrtpSession session, String failure) {
        inbox = null;
        if (state != State.HANDSHAKING) {
            if (session != null) {
                session.close();
            }
            return;
        }
        if (session == null) {
            fail("DTLS handshake failed: " + failure);
            return;
        }
        srtp = session;
        state = State.CONNECTED;
        connected.complete(null);
    }

    private void scheduleConsent(long nowMs) {
        loop.timers().schedule(iceTimer,
                nowMs + CONSENT_MIN_MS + ThreadLocalRandom.current().nextLong(CONSENT_SPREAD_MS));
    }

    private final class IceTimer extends TimerWheel.Timer {
        @Override
        protected void fire(long nowMs) {
            if (state == State.CHECKING) {
                if (nowMs - checkingSinceMs > ICE_TIMEOUT_MS) {
                    fail("no STUN answer from " + params.udpCandidate() + " within " + ICE_TIMEOUT_MS + " ms");
                    return;
                }
                sendCheck(true);
                loop.timers().schedule(this, nowMs + CHECK_INTERVAL_MS);
            } else if (state == State.HANDSHAKING || state == State.CONNECTED) {
                sendCheck(false);
                scheduleConsent(nowMs);
            }
        }
    }

    private void sendCheck(boolean nominate) {
        int n = stun.write(stunOut, nominate);
        try {
            channel.write(ByteBuffer.wrap(stunOut, 0, n));
        } catch (IOException e) {
            // a lost check; the next one follows
        }
    }

    /** Protects the RTP packet in the loop's transmit buffer in place and sends it. */
    @Override
    public boolean sendRtp(int len) {
        if (srtp == null) {
            return false;
        }
        int n = srtp.protectRtp(loop.txBuffer(), 0, len);
        return n > 0 && loop.send(channel, n);
    }

    /** Like {@link #sendRtp} for an RTCP (compound) packet. */
    @Override
    public boolean sendRtcp(int len) {
        if (srtp == null) {
            return false;
        }
        int n = srtp.protectRtcp(loop.txBuffer(), 0, len);
        return n > 0 && loop.send(channel, n);
    }

    @Override
    public void onReadError(IOException e) {
        // ICMP port unreachable on a connected socket: the server's port is gone; the session will end
    }

    private void fail(String reason) {
        state = State.FAILED;
        closeResources();
        connected.completeExceptionally(new IOException(reason));
    }

    /** Closes the socket and SRTP; idempotent. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeResources();
        connected.completeExceptionally(new IOException("transport closed"));
    }

    private void closeResources() {
        loop.timers().cancel(iceTimer);
        if (inbox != null) {
            inbox.close();
            inbox = null;
        }
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (srtp != null) {
            srtp.close();
            srtp = null;
        }
    }
}
