package dev.chorus.actors.room;

import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.placement.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * A room's footprint on the cluster: which node each peer's media is placed on, and the state of the room's
 * router on each node (being created, with the peers waiting for it, or ready). Pure bookkeeping for
 * {@link RoomBehavior}; the messages are sent there.
 */
final class RoomNodes {
    enum RouterState { CREATING, READY }

    static final class RouterOnNode {
        final NodeRef node;
        RouterState state = RouterState.CREATING;
        final List<ActorRef<StatusReply<RoomEntity.Placed>>> waiting = new ArrayList<>();

        RouterOnNode(NodeRef node) {
            this.node = node;
        }
    }

    private final Map<String, NodeRef> placement = new LinkedHashMap<>();
    private final Map<String, RouterOnNode> routers = new HashMap<>();

    NodeRef placementOf(String peerId) {
        return placement.get(peerId);
    }

    void place(String peerId, NodeRef node) {
        placement.put(peerId, node);
    }

    /** Forgets a peer's placement; returns its node if the room has no other peer there (its router can go). */
    Optional<NodeRef> unplace(String peerId) {
        NodeRef node = placement.remove(peerId);
        if (node == null || peersOn(node.nodeId()) > 0) {
            return Optional.empty();
        }
        return Optional.of(node);
    }

    int peersOn(String nodeId) {
        int n = 0;
        for (NodeRef r : placement.values()) {
            if (r.nodeId().equals(nodeId)) {
                n++;
            }
        }
        return n;
    }

    /** Runs {@link Placement#choose} over the answering nodes, counting this room's placements as load too. */
    Optional<NodeRef> choose(List<MediaNode.Load> loads, int capacity) {
        Map<String, Integer> room = new HashMap<>();
        placement.values().forEach(n -> room.merge(n.nodeId(), 1, Integer::sum));
        List<Placement.NodeLoad> nodes = new ArrayList<>();
        Map<String, NodeRef> refs = new HashMap<>();
        for (MediaNode.Load l : loads) {
            int roomHere = room.getOrDefault(l.node().nodeId(), 0);
            nodes.add(new Placement.NodeLoad(l.node().nodeId(), Math.max(l.peers(), roomHere)));
            refs.put(l.node().nodeId(), l.node());
        }
        return Placement.choose(nodes, room, capacity).map(refs::get);
    }

    void restore(Map<String, NodeRef> placements, Map<String, NodeRef> readyRouters) {
        placement.putAll(placements);
        readyRouters.forEach((id, node) -> newRouter(node).state = RouterState.READY);
    }

    Map<String, NodeRef> placements() {
        return new LinkedHashMap<>(placement);
    }

    Map<String, NodeRef> readyRouters() {
        Map<String, NodeRef> ready = new java.util.TreeMap<>();
        routers.forEach((id, r) -> {
            if (r.state == RouterState.READY) {
                ready.put(id, r.node);
            }
        });
        return ready;
    }

    /** Node ids the room has peers or routers on. */
    java.util.Set<String> nodesInUse() {
        java.util.Set<String> ids = new java.util.TreeSet<>(routers.keySet());
        placement.values().forEach(n -> ids.add(n.nodeId()));
        return ids;
    }

    List<String> peersOnNode(String nodeId) {
        List<String> ids = new ArrayList<>();
        placement.forEach((peer, node) -> {
            if (node.nodeId().equals(nodeId)) {
                ids.add(peer);
            }
        });
        return ids;
    }

    RouterOnNode router(String nodeId) {
        return routers.get(nodeId);
    }

    RouterOnNode newRouter(NodeRef node) {
        RouterOnNode r = new RouterOnNode(node);
        routers.put(node.nodeId(), r);
        return r;
    }

    RouterOnNode removeRouter(String nodeId) {
        return routers.remove(nodeId);
    }

    boolean hasRouters() {
        return !routers.isEmpty();
    }

    List<String> routerNodes() {
        List<String> ready = new ArrayList<>();
        routers.forEach((id, r) -> {
            if (r.state == RouterState.READY) {
                ready.add(id);
            }
        });
        ready.sort(String::compareTo);
        return ready;
    }
}
