package dev.chorus.actors.peer;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.media.MediaEventRelay;
import dev.chorus.actors.room.RoomEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber's layer choices through the control plane: {@code setConsumerPreferredLayers} and
 * {@code setConsumerPriority} go peer → consumer entity → MediaNode → the real media plane (seen in the consumer's
 * stats), and the media plane's {@code onConsumerLayersChanged} and {@code onDownlinkBwe} go through the
 * {@link MediaEventRelay} and the peer to the client as {@code consumerLayersChanged} and {@code downlinkBwe}.
 */
class ConsumerLayersFlowTest {
    private static ChorusTestNode node;
    private final List<TestSession> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("ConsumerLayersFlowTest", "chorus.peer.grace-period = 0s", true);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeSessions() {
        opened.forEach(TestSession::close);
        node.awaitCounter("consumers", 0);
        node.awaitCounter("producers", 0);
        node.awaitCounter("transports", 0);
    }

    /** A Chrome-shaped VP8 simulcast produce request: three SSRC-based encodings, 1/4, 1/2 and full size. */
    private static ObjectNode produceSimulcast(String transportId) {
        ObjectNode data = obj("{'kind':'video','appData':{'source':'webcam'}}");
        data.put("transportId", transportId);
        data.set("rtpParameters", obj("{'mid':'0','codecs':["
                + "{'mimeType':'video/VP8','payloadType':96,'clockRate':90000,'parameters':{},'rtcpFeedback':["
                + "{'type':'nack','parameter':''},{'type':'nack','parameter':'pli'},{'type':'ccm','parameter':'fir'},"
                + "{'type':'transport-cc','parameter':''}]},"
                + "{'mimeType':'video/rtx','payloadType':97,'clockRate':90000,'parameters':{'apt':96},'rtcpFeedback':[]}],"
                + "'headerExtensions':[{'uri':'urn:ietf:params:rtp-hdrext:sdes:mid','id':4,'encrypt':false,'parameters':{}}],"
                + "'encodings':["
                + "{'ssrc':1111,'rtx':{'ssrc':1112},'scaleResolutionDownBy':4,'scalabilityMode':'L1T3'},"
                + "{'ssrc':2221,'rtx':{'ssrc':2222},'scaleResolutionDownBy':2,'scalabilityMode':'L1T3'},"
                + "{'ssrc':3331,'rtx':{'ssrc':3332},'scaleResolutionDownBy':1,'scalabilityMode':'L1T3'}],"
                + "'rtcp':{'cname':'simcast','reducedSize':true}}"));
        return data;
    }

    private TestSession client(String room, String peerId, boolean consuming, String[] transportId) {
        TestSession s = node.session(room, peerId).attach(true);
        opened.add(s);
        JsonNode caps = s.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
        ObjectNode create = obj("{'forceTcp':false}").put("producing", !consuming).put("consuming", consuming);
        transportId[0] = s.ok("createWebRtcTransport", create).get("id").asText();
        ObjectNode join = obj("{'device':{'flag':'chrome','name':'Chrome','version':'126'}}");
        join.put("displayName", peerId);
        if (consuming) {
            join.set("rtpCapabilities", caps);
        }
        s.ok("join", join);
        return s;
    }

    private static JsonNode stats(TestSession s, String consumerId) {
        return s.ok("getConsumerStats", obj("{'consumerId':'" + consumerId + "'}")).get(0);
    }

    @Test
    void preferredLayersAndPriorityReachTheMediaPlaneAndLayerChangesReachTheClient() {
        String room = "layers-flow";
        String[] pubTransport = new String[1];
        TestSession alice = client(room, "alice", false, pubTransport);
        String producerId = alice.ok("produce", produceSimulcast(pubTransport[0])).get("id").asText();
        // The answer comes before the room lists the producer; a peer joining in between would miss it.
        node.testKit().createTestProbe().awaitAssert(ChorusTestNode.WAIT, Duration.ofMillis(10), () -> {
            TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
            node.room(room).tell(new RoomEntity.GetInfo(probe.ref()));
            assertTrue(probe.receiveMessage(ChorusTestNode.WAIT).producers().stream()
                    .anyMatch(p -> p.producerId().equals(producerId)));
            return null;
        });

        String[] subTransport = new String[1];
        TestSession bob = client(room, "bob", true, subTransport);
        SessionOut.Request offer = bob.request("newConsumer");
        assertEquals(producerId, offer.data().get("producerId").asText());
        assertEquals("simulcast", offer.data().get("type").asText());
        assertTrue(offer.data().at("/rtpParameters/encodings/0/scalabilityMode").asText().startsWith("L3T3"),
                () -> "consumer scalability mode in " + offer.data());
        String consumerId = offer.data().get("id").asText();
        bob.answer(offer, true);

        JsonNode before = stats(bob, consumerId);
        assertFalse(before.has("preferredSpatialLayer"), () -> "no preference yet: " + before);
        assertEquals(1, before.get("priority").asInt());

        bob.ok("setConsumerPreferredLayers", obj("{'consumerId':'" + consumerId + "','spatialLayer':0,"
                + "'temporalLayer':1}"));
        bob.ok("setConsumerPriority", obj("{'consumerId':'" + consumerId + "','priority':7}"));
        JsonNode after = stats(bob, consumerId);
        assertEquals(0, after.get("preferredSpatialLayer").asInt(), () -> "stats " + after);
        assertEquals(1, after.get("preferredTemporalLayer").asInt(), () -> "stats " + after);
        assertEquals(7, after.get("priority").asInt(), () -> "stats " + after);

        bob.ok("setConsumerPreferredLayers", obj("{'consumerId':'" + consumerId + "','spatialLayer':2}"));
        JsonNode highest = stats(bob, consumerId);
        assertEquals(2, highest.get("preferredSpatialLayer").asInt(), () -> "stats " + highest);
        assertFalse(highest.has("preferredTemporalLayer"), () -> "temporal omitted means the highest: " + highest);

        // The media plane reports layer changes through the relay (as its workers do) to bob's session.
        MediaEventRelay relay = new MediaEventRelay();
        relay.bind(ClusterSharding.get(node.testKit().system()));
        String owner = PeerEntity.entityId(room, "bob");
        relay.onConsumerLayersChanged(consumerId, owner, 2, 1);
        JsonNode changed = bob.notification("consumerLayersChanged");
        assertEquals(consumerId, changed.get("consumerId").asText());
        assertEquals(2, changed.get("spatialLayer").asInt());
        assertEquals(1, changed.get("temporalLayer").asInt());
        relay.onConsumerLayersChanged(consumerId, owner, -1, -1);
        JsonNode none = bob.notification("consumerLayersChanged");
        assertTrue(none.get("spatialLayer").isNull(), () -> "no layers: " + none);
        assertTrue(none.get("temporalLayer").isNull(), () -> "no layers: " + none);
        relay.onConsumerLayersChanged("not-bobs", owner, 0, 0);
        bob.expectNo(m -> m instanceof SessionOut.Notification n && n.method().equals("consumerLayersChanged"),
                Duration.ofMillis(300), "a notification for a consumer bob does not own");

        // The downlink bandwidth of bob's receiving transport, the same way.
        relay.onDownlinkBwe(subTransport[0], owner, 1_650_000, 420_000, 455_000);
        JsonNode bwe = bob.notification("downlinkBwe");
        assertEquals(1_650_000, bwe.get("desiredBitrate").asLong());
        assertEquals(420_000, bwe.get("effectiveDesiredBitrate").asLong());
        assertEquals(455_000, bwe.get("availableBitrate").asLong());
        relay.onDownlinkBwe("not-bobs", owner, 1, 1, 1);
        bob.expectNo(m -> m instanceof SessionOut.Notification n && n.method().equals("downlinkBwe"),
                Duration.ofMillis(300), "a notification for a transport bob does not own");
    }
}
