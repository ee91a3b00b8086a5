package dev.chorus.actors.peer;

import static dev.chorus.actors.peer.Fields.obj;
import static dev.chorus.actors.peer.Fields.optStr;
import static dev.chorus.actors.peer.Fields.str;
import static dev.chorus.actors.peer.PeerBehavior.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.guard.Refusal;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaOp.Verb;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.OrtcException;
import dev.chorus.media.ortc.OrtcJson;
import dev.chorus.media.ortc.RtpParameters;
import java.util.UUID;

/**
 * The mediasoup-demo room methods (legacy generation, with the 2025 field names answered too) as a peer serves
 * them. Each handler validates, then runs media or room steps through the owning {@link PeerBehavior}.
 */
final class PeerRequests {
    private final PeerBehavior peer;
    private JsonNode routerCaps;

    PeerRequests(PeerBehavior peer) {
        this.peer = peer;
    }

    void handle(long id, String method, JsonNode data) {
        try {
            if (!data.isObject()) {
                throw new BadRequest(400, "request data must be an object");
            }
            switch (method) {
                case "getRouterRtpCapabilities" -> routerCapabilities(id);
                case "createWebRtcTransport" -> createTransport(id, data);
                case "connectWebRtcTransport" -> connectTransport(id, data);
                case "restartIce" -> restartIce(id, data);
                case "join" -> join(id, data);
                case "produce" -> produce(id, data);
                case "closeProducer" -> producerVerb(id, data, Verb.Action.CLOSE);
                case "pauseProducer" -> producerVerb(id, data, Verb.Action.PAUSE);
                case "resumeProducer" -> producerVerb(id, data, Verb.Action.RESUME);
                case "pauseConsumer" -> consumerPaused(id, data, true);
                case "resumeConsumer" -> consumerPaused(id, data, false);
                case "requestConsumerKeyFrame" -> consumerVerb(id, data, Verb.Action.KEY_FRAME);
                case "changeDisplayName" -> changeDisplayName(id, data);
                case "getTransportStats" -> stats(id, Verb.Target.TRANSPORT, owned(peer.owned.transports.containsKey(
                        str(data, "transportId")), "transport", data.get("transportId").asText()));
                case "getProducerStats" -> stats(id, Verb.Target.PRODUCER, owned(peer.owned.producers.containsKey(
                        str(data, "producerId")), "producer", data.get("producerId").asText()));
                case "getConsumerStats" -> stats(id, Verb.Target.CONSUMER, owned(peer.owned.consumers.containsKey(
                        str(data, "consumerId")), "consumer", data.get("consumerId").asText()));
                case "setConsumerPreferredLayers" -> preferredLayers(id, data);
                case "setConsumerPriority" -> priority(id, data);
                case "produceData", "getDataProducerStats", "getDataConsumerStats" ->
                        throw new BadRequest(501, "data channels are not supported by this server");
                case "applyNetworkThrottle", "resetNetworkThrottle", "stopNetworkThrottle" ->
                        throw new BadRequest(403, "network throttling is not available");
                case "kickPeer" -> PeerModeration.kickPeer(peer, id, data);
                case "closeRoom" -> PeerModeration.closeRoom(peer, id);
                default -> throw new BadRequest(500, "unknown method '" + method + "'");
            }
        } catch (BadRequest e) {
            peer.client.fail(id, e.code, e.getMessage());
        }
    }

    private static String owned(boolean owned, String what, String id) {
        if (!owned) {
            throw new BadRequest(404, what + " '" + id + "' not found");
        }
        return id;
    }

    private void requireJoined() {
        if (!peer.joined) {
            throw new BadRequest(403, "peer not joined");
        }
    }

    private void routerCapabilities(long id) {
        if (routerCaps != null) {
            respondCaps(id);
            return;
        }
        peer.media(new MediaOp.RouterCapabilities(), (v, e) -> {
            if (e != null) {
                peer.client.fail(id, 500, e.getMessage());
                return;
            }
            routerCaps = ((MediaReply.Json) v).value();
            respondCaps(id);
        });
    }

    private void respondCaps(long id) {
        ObjectNode out = routerCaps.deepCopy();
        out.set("routerRtpCapabilities", routerCaps.deepCopy());
        peer.client.respond(id, out);
    }

    private void createTransport(long id, JsonNode data) {
        if (peer.owned.transports.size() >= peer.limits.transports()) {
            throw PeerModeration.refused(peer, Refusal.TRANSPORT_LIMIT, 403,
                    "too many transports for this peer (at most " + peer.limits.transports() + ")");
        }
        boolean forceTcp = data.path("forceTcp").asBoolean(false);
        boolean consuming;
        if (data.has("consuming") || data.has("producing")) {
            consuming = data.path("consuming").asBoolean(false);
        } else if (data.path("appData").has("direction")) {
            consuming = "consumer".equals(data.path("appData").path("direction").asText());
            peer.legacy = false;
        } else {
            throw new BadRequest(400, "missing field 'consuming' (or appData.direction)");
        }
        String transportId = UUID.randomUUID().toString();
        peer.media(new MediaOp.CreateTransport(peer.roomId, transportId, forceTcp, peer.entityId), (v, e) -> {
            if (e != null) {
                peer.client.fail(id, 500, e.getMessage());
                return;
            }
            TransportInfo info = ((MediaReply.Transport) v).info();
            peer.owned.transports.put(transportId, consuming);
            peer.owned.transportSession.put(transportId, peer.sessionNumber);
            ObjectNode out = JSON.objectNode();
            out.put("id", transportId).put("transportId", transportId);
            out.set("iceParameters", OrtcJson.toJson(info.iceParameters()));
            out.set("iceCandidates", OrtcJson.toJson(info.iceCandidates()));
            ObjectNode dtls = out.putObject("dtlsParameters");
            dtls.put("role", "auto");
            dtls.set("fingerprints", OrtcJson.toJson(info.fingerprints()));
            peer.client.respond(id, out);
        });
    }

    private void connectTransport(long id, JsonNode data) {
        String transportId = owned(peer.owned.transports.containsKey(str(data, "transportId")), "transport",
                data.get("transportId").asText());
        JsonNode dtls = obj(data, "dtlsParameters");
        String role = optStr(dtls, "role", "client");
        if ("server".equals(role)) {
            throw new BadRequest(400, "unsupported DTLS role 'server': Chorus is always the DTLS server");
        }
        JsonNode fps = dtls.get("fingerprints");
        if (fps == null || !fps.isArray() || fps.isEmpty()) {
            throw new BadRequest(400, "dtlsParameters.fingerprints must be a non-empty array");
        }
        DtlsFingerprint chosen = null;
        for (JsonNode f : fps) {
            DtlsFingerprint fp = new DtlsFingerprint(str(f, "algorithm").toLowerCase(), str(f, "value"));
            if (chosen == null || "sha-256".equals(fp.algorithm())) {
                chosen = fp;
            }
        }
        peer.media(new MediaOp.ConnectTransport(transportId, chosen), (v, e) -> {
            if (e != null) {
                peer.client.fail(id, 400, e.getMessage());
            } else {
                peer.client.respond(id, null);
            }
        });
    }

    private void restartIce(long id, JsonNode data) {
        String transportId = owned(peer.owned.transports.containsKey(str(data, "transportId")), "transport",
                data.get("transportId").asText());
        peer.media(new MediaOp.RestartIce(transportId), (v, e) -> {
            if (e != null) {
                peer.client.fail(id, 500, e.getMessage());
                return;
            }
            ObjectNode ice = (ObjectNode) OrtcJson.toJson(((MediaReply.Ice) v).parameters());
            ObjectNode out = ice.deepCopy();
            out.set("iceParameters", ice);
            peer.client.respond(id, out);
        });
    }

    private void join(long id, JsonNode data) {
        boolean rejoin = peer.joined && peer.resumedSession && !peer.joining;
        if (!rejoin && (peer.joined || peer.joining)) {
            throw new BadRequest(403, "Peer already joined");
        }
        if (rejoin) {
            peer.resumedSession = false;
            PeerContinuity.dropEarlierMedia(peer);
        }
        String displayName = peer.grant.displayName() != null ? peer.grant.displayName()
                : optStr(data, "displayName", peer.peerId);
        JsonNode device = data.has("device") && data.get("device").isObject() ? data.get("device") : JSON.objectNode();
        if (data.has("rtpCapabilities") && !data.get("rtpCapabilities").isNull()) {
            try {
                peer.rtpCapabilities = OrtcJson.readCapabilities(data.get("rtpCapabilities"));
            } catch (OrtcException e) {
                throw new BadRequest(400, "invalid rtpCapabilities: " + e.getMessage());
            }
        }
        boolean consuming = peer.rtpCapabilities != null;
        peer.joining = true;
        peer.lastN.joining();
        long token = peer.register((v, e) -> {
            peer.joining = false;
            java.util.List<PeerEntity.ConsumeProducer> early = new java.util.ArrayList<>(peer.pendingConsumes);
            peer.pendingConsumes.clear();
            if (e != null) {
                peer.client.fail(id, 403, e.getMessage());
                return;
            }
            RoomEntity.JoinResult result = (RoomEntity.JoinResult) v;
            peer.joined = true;
            peer.mayPublish = result.mayPublish();
            peer.displayName = displayName;
            ArrayNode peers = JSON.arrayNode();
            for (RoomEntity.PeerSummary p : result.peers()) {
                ObjectNode o = peers.addObject();
                o.put("id", p.id()).put("peerId", p.id()).put("displayName", p.displayName());
                o.set("device", p.device());
            }
            ObjectNode out = JSON.objectNode();
            out.set("peers", peers);
            out.put("role", peer.grant.role().json());
            peer.client.respond(id, out);
            peer.lastN.joined(result.lastN());
            java.util.Set<String> offered = new java.util.HashSet<>();
            for (RoomEntity.ProducerSummary p : result.producers()) {
                offered.add(p.producerId());
                consume(p.producerId(), p.peerId(), p.kind(), p.appData());
            }
            // Producers announced by the room while our join was on its way (after the room had accepted it).
            for (PeerEntity.ConsumeProducer c : early) {
                if (offered.add(c.producerId())) {
                    consume(c.producerId(), c.producerPeerId(), c.kind(), c.appData());
                }
            }
        });
        peer.context().askWithStatus(RoomEntity.JoinResult.class, peer.room(), peer.askTimeout,
                r -> new RoomEntity.Join(peer.peerId, displayName, device, consuming, r, rejoin, peer.node,
                        peer.remoteAddress),
                (v, e) -> new PeerEntity.Continue(token, v, e));
    }

    private void produce(long id, JsonNode data) {
        requireJoined();
        String transportId = owned(peer.owned.transports.containsKey(str(data, "transportId")), "transport",
                data.get("transportId").asText());
        String kind = str(data, "kind");
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new BadRequest(400, "invalid kind '" + kind + "'");
        }
        PeerModeration.requirePublisher(peer);
        if (!peer.mayPublish) {
            throw PeerModeration.refused(peer, Refusal.PUBLISH_NOT_ALLOWED, 403, "not allowed to publish in this room");
        }
        if (peer.owned.producers.size() >= peer.limits.producers()) {
            throw PeerModeration.refused(peer, Refusal.PRODUCER_LIMIT, 403,
                    "too many producers for this peer (at most " + peer.limits.producers() + ")");
        }
        RtpParameters params;
        try {
            params = OrtcJson.readRtpParameters(obj(data, "rtpParameters"));
        } catch (OrtcException e) {
            throw new BadRequest(400, "invalid rtpParameters: " + e.getMessage());
        }
        ObjectNode appData = data.has("appData") && data.get("appData").isObject()
                ? ((ObjectNode) data.get("appData")).deepCopy() : JSON.objectNode();
        appData.put("peerId", peer.peerId);
        String producerId = UUID.randomUUID().toString();
        var home = peer.node;
        peer.media(new MediaOp.Produce(transportId, producerId, kind, params, peer.entityId), (v, e) -> {
            if (e != null) {
                peer.client.fail(id, 400, e.getMessage());
                return;
            }
            peer.owned.producers.put(producerId, kind);
            peer.owned.onTransport.put(producerId, transportId);
            // The producer entity knows its home before anyone can subscribe: the room hears of it only after.
            peer.ask(peer.producer(producerId),
                    r -> new ProducerEntity.Open(peer.roomId, peer.entityId, kind, home, r), (ok, err) -> {
                        if (err != null) {
                            peer.owned.producers.remove(producerId);
                            peer.media(new Verb(Verb.Target.PRODUCER, Verb.Action.CLOSE, producerId), (x, y) -> { });
                            peer.client.fail(id, 500, "cannot register producer: " + err.getMessage());
                            return;
                        }
                        peer.client.respond(id, JSON.objectNode().put("id", producerId).put("producerId", producerId));
                        peer.room().tell(new RoomEntity.ProducerAdded(peer.peerId, producerId, kind, appData,
                                home.nodeId()));
                    });
        });
    }

    private void producerVerb(long id, JsonNode data, Verb.Action action) {
        if (action == Verb.Action.CLOSE && peer.grant.isHost() && !peer.owned.producers.containsKey(str(data,
                "producerId"))) {
            PeerModeration.closeOthersProducer(peer, id, str(data, "producerId"));
            return;
        }
        String producerId = owned(peer.owned.producers.containsKey(str(data, "producerId")), "producer",
                data.get("producerId").asText());
        if (action == Verb.Action.CLOSE) {
            peer.owned.producers.remove(producerId);
            peer.room().tell(new RoomEntity.ProducerRemoved(peer.peerId, producerId));
            peer.producer(producerId).tell(new ProducerEntity.Close("closed by its peer"));
            peer.client.respond(id, null);
            return;
        }
        boolean paused = action == Verb.Action.PAUSE;
        peer.ask(peer.producer(producerId), r -> new ProducerEntity.SetPaused(paused, r), (v, e) -> answer(id, e));
    }

    private void answer(long id, Throwable e) {
        if (e != null) {
            peer.client.fail(id, 500, e.getMessage());
        } else {
            peer.client.respond(id, null);
        }
    }

    private String ownedConsumer(JsonNode data) {
        return owned(peer.owned.consumers.containsKey(str(data, "consumerId")), "consumer",
                data.get("consumerId").asText());
    }

    private void consumerPaused(long id, JsonNode data, boolean paused) {
        String consumerId = ownedConsumer(data);
        peer.ask(peer.consumer(consumerId), r -> new ConsumerEntity.SetPaused(paused, r), (v, e) -> answer(id, e));
    }

    private void preferredLayers(long id, JsonNode data) {
        String consumerId = ownedConsumer(data);
        JsonNode spatial = data.get("spatialLayer");
        if (spatial == null || !spatial.canConvertToInt()) {
            throw new BadRequest(400, "missing or invalid field 'spatialLayer'");
        }
        JsonNode temporal = data.get("temporalLayer");
        if (temporal != null && !temporal.isNull() && !temporal.canConvertToInt()) {
            throw new BadRequest(400, "invalid field 'temporalLayer'");
        }
        Integer t = temporal == null || temporal.isNull() ? null : temporal.asInt();
        peer.ask(peer.consumer(consumerId), r -> new ConsumerEntity.SetPreferredLayers(spatial.asInt(), t, r),
                (v, e) -> answer(id, e));
    }

    private void priority(long id, JsonNode data) {
        String consumerId = ownedConsumer(data);
        JsonNode p = data.get("priority");
        if (p == null || !p.canConvertToInt()) {
            throw new BadRequest(400, "missing or invalid field 'priority'");
        }
        peer.ask(peer.consumer(consumerId), r -> new ConsumerEntity.SetPriority(p.asInt(), r), (v, e) -> answer(id, e));
    }

    private void consumerVerb(long id, JsonNode data, Verb.Action action) {
        peer.media(new Verb(Verb.Target.CONSUMER, action, ownedConsumer(data)), (v, e) -> answer(id, e));
    }

    private void stats(long id, Verb.Target target, String objectId) {
        peer.media(new Verb(target, Verb.Action.STATS, objectId), (v, e) -> {
            if (e != null) {
                peer.client.fail(id, 500, e.getMessage());
                return;
            }
            JsonNode list = ((MediaReply.Json) v).value();
            if (peer.legacy) {
                peer.client.respond(id, list);
            } else {
                ObjectNode out = JSON.objectNode();
                out.set("stats", list);
                peer.client.respond(id, out);
            }
        });
    }

    private void changeDisplayName(long id, JsonNode data) {
        requireJoined();
        String name = str(data, "displayName");
        if (peer.grant.displayName() != null) {
            throw PeerModeration.refused(peer, Refusal.ROLE_FORBIDDEN, 403,
                    "the display name is set by the join token");
        }
        peer.displayName = name;
        peer.room().tell(new RoomEntity.ChangeDisplayName(peer.peerId, name));
        peer.client.respond(id, null);
    }

    /** See {@link PeerConsumes#consume}. */
    void consume(String producerId, String producerPeerId, String kind, JsonNode producerAppData) {
        PeerConsumes.consume(peer, producerId, producerPeerId, kind, producerAppData);
    }
}
