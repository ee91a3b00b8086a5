package dev.chorus.media.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A room's media on this node: the transports (and through them producers and consumers) and the pipe producers
 * re-injected from other nodes, all pinned to one media worker.
 */
final class Router {
    final String id;
    final MediaWorker worker;
    final List<WebRtcTransport> transports = new ArrayList<>();
    /** Producers of other nodes re-injected here (pipe producers). */
    final List<PipeIn> pipes = new ArrayList<>();
    boolean closed;

    Router(String id, MediaWorker worker) {
        this.id = id;
        this.worker = worker;
    }

    // Backwards by index: a transport that closes during its tick removes only itself, and no copy is made
    // (the fast tick runs every 20 ms on the media worker).
    void onFastTick(long nowMs) {
        for (int i = transports.size() - 1; i >= 0; i--) {
            if (i < transports.size()) {
                transports.get(i).onFastTick(nowMs);
            }
        }
        for (int i = pipes.size() - 1; i >= 0; i--) {
            if (i < pipes.size()) {
                pipes.get(i).onFastTick(nowMs);
            }
        }
    }

    void onSlowTick(long nowMs) {
        for (int i = transports.size() - 1; i >= 0; i--) {
            if (i < transports.size()) {
                transports.get(i).onSlowTick(nowMs);
            }
        }
    }
}
