package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.ice.IceTuple;
import java.net.InetSocketAddress;

/**
 * An in-memory {@link IceTuple} for socket-free benchmarks and tests of the packet path: each datagram the engine
 * sends as RTP is counted and copied into one reusable array, standing in for the copy a socket send makes, with no
 * system call and no allocation (RTCP is accepted and ignored). All tuples of a rig share one {@link Totals},
 * which a waiting thread polls. Written by one thread at a time (the media worker, or the benchmark thread in plain
 * mode).
 */
final class SinkTuple extends IceTuple {
    /** Counts over every tuple of a rig; {@code rtp} is volatile so another thread can wait for it. */
    static final class Totals {
        volatile long rtp;

        /** RTP datagrams sent to any tuple of the rig so far. */
        long rtp() {
            return rtp;
        }
    }

    private final Totals totals;
    private final byte[] last = new byte[BufferPool.BUFFER_SIZE];
    private int lastLength;
    long rtpPackets;

    SinkTuple(int port, Totals totals) {
        super(new InetSocketAddress("127.0.0.1", port), "udp");
        this.totals = totals;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
        if (len < 2 || len > last.length) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        if (pt < 192 || pt > 223) { // RTCP (reports, feedback) is accepted but not counted
            System.arraycopy(buf, off, last, 0, len);
            lastLength = len;
            rtpPackets++;
            totals.rtp++; // one writer at a time: a plain increment of the volatile is enough
        }
        return true;
    }

    /** The last RTP datagram sent, in a reusable array (valid up to {@link #lastLength()}). */
    byte[] last() {
        return last;
    }

    int lastLength() {
        return lastLength;
    }
}
