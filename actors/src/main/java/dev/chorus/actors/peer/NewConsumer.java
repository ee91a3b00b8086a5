package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.PeerBehavior.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.ortc.OrtcJson;

/** Builds the data of a newConsumer server request, readable by both demo generations (MEDIASOUP_COMPAT §2.5). */
final class NewConsumer {
    private NewConsumer() {
    }

    static ObjectNode build(ConsumerInfo info, String transportId, String producerPeerId, JsonNode producerAppData) {
        ObjectNode msg = JSON.objectNode();
        msg.put("peerId", producerPeerId);
        msg.put("producerId", info.producerId());
        msg.put("id", info.id());
        msg.put("consumerId", info.id());
        msg.put("transportId", transportId);
        msg.put("kind", info.kind());
        msg.set("rtpParameters", OrtcJson.toJson(info.rtpParameters()));
        msg.put("type", info.type().name().toLowerCase());
        ObjectNode appData = producerAppData != null && producerAppData.isObject()
                ? ((ObjectNode) producerAppData).deepCopy() : JSON.objectNode();
        appData.put("peerId", producerPeerId);
        if (!appData.has("source")) {
            appData.put("source", appData.path("share").asBoolean(false) ? "screensharing" : info.kind());
        }
        if (!appData.has("share")) {
            appData.put("share", "screensharing".equals(appData.path("source").asText()));
        }
        msg.set("appData", appData);
        msg.put("producerPaused", info.producerPaused());
        ObjectNode score = msg.putObject("consumerScore");
        score.put("score", 10).put("producerScore", 10);
        ArrayNode scores = score.putArray("producerScores");
        scores.add(10);
        return msg;
    }
}
