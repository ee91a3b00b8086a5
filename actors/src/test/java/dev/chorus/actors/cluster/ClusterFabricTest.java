package dev.chorus.actors.cluster;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.peer.SessionOut;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.media.engine.LoopbackSfuTest;
import dev.chorus.media.engine.TestPeer;
import dev.chorus.media.ortc.OrtcJson;
import dev.chorus.media.rtcp.RtcpWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One meeting across a three-node cluster in one JVM: real actor systems on loopback, real media planes with
 * Aeron bridges, real DTLS/SRTP clients. Capacity 2 per node spreads six participants over the three nodes; a
 * producer on one node is piped once to each other node that has subscribers, whatever their number; a PLI on a
 * subscribing node reaches the publisher; pipes go when the last subscriber of a node goes, and with the producer.
 */
class ClusterFabricTest {
    private static final String ROOM = "fabric-room";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<ChorusTestNode> nodes = new ArrayList<>();
    private static final List<TestPeer> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        String conf = "chorus.cluster.capacity = 2\nchorus.peer.grace-period = 0s";
        nodes.addAll(ClusterClients.startCluster("fabric", conf, 3));
    }

    @AfterAll
    static void stopCluster() {
        ClusterClients.stop(nodes, clients);
    }


    private static RoomEntity.RoomInfo roomInfo() {
        TestProbe<RoomEntity.RoomInfo> probe = nodes.get(0).testKit().createTestProbe();
        nodes.get(0).room(ROOM).tell(new RoomEntity.GetInfo(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static ChorusTestNode node(String nodeId) {
        return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    @Test
    void aProducerCrossesEachNodePairOnceAndFeedbackFlowsBack() throws Exception {
        // Participants open their signaling on different nodes than where their media ends up.
        ClusterClients.Participant pub = ClusterClients.participant(nodes.get(2), ROOM, "pub", true, clients);
        ObjectNode produce = obj("{'kind':'video','appData':{'source':'webcam'}}");
        produce.put("transportId", pub.transportId());
        produce.set("rtpParameters", OrtcJson.toJson(LoopbackSfuTest.publisherParams()));
        String producerId = pub.session().ok("produce", produce).get("id").asText();

        List<ClusterClients.Participant> subs = new ArrayList<>();
        Map<String, Long> consumerSsrc = new HashMap<>();
        for (int i = 1; i <= 5; i++) {
            ClusterClients.Participant s = ClusterClients.participant(nodes.get(i % 3), ROOM, "sub" + i, false, clients);
            SessionOut.Request offer = s.session().request("newConsumer");
            assertEquals(producerId, offer.data().get("producerId").asText());
            consumerSsrc.put(s.id(), offer.data().at("/rtpParameters/encodings/0/ssrc").asLong());
            s.session().answer(offer, true);
            subs.add(s);
        }

        // Placement: capacity 2 per node over three nodes -> 2 + 2 + 2 (pub and sub1 share the first node).
        RoomEntity.RoomInfo info = roomInfo();
        Map<String, String> placed = new HashMap<>();
        info.peers().forEach(p -> placed.put(p.id(), p.nodeId()));
        Map<String, Integer> perNode = new HashMap<>();
        placed.values().forEach(n -> perNode.merge(n, 1, Integer::sum));
        assertEquals(3, perNode.size(), "the room spans the three nodes: " + placed);
        assertTrue(perNode.values().stream().allMatch(v -> v == 2), "two peers per node: " + placed);
        assertEquals(3, info.routerNodes().size());
        String home = placed.get("pub");
        ChorusTestNode homeNode = node(home);
        List<String> remote = perNode.keySet().stream().filter(n -> !n.equals(home)).toList();

        // The producer entity knows where its subscribers are and has a pipe to each other node.
        TestProbe<ProducerEntity.Info> probe = nodes.get(1).testKit().createTestProbe();
        ClusterClients.await(() -> {
            ClusterProbe.producer(nodes.get(1), producerId).tell(new ProducerEntity.GetInfo(probe.ref()));
            ProducerEntity.Info pi = probe.receiveMessage(WAIT);
            return pi.pipedTo().size() == 2 && pi.homeNodeId().equals(home);
        }, "pipes to the two other nodes");

        // Media: until every subscriber decodes the first key frame, then a counted burst.
        int seq = 1;
        long deadline = System.currentTimeMillis() + 15_000;
        List<ClusterClients.Participant> waiting = new ArrayList<>(subs);
        while (!waiting.isEmpty() && System.currentTimeMillis() < deadline) {
            pub.media().sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, true, seq));
            seq++;
            Thread.sleep(20);
            waiting.removeIf(s -> s.media().rtp.poll() != null);
        }
        assertTrue(waiting.isEmpty(), "every subscriber got media; missing: " + waiting.stream().map(ClusterClients.Participant::id)
                .toList() + " counters " + homeNode.media().counters());
        Thread.sleep(300);
        subs.forEach(s -> s.media().rtp.clear());
        long sentBefore = homeNode.counter("pipe_rtp_sent");
        Map<String, Long> receivedBefore = new HashMap<>();
        remote.forEach(n -> receivedBefore.put(n, node(n).counter("pipe_rtp_received")));
        int n = 100;
        for (int i = 0; i < n; i++) {
            pub.media().sendRtp(LoopbackSfuTest.vp8(seq, 3000L * seq, false, seq));
            seq++;
        }
        for (ClusterClients.Participant s : subs) {
            for (int i = 0; i < n; i++) {
                assertNotNull(s.media().nextRtp(5000), s.id() + " packet " + i);
            }
        }
        assertEquals(2L * n, homeNode.counter("pipe_rtp_sent") - sentBefore,
                "each packet left the home node once per other node, for " + subs.size() + " subscribers");
        for (String r : remote) {
            assertEquals((long) n, node(r).counter("pipe_rtp_received") - receivedBefore.get(r),
                    "node " + r + " received each packet once for its two subscribers");
        }

        // A PLI from a subscriber on another node reaches the publisher.
        ClusterClients.Participant far = subs.stream().filter(s -> !placed.get(s.id()).equals(home)).findFirst().orElseThrow();
        Thread.sleep(1100); // earlier key-frame requests are de-duplicated for a second
        pub.media().rtcp.clear();
        byte[] pli = new byte[32];
        int len = RtcpWriter.pli(pli, 0, 32, 99, consumerSsrc.get(far.id()));
        far.media().sendRtcp(pli, len);
        ClusterClients.await(() -> ClusterClients.plis(pub.media()) > 0, "a PLI for the publisher's SSRC after a PLI on node " + placed.get(far.id()));

        // The last subscribers of one remote node leave: that pipe goes, the other stays.
        String gone = remote.get(0);
        long pipesHome = homeNode.counter("pipes");
        subs.stream().filter(s -> placed.get(s.id()).equals(gone)).forEach(s -> s.session().close());
        ClusterClients.await(() -> node(gone).counter("pipes") == 0, "the pipe into " + gone + " is closed");
        ClusterClients.await(() -> homeNode.counter("pipes") == pipesHome - 1, "and its sending end on the home node");
        assertEquals(1L, node(remote.get(1)).counter("pipes"));

        // The producer closes: the remaining remote subscribers hear consumerClosed, and no pipe is left.
        pub.session().ok("closeProducer", obj("{'producerId':'" + producerId + "'}"));
        for (ClusterClients.Participant s : subs) {
            if (placed.get(s.id()).equals(remote.get(1))) {
                assertNotNull(s.session().notification("consumerClosed"), s.id());
            }
        }
        ClusterClients.await(() -> nodes.stream().allMatch(x -> x.counter("pipes") == 0), "no pipe left anywhere");
        subs.forEach(s -> s.session().close());
        pub.session().close();
        ClusterClients.await(() -> nodes.stream().allMatch(x -> x.counter("routers") == 0), "the room's routers are closed");
    }

}
