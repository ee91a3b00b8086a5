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

    /** Peer id to node id. */
    private final Map<String, String> placement = new LinkedHashMap<>();
    private final Map<String, RouterOnNode> routers = new HashMap<>();
    /** The media-node reference of each node id seen (from load queries and joins); a recovered room learns them. */
    private final Map<String, NodeRef> known = new HashMap<>();

    /** The node id the peer is placed on, or null. */
    String placementOf(String peerId) {
        return placement.get(peerId);
    }

    /** The reference of a node id, if known. */
    NodeRef ref(String nodeId) {
        return nodeId == null ? null : known.get(nodeId);
    }

    void learn(NodeRef node) {
        if (node != null) {
            known.put(node.nodeId(), node);
        }
    }

    void place(String peerId, NodeRef node) {
        learn(node);
        placement.put(peerId, node.nodeId());
    }

    /** A placement known only by node id (a recovered member); the reference is learned later. */
    void place(String peerId, String nodeId) {
        placement.put(peerId, nodeId);
    }

    /** Forgets a peer's placement; returns its node id if the room has no other peer there (its router can go). */
    Optional<String> unplace(String peerId) {
        String node = placement.remove(peerId);
        if (node == null || peersOn(node) > 0) {
            return Optional.empty();
        }
        return Optional.of(node);
    }

    int peersOn(String nodeId) {
        int n = 0;
        for (String r : placement.values()) {
            if (r.equals(nodeId)) {
                n++;
            }
        }
        return n;
    }

    /** Runs {@link Placement#choose} over the answering nodes, counting this room's placements as load too. */
    Optional<NodeRef> choose(List<MediaNode.Load> loads, int capacity) {
        Map<String, Integer> room = new HashMap<>();
        placement.values().forEach(n -> room.merge(n, 1, Integer::sum));
        List<Placement.NodeLoad> nodes = new ArrayList<>();
        Map<String, NodeRef> refs = new HashMap<>();
        for (MediaNode.Load l : loads) {
            int roomHere = room.getOrDefault(l.node().nodeId(), 0);
            nodes.add(new Placement.NodeLoad(l.node().nodeId(), Math.max(l.peers(), roomHere)));
            refs.put(l.node().nodeId(), l.node());
            learn(l.node());
        }
        return Placement.choose(nodes, room, capacity).map(refs::get);
    }

    /** Node ids the room has peers or routers on. */
    java.util.Set<String> nodesInUse() {
        java.util.Set<String> ids = new java.util.TreeSet<>(routers.keySet());
        ids.addAll(placement.values());
        return ids;
    }

    List<String> peersOnNode(String nodeId) {
        List<String> ids = new ArrayList<>();
        placement.forEach((peer, node) -> {
            if (node.equals(nodeId)) {
                ids.add(peer);
            }
        });
        return ids;
    }

    RouterOnNode router(String nodeId) {
        return routers.get(nodeId);
    }

    RouterOnNode newRouter(NodeRef node) {
        learn(node);
        RouterOnNode r = new RouterOnNode(node);
        routers.put(node.nodeId(), r);
        return r;
    }

    RouterOnNode removeRouter(String nodeId) {
        return routers.remove(nodeId);
    }

    /** Forgets everything about a node that is gone (its reference too). */
    void forgetNode(String nodeId) {
        routers.remove(nodeId);
        known.remove(nodeId);
    }

    /** Forgets all placements and routers (the room closed). */
    void clear() {
        placement.clear();
        routers.clear();
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
