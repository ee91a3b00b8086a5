package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ProducerEntity;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GET /api/rooms/{id}}: the room's settings, its joined peers and the node each one's media is on, the nodes
 * where the room has a router, and every producer with its home node, the nodes it is piped to, and its consumers
 * by node.
 */
final class RoomView {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RoomView() {
    }

    /** The room's identity, settings and head count (the answer of create, update and close). */
    static ObjectNode summary(RoomEntity.RoomInfo room) {
        ObjectNode out = JSON.objectNode();
        out.put("id", room.roomId()).put("roomId", room.roomId()).put("open", room.open())
                .put("createdBy", room.createdBy())
                .put("openedAt", room.openedAt() == null ? null : room.openedAt().toString())
                .put("participants", room.peers().size());
        out.set("settings", SettingsJson.write(room.settings()));
        return out;
    }

    static ObjectNode of(RoomEntity.RoomInfo room, Map<String, ProducerEntity.Info> producers) {
        ObjectNode out = summary(room);
        ArrayNode nodes = out.putArray("routerNodes");
        room.routerNodes().forEach(nodes::add);
        ArrayNode peers = out.putArray("peers");
        for (RoomEntity.MemberInfo m : room.peers()) {
            ObjectNode p = peers.addObject();
            p.put("id", m.id()).put("displayName", m.displayName()).put("node", m.nodeId())
                    .put("remoteAddress", m.remoteAddress())
                    .put("joinedAt", m.joinedAt() == null ? null : m.joinedAt().toString());
            p.set("device", m.device());
        }
        ArrayNode list = out.putArray("producers");
        for (RoomEntity.ProducerSummary s : room.producers()) {
            ObjectNode p = list.addObject();
            p.put("id", s.producerId()).put("peerId", s.peerId()).put("kind", s.kind()).put("node", s.nodeId());
            ProducerEntity.Info info = producers.get(s.producerId());
            if (info != null) {
                p.put("paused", info.paused());
                ArrayNode piped = p.putArray("pipedTo");
                info.pipedTo().stream().sorted().forEach(piped::add);
                ArrayNode consumers = p.putArray("consumers");
                info.consumersByNode().forEach((node, ids) -> addConsumers(consumers, node, ids));
            }
        }
        return out;
    }

    private static void addConsumers(ArrayNode consumers, String node, List<String> ids) {
        for (String id : ids) {
            consumers.addObject().put("id", id).put("node", node);
        }
    }
}
