package dev.chorus.ops.e2e;

import dev.chorus.ops.ChorusNode;
import dev.chorus.ops.LoopbackNode;

/** Starts a real Chorus node on loopback with ephemeral ports and two media workers. */
final class TestNode {
    private TestNode() {
    }

    static ChorusNode start() {
        return LoopbackNode.start("chorus.media.workers = 2");
    }
}
