package dev.chorus.actors.media;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pipes of this node lead to or come from which other node, learned from the pipe operations the MediaNode
 * runs, so that the pipes of a node that is gone can be closed here (its pipe producers, and with them their local
 * consumers; its pipe-outs, which would only send into the void).
 */
final class PipesByNode {
    private final Map<String, Map<Long, Boolean>> byNode = new HashMap<>(); // node -> pipe key -> sending end
    private final Map<Long, String> nodeOf = new HashMap<>();

    void track(MediaOp op) {
        if (op instanceof MediaOp.PipeOut o && o.remoteNodeId() != null) {
            add(o.remoteNodeId(), o.pipeKey(), true);
        } else if (op instanceof MediaOp.PipeIn i && i.sourceNodeId() != null) {
            add(i.sourceNodeId(), i.pipeKey(), false);
        } else if (op instanceof MediaOp.ClosePipe c) {
            String node = nodeOf.remove(c.pipeKey());
            if (node != null) {
                Map<Long, Boolean> keys = byNode.get(node);
                keys.remove(c.pipeKey());
                if (keys.isEmpty()) {
                    byNode.remove(node);
                }
            }
        }
    }

    private void add(String node, long key, boolean sending) {
        byNode.computeIfAbsent(node, n -> new HashMap<>()).put(key, sending);
        nodeOf.put(key, node);
    }

    /** Forgets {@code node}; returns the operations that close its pipes here. */
    List<MediaOp.ClosePipe> removeNode(String node) {
        List<MediaOp.ClosePipe> ops = new ArrayList<>();
        Map<Long, Boolean> keys = byNode.remove(node);
        if (keys != null) {
            keys.forEach((key, sending) -> {
                nodeOf.remove(key);
                ops.add(new MediaOp.ClosePipe(key, sending));
            });
        }
        return ops;
    }
}
