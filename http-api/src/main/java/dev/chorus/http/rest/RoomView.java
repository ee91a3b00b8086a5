package dev.chorus.http.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ProducerEntity;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GET /api/rooms/{id}}: the room's joined peers and the node each one's media is on, the nodes
 * where the room has a router, and every producer with its home node, the nodes it is piped to, and its consumers
 * by node.
 */
final class RoomView {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RoomView() {
    }

    static ObjectNode of(RoomEntity.RoomInfo room, Map<String, ProducerEntity.Info> producers) {
        ObjectNode out = JSON.objectNode();
        out.put("roomId", room.roomId());
        ArrayNode nodes = out.putArray("routerNodes");
        room.routerNodes().forEach(nodes::add);
        ArrayNode peers = out.putArray("peers");
        for (RoomEntity.MemberInfo m : room.peers()) {
            ObjectNode p = peers.addObject();
            p.put("id", m.id()).put("displayName", m.displayName()).put("node", m.nodeId());
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
