package dev.chorus.media.engine;

import dev.chorus.media.buffer.BufferPool;
import dev.chorus.media.pipe.PipeFrame;
import dev.chorus.media.pipe.PipeReceiver;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The node's pipe ends by pipe key, and the dispatcher of everything the bridge receives: RTP to the pipe-in that
 * re-injects it, RTCP feedback to the pipe-out it concerns, each on the owning media worker. Lookups read an
 * immutable snapshot (copy-on-write; pipes change rarely), so the receive thread takes no lock and boxes nothing.
 */
final class PipeRegistry implements PipeReceiver {
    private final BufferPool pool;
    private final MediaCounters counters;
    private volatile Long2ObjectHashMap<PipeIn> ins = new Long2ObjectHashMap<>();
    private volatile Long2ObjectHashMap<PipeOut> outs = new Long2ObjectHashMap<>();

    PipeRegistry(BufferPool pool, MediaCounters counters) {
        this.pool = pool;
        this.counters = counters;
    }

    @Override
    public void onPipeMessage(byte type, long pipeKey, byte[] buf, int len) {
        boolean queued = false;
        if (type == PipeFrame.RTP) {
            PipeIn in = ins.get(pipeKey);
            queued = in != null && in.worker().offerPacket(in, null, buf, 0, len, System.nanoTime());
        } else if (type == PipeFrame.RTCP) {
            PipeOut out = outs.get(pipeKey);
            queued = out != null && out.producer.host.worker().offerPacket(out, null, buf, 0, len, System.nanoTime());
        }
        if (!queued) {
            counters.pipeDropUnknown.increment();
            pool.release(buf);
        }
    }

    PipeIn in(long key) {
        return ins.get(key);
    }

    PipeOut out(long key) {
        return outs.get(key);
    }

    synchronized boolean putIn(PipeIn in) {
        if (ins.containsKey(in.key)) {
            return false;
        }
        Long2ObjectHashMap<PipeIn> next = new Long2ObjectHashMap<>(ins);
        next.put(in.key, in);
        ins = next;
        return true;
    }

    synchronized void removeIn(PipeIn in) {
        if (ins.get(in.key) == in) {
            Long2ObjectHashMap<PipeIn> next = new Long2ObjectHashMap<>(ins);
            next.remove(in.key);
            ins = next;
        }
    }

    synchronized boolean putOut(PipeOut out) {
        if (outs.containsKey(out.key)) {
            return false;
        }
        Long2ObjectHashMap<PipeOut> next = new Long2ObjectHashMap<>(outs);
        next.put(out.key, out);
        outs = next;
        return true;
    }

    synchronized void removeOut(PipeOut out) {
        if (outs.get(out.key) == out) {
            Long2ObjectHashMap<PipeOut> next = new Long2ObjectHashMap<>(outs);
            next.remove(out.key);
            outs = next;
        }
    }

    int pipeCount() {
        return ins.size() + outs.size();
    }
}
