package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.rtp.RtpPacket;

/**
 * Benchmark rig for one consumer's egress: {@link Consumer#forward} of a producer packet as ingress leaves it
 * (router payload type and SSRC, the browser's extension ids), i.e. the gap-free sequence number, the SSRC and
 * payload type rewrite, the extension block rebuilt (MID, abs-send-time, transport-wide sequence number, copied
 * audio level or video orientation), the copy into a pooled buffer, the sent-sequence record, send statistics and
 * the hand-off to the transport, which gives the buffer to a {@link SinkTuple} in the clear (plain mode: no SRTP,
 * no socket) and returns it to the pool.
 *
 * <p>The objects are the engine's own, made through the media plane. After set-up the calling thread drives them:
 * the worker never touches them again (a transport without SRTP has no timers), so no hand-off is measured.
 */
public final class RewriteRig implements AutoCloseable {
    private final BenchPlane bench = new BenchPlane();
    private final BenchMedia media;
    private final Consumer consumer;
    private final ProducerStream stream;
    private final SinkTuple sink;
    private final byte[] buf = new byte[BufferPool.BUFFER_SIZE];
    private final RtpPacket rtp = new RtpPacket();
    private int n;
    private long nowMs;
    private long arrivalNanos;

    public RewriteRig(BenchMedia media) {
        this.media = media;
        try {
            bench.transport("pub");
            Producer producer = bench.produce("pub", "p", media);
            WebRtcTransport sub = bench.transport("sub");
            consumer = bench.consume("sub", "c", "p");
            sink = bench.connectPlain(sub);
            stream = producer.streams[0];
            int routerPt = producer.ptMap[media.payloadType];
            // Packet 0 is a key frame (a video consumer starts on one); the template then becomes a delta packet.
            for (boolean key : new boolean[] {true, false}) {
                int len = media.write(buf, n, key);
                if (!rtp.wrap(buf, 0, len)) {
                    throw new IllegalStateException("bad template packet");
                }
                rtp.setPayloadType(routerPt);
                rtp.setSsrc(stream.mappedSsrc);
                if (key) {
                    nowMs = System.currentTimeMillis();
                    arrivalNanos = System.nanoTime();
                    consumer.forward(rtp, stream, true, null, nowMs, arrivalNanos);
                    n++;
                }
            }
            if (sink.rtpPackets != 1) {
                throw new IllegalStateException("the consumer did not forward the key frame");
            }
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    /**
     * The benchmark operation: the next packet (sequence number and timestamp advanced) through the consumer's
     * egress. Returns the number of packets the sink has received; throws if this one was not forwarded.
     */
    public long forwardNext() {
        int seq = n & 0xFFFF;
        rtp.setSequenceNumber(seq);
        rtp.setTimestamp((long) n * media.timestampStep);
        if ((n & 255) == 0) {
            nowMs = System.currentTimeMillis(); // the worker reads the clock once per drained batch of up to 256
            arrivalNanos = System.nanoTime();   // stands for the socket receive stamp of the batch
        }
        n++;
        long before = sink.rtpPackets;
        consumer.forward(rtp, stream, false, null, nowMs, arrivalNanos);
        if (sink.rtpPackets != before + 1) {
            throw new IllegalStateException("packet " + seq + " was not forwarded");
        }
        return sink.rtpPackets;
    }

    /** The last packet the consumer sent (plain RTP), in a reusable view. */
    RtpPacket lastOutput(RtpPacket view) {
        return view.wrap(sink.last(), 0, sink.lastLength()) ? view : null;
    }

    /** The producer packet as the consumer last saw it. */
    RtpPacket input() {
        return rtp;
    }

    Consumer consumer() {
        return consumer;
    }

    /** The consumer's RTP parameters, as the media plane answered its creation. */
    dev.chorus.media.ortc.RtpParameters consumerParameters() {
        return bench.consumerInfo("c").rtpParameters();
    }

    /** Buffers the plane's pool had to allocate (a leak on the egress path would make this grow). */
    long poolAllocations() {
        return bench.plane.bufferPool().allocated();
    }

    @Override
    public void close() {
        bench.close();
    }
}
