package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.peer.PeerEntity;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * What a room says to its peers and answers about itself: notifications to the joined members, the answer to a
 * join, and the room's info. Builds messages from the room's state; sends through sharding.
 */
final class RoomOutbox {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String roomId;
    private final ClusterSharding sharding;

    RoomOutbox(String roomId, ClusterSharding sharding) {
        this.roomId = roomId;
        this.sharding = sharding;
    }

    EntityRef<PeerEntity.Command> peer(String peerId) {
        return sharding.entityRefFor(PeerEntity.TYPE_KEY, PeerEntity.entityId(roomId, peerId));
    }

    /** Tells every joined member but {@code exceptPeerId} (may be null) a protoo notification. */
    void notifyJoined(RoomState s, String exceptPeerId, String method, JsonNode data) {
        s.members().keySet().forEach(id -> {
            if (!id.equals(exceptPeerId)) {
                peer(id).tell(new PeerEntity.NotifyClient(method, data));
            }
        });
    }

    /** An audio producer closed: the others forget it if they parked it (see PeerLastN). */
    void producerGone(RoomState s, String ownerPeerId, String producerId) {
        s.members().keySet().forEach(id -> {
            if (!id.equals(ownerPeerId)) {
                peer(id).tell(new PeerEntity.ProducerGone(producerId));
            }
        });
    }

    void peerClosed(RoomState s, String peerId) {
        notifyJoined(s, peerId, "peerClosed", JSON.objectNode().put("peerId", peerId));
    }

    /** {@code newPeer} for the others, in both the mediasoup-demo shape and the nested {@code peer} form. */
    void newPeer(RoomState s, RoomEntity.Join j) {
        ObjectNode newPeer = JSON.objectNode();
        newPeer.put("id", j.peerId()).put("displayName", j.displayName()).set("device", j.device());
        ObjectNode nested = JSON.objectNode();
        nested.put("peerId", j.peerId()).put("displayName", j.displayName()).set("device", j.device());
        newPeer.set("peer", nested);
        notifyJoined(s, j.peerId(), "newPeer", newPeer);
    }

    void displayNameChanged(RoomState s, String peerId, String displayName, String oldDisplayName) {
        ObjectNode data = JSON.objectNode();
        data.put("peerId", peerId).put("displayName", displayName).put("oldDisplayName", oldDisplayName);
        notifyJoined(s, peerId, "peerDisplayNameChanged", data);
    }

    /**
     * The other joined peers, the producers the joining peer should consume, whether it may publish, and its last-N
     * selection (null if unknown).
     */
    static RoomEntity.JoinResult joinResult(RoomState s, RoomEntity.Join j, PeerEntity.LastNSelection lastN) {
        List<RoomEntity.PeerSummary> others = new ArrayList<>();
        s.members().forEach((id, o) -> {
            if (!id.equals(j.peerId())) {
                others.add(new RoomEntity.PeerSummary(id, o.displayName(), o.device()));
            }
        });
        List<RoomEntity.ProducerSummary> toConsume = new ArrayList<>();
        if (j.consuming()) {
            s.producers().values().forEach(p -> {
                if (!p.peerId().equals(j.peerId())) {
                    toConsume.add(p);
                }
            });
        }
        return new RoomEntity.JoinResult(others, toConsume, s.settings().mayPublish(j.peerId()), lastN);
    }

    RoomEntity.RoomInfo info(RoomState s, RoomPlacement placement) {
        List<RoomEntity.MemberInfo> peers = new ArrayList<>();
        s.members().forEach((id, m) -> peers.add(new RoomEntity.MemberInfo(id, m.displayName(), m.device(),
                placement.nodeOf(id).orElse(m.nodeId()), m.remoteAddress(), m.joinedAt())));
        return new RoomEntity.RoomInfo(roomId, peers, new ArrayList<>(s.producers().values()),
                placement.routerNodes(), s.open(), s.settings(), s.createdBy(), s.openedAt());
    }

    RoomEntity.AdminResult notFound() {
        return new RoomEntity.AdminResult(RoomEntity.AdminResult.Outcome.NOT_FOUND, "room '" + roomId + "' not found",
                null);
    }
}
