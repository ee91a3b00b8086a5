package dev.chorus.actors.placement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a new participant's media goes: a pure function of node load and of where the room already is.
 *
 * <ol>
 *   <li>Nodes the room already uses that are below {@code capacity}: the one holding most of the room (the room
 *       stays on as few nodes as possible, so fewer streams cross between nodes); ties go to the less loaded node,
 *       then to the smaller node id.</li>
 *   <li>Otherwise, spill: the least-loaded node below capacity (ties: the smaller node id).</li>
 *   <li>If every node is at capacity, the least-loaded node anyway — capacity is a target, not a refusal: a
 *       meeting is never turned away because the cluster is full.</li>
 * </ol>
 * A node's load is the number of peers whose media it holds. The caller passes the larger of what the node
 * reported and what the room itself has placed there, so placements not yet visible in the node's own count
 * still count.
 */
public final class Placement {
    private Placement() {
    }

    /** One candidate node: its id and the number of peers whose media it currently holds. */
    public record NodeLoad(String nodeId, int peers) {
        public NodeLoad {
            Objects.requireNonNull(nodeId, "nodeId");
            if (peers < 0) {
                throw new IllegalArgumentException("peers must be >= 0");
            }
        }
    }

    /**
     * Chooses the node for one more peer of a room.
     *
     * @param nodes      the nodes that can take media (must not be empty)
     * @param roomPeers  how many of the room's peers each node holds (nodes not in the map hold none)
     * @param capacity   the target number of peers per node (at least 1)
     * @return the chosen node id, or empty if {@code nodes} is empty
     */
    public static Optional<String> choose(List<NodeLoad> nodes, Map<String, Integer> roomPeers, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        Comparator<NodeLoad> leastLoaded = Comparator.comparingInt(NodeLoad::peers).thenComparing(NodeLoad::nodeId);
        Optional<NodeLoad> inRoom = nodes.stream()
                .filter(n -> roomPeers.getOrDefault(n.nodeId(), 0) > 0 && n.peers() < capacity)
                .min(Comparator.<NodeLoad>comparingInt(n -> -roomPeers.getOrDefault(n.nodeId(), 0))
                        .thenComparing(leastLoaded));
        if (inRoom.isPresent()) {
            return inRoom.map(NodeLoad::nodeId);
        }
        Optional<NodeLoad> free = nodes.stream().filter(n -> n.peers() < capacity).min(leastLoaded);
        if (free.isPresent()) {
            return free.map(NodeLoad::nodeId);
        }
        return nodes.stream().min(leastLoaded).map(NodeLoad::nodeId);
    }
}
