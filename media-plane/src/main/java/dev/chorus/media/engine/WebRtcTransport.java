package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.bwe.SendSideBwe;
import dev.chorus.media.dtls.DtlsServerSession;
import dev.chorus.media.ice.IceLiteAgent;
import dev.chorus.media.ice.IcePacketHandler;
import dev.chorus.media.ice.IceState;
import dev.chorus.media.ice.IceTuple;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.srtp.SrtpKeys;
import dev.chorus.media.srtp.SrtpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser connection: ICE-lite tuple selection, the DTLS server association, SRTP, and the demultiplexing of
 * each datagram (RFC 7983) to STUN, DTLS, RTP or RTCP. Its producers and consumers live on the same media worker.
 * {@link #onPacket} runs on a socket thread and only hands the datagram over; everything else runs on the worker.
 */
final class WebRtcTransport implements ProducerHost, PacketTarget, IcePacketHandler, IceLiteAgent.Listener, DtlsServerSession.Listener,
        DtlsServerSession.Sender {
    private static final Logger log = LoggerFactory.getLogger(WebRtcTransport.class);

    final String id;
    final String ownerTag;
    final Router router;
    final MediaWorker worker;
    final IceLiteAgent ice;
    final DtlsServerSession dtls;
    final long localSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
    private final MediaPlaneImpl plane;
    private final BufferPool pool;
    private final MediaCounters counters;
    private final SrtpIngress ingress;
    private final Long2ObjectHashMap<ProducerStream> streamsBySsrc = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<Consumer> consumersBySsrc = new Long2ObjectHashMap<>();
    final List<Producer> producers = new ArrayList<>();
    final List<Consumer> consumers = new ArrayList<>();
    private static final int MAX_IN_FLIGHT = 1024;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final UpstreamFeedback upstream = new UpstreamFeedback();
    private volatile IceTuple sendTuple;
    private SrtpSession srtp;
    /**
     * Plain mode, a seam for socket-free tests and benchmarks of the egress path ({@link #connectPlain}): the
     * transport counts as connected without ICE, DTLS or SRTP, and {@link #sendRtp} hands finished RTP to the tuple
     * in the clear. A production transport never is plain (its media is always SRTP).
     */
    private boolean plain;
    private boolean dtlsStarted;
    boolean connectCalled;
    private boolean closed;
    private int nextMid;
    /**
     * The CNAME every producer of this transport carries (MEDIASOUP_COMPAT: the first producer that gives one fixes
     * it, else a random one), so consumers of a peer's audio and video share a CNAME (and a non-empty msid stream,
     * which mediasoup-client derives from it; RID-based simulcast offers carry no CNAME at all).
     */
    final java.util.concurrent.atomic.AtomicReference<String> producerCname = new java.util.concurrent.atomic.AtomicReference<>();
    long bytesReceived;
    long bytesSent;
    long packetsReceived;
    long packetsSent;
    long remb;
    /**
     * Downlink bandwidth estimate of this transport as a sender (transport-cc feedback from the subscriber, or its
     * REMB); see {@link dev.chorus.media.bwe.SendSideBwe}. Worker-confined.
     */
    final SendSideBwe downlink = new SendSideBwe();
    /** Shares {@link #downlink} among the consumers, probes and reports it; see {@link DownlinkControl}. */
    final DownlinkControl downlinkControl;

    WebRtcTransport(String id, String ownerTag, Router router, MediaPlaneImpl plane, TransportParts parts) {
        this.id = id;
        this.ownerTag = ownerTag;
        this.router = router;
        this.worker = router.worker;
        this.plane = plane;
        this.pool = worker.pool;
        this.counters = worker.counters;
        this.ice = parts.newIceAgent(this);
        this.dtls = parts.newDtlsSession(this, this);
        this.ingress = new SrtpIngress(this, counters);
        this.downlinkControl = new DownlinkControl(id, ownerTag, plane.listener(), downlink,
                new PaddingSender(pool, downlink, this::sendRtp));
    }

    // ---- socket thread -------------------------------------------------------------------------------------

    /**
     * Socket thread. A transport may have at most {@link #MAX_IN_FLIGHT} datagrams queued on its worker, so one
     * flooding peer cannot fill the queue that every room on the worker shares.
     */
    @Override
    public void onPacket(IceTuple tuple, byte[] buf, int off, int len) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            counters.dropQueueFull.increment();
            pool.release(buf);
        } else if (!worker.offerPacket(this, tuple, buf, off, len, System.nanoTime())) {
            inFlight.decrementAndGet();
            pool.release(buf);
        }
    }

    @Override
    public void onTupleClosed(IceTuple tuple) {
        worker.execute(() -> {
            if (!closed) {
                ice.onTupleClosed(tuple);
            }
        });
    }

    // ---- worker thread: packets ----------------------------------------------------------------------------

    @Override
    public MediaWorker worker() {
        return worker;
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public String toString() {
        return "transport " + id;
    }

    @Override
    public void handlePacket(IceTuple tuple, byte[] buf, int off, int len, long nowMs, long arrivalNanos) {
        inFlight.decrementAndGet();
        boolean handedOver = false; // RTP buffers go to RtpView, which releases them itself
        try {
            if (closed || len < 1) {
                return;
            }
            int b0 = buf[off] & 0xFF;
            if (b0 < 4) {
                ice.handleStun(tuple, buf, off, len, nowMs, worker.scratch.rtcp);
            } else if (b0 >= 20 && b0 < 64) {
                if (!dtlsStarted) {
                    dtlsStarted = true;
                    dtls.start();
                }
                dtls.receive(buf, off, len);
            } else if (b0 >= 128 && b0 < 192) {
                bytesReceived += len;
                packetsReceived++;
                handedOver = ingress.receive(srtp, buf, off, len, nowMs, arrivalNanos);
            } else {
                counters.dropNotDemuxed.increment();
            }
        } finally {
            if (!handedOver) {
                pool.release(buf);
            }
        }
    }

    ProducerStream streamFor(long ssrc, dev.chorus.media.rtp.RtpPacket rtp) {
        ProducerStream s = streamsBySsrc.get(ssrc);
        if (s != null) {
            return s;
        }
        for (int i = 0; i < producers.size(); i++) {
            s = producers.get(i).resolve(rtp);
            if (s != null) {
                streamsBySsrc.put(ssrc, s);
                return s;
            }
        }
        return null;
    }

    /** Transport-cc arrival time is the socket's receive time, so worker queueing never looks like network delay. */
    void recordTransportCc(int transportSeq, long arrivalNanos) {
        upstream.recordTransportCc(transportSeq, arrivalNanos);
    }

    boolean isConnected() {
        return (srtp != null || plain) && sendTuple != null && !closed;
    }

    /**
     * Test seam (worker thread): connects this transport to {@code sink} without ICE, DTLS or SRTP, so that a
     * consumer's egress (rewrite, extensions, pooled copy, hand-off) can be driven and inspected without sockets
     * or ciphers. RTCP is not sent in this mode (the timers skip a transport without SRTP).
     */
    void connectPlain(IceTuple sink) {
        plain = true;
        sendTuple = sink;
    }

    /** Protects and sends a pooled packet buffer (not a forwarded one: a retransmission); always releases it. */
    void sendRtp(byte[] buf, int len) {
        send(buf, len);
        pool.release(buf);
    }

    /**
     * Protects and sends a packet forwarded from a producer; always releases it. Once the socket has taken it, the
     * time since {@code arrivalNanos} (the socket receive of the original) goes into the worker's transit histogram.
     */
    void sendForwarded(byte[] buf, int len, long arrivalNanos) {
        long before = bytesSent;
        if (send(buf, len)) {
            worker.transit.record(System.nanoTime() - arrivalNanos);
            counters.rtpForwarded.increment();
            counters.rtpForwardedBytes.add(bytesSent - before);
        }
        pool.release(buf);
    }

    private boolean send(byte[] buf, int len) {
        IceTuple t = sendTuple;
        if (t != null && (srtp != null || plain)) {
            int n = plain ? len : srtp.protectRtp(buf, 0, len);
            if (n > 0 && t.send(buf, 0, n)) {
                bytesSent += n;
                packetsSent++;
                counters.rtpOut.increment();
                counters.rtpBytesOut.add(n);
                return true;
            }
        }
        return false;
    }

    /** Protects and sends an RTCP packet built in the worker's scratch buffer. */
    void sendRtcp(byte[] buf, int len) {
        IceTuple t = sendTuple;
        if (t == null || srtp == null || len <= 0) {
            return;
        }
        int n = srtp.protectRtcp(buf, 0, len);
        if (n > 0 && t.send(buf, 0, n)) {
            bytesSent += n;
            counters.rtcpOut.increment();
            counters.rtcpBytesOut.add(n);
        }
    }

    @Override
    public void sendKeyFrameRequest(Producer p, long mediaSsrc) {
        byte[] b = worker.scratch.rtcp;
        int n = p.usePli
                ? RtcpWriter.pli(b, 0, 1200, localSsrc, mediaSsrc)
                : RtcpWriter.fir(b, 0, 1200, localSsrc, mediaSsrc, (p.firSeq++) & 0xFF);
        (p.usePli ? counters.plisSent : counters.firsSent).increment();
        sendRtcp(b, n);
    }

    // ---- worker thread: objects ----------------------------------------------------------------------------

    void addProducer(Producer p) {
        producers.add(p);
        for (ProducerStream s : p.streams) {
            if (s.mediaSsrc >= 0) {
                streamsBySsrc.put(s.mediaSsrc, s);
            }
            if (s.rtxSsrc >= 0) {
                streamsBySsrc.put(s.rtxSsrc, s);
            }
        }
    }

    @Override
    public void removeProducer(Producer p) {
        producers.remove(p);
        streamsBySsrc.values().removeIf(s -> s.producer == p);
        if (srtp != null) {
            for (ProducerStream s : p.streams) {
                if (s.mediaSsrc >= 0) {
                    srtp.removeReceiveSsrc(s.mediaSsrc);
                }
                if (s.rtxSsrc >= 0) {
                    srtp.removeReceiveSsrc(s.rtxSsrc);
                }
            }
        }
    }

    String nextMid() {
        return Integer.toString(nextMid++);
    }

    void addConsumer(Consumer c) {
        consumers.add(c);
        consumersBySsrc.put(c.ssrc, c);
        if (c.rtxSsrc >= 0) {
            consumersBySsrc.put(c.rtxSsrc, c);
        }
        downlinkControl.add(c);
    }

    void removeConsumer(Consumer c) {
        consumers.remove(c);
        downlinkControl.remove(c);
        consumersBySsrc.remove(c.ssrc);
        if (c.rtxSsrc >= 0) {
            consumersBySsrc.remove(c.rtxSsrc);
        }
        if (srtp != null) {
            srtp.removeSendSsrc(c.ssrc);
            if (c.rtxSsrc >= 0) {
                srtp.removeSendSsrc(c.rtxSsrc);
            }
        }
    }

    ProducerStream streamBySsrc(long ssrc) {
        return streamsBySsrc.get(ssrc);
    }

    // ---- timers --------------------------------------------------------------------------------------------

    /**
     * Every ~20 ms: simulcast consumers re-target their layers (throttled to {@link SimulcastLayers#UPDATE_INTERVAL_MS});
     * downlink allocation and probing; NACKs for upstream losses; every 100 ms: transport-cc feedback to the publisher.
     */
    void onFastTick(long nowMs) {
        if (closed || srtp == null) {
            return;
        }
        for (int i = 0; i < consumers.size(); i++) {
            consumers.get(i).onTick(nowMs);
        }
        if (!consumers.isEmpty()) {
            downlinkControl.onTick(nowMs, System.nanoTime() / 1000);
        }
        if (!producers.isEmpty()) {
            upstream.onFastTick(this, nowMs);
        }
    }

    void onSlowTick(long nowMs) {
        if (closed) {
            return;
        }
        ice.checkConsent(nowMs);
        if (closed || srtp == null) {
            return;
        }
        RtcpReports.send(this, worker.scratch, nowMs);
    }

    // ---- ICE / DTLS events -----------------------------------------------------------------------------------

    @Override
    public void onSelectedTuple(IceTuple tuple) {
        sendTuple = tuple;
    }

    @Override
    public void onStateChange(IceState state) {
        if (state == IceState.DISCONNECTED) {
            close("ice disconnected (consent expired)", true);
        }
    }

    /**
     * DTLS handshake thread: a DTLS datagram to send. It is copied and sent from the worker, so that an interrupt
     * of a handshake thread (on close) can never hit the shared media socket in the middle of a send.
     */
    @Override
    public void send(byte[] buf, int off, int len) {
        if (len > BufferPool.BUFFER_SIZE) {
            return;
        }
        byte[] copy = pool.acquire();
        System.arraycopy(buf, off, copy, 0, len);
        worker.execute(() -> {
            IceTuple t = sendTuple;
            if (t != null) {
                t.send(copy, 0, len); // also after close: lets a close_notify out
            }
            pool.release(copy);
        });
    }

    /** DTLS handshake thread: the SRTP session is built here (cipher set-up is slow), then handed to the worker. */
    @Override
    public void onConnected(SrtpKeys keys) {
        SrtpSession session = new SrtpSession(keys);
        worker.execute(() -> {
            if (closed) {
                session.close();
                return;
            }
            srtp = session;
            long now = System.currentTimeMillis();
            log.debug("transport {} connected ({})", id, keys.profile());
            for (Consumer c : consumers) {
                c.requireSync(now);
            }
        });
    }

    @Override
    public void onFailed(String reason) {
        worker.execute(() -> close("dtls failed: " + reason, true));
    }

    @Override
    public void onClosed() {
        worker.execute(() -> close("dtls closed", true));
    }

    /** Closes the transport and everything on it. {@code notify}: report it to the control plane. */
    void close(String reason, boolean notify) {
        if (closed) {
            return;
        }
        closed = true;
        log.debug("transport {} closed: {}", id, reason);
        for (Producer p : new ArrayList<>(producers)) {
            plane.closeProducerOnWorker(p, "transportclose", true);
        }
        for (Consumer c : new ArrayList<>(consumers)) {
            plane.closeConsumerOnWorker(c, "transportclose", false);
        }
        ice.close();
        dtls.close();
        if (srtp != null) {
            srtp.close();
        }
        plane.onTransportClosed(this, reason, notify);
    }

    boolean closed() {
        return closed;
    }

    SrtpSession srtp() {
        return srtp;
    }
}
