package dev.chorus.actors.cluster;

import static dev.chorus.actors.Json.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.Json;
import dev.chorus.actors.TestSession;
import dev.chorus.media.api.IceCandidate;
import dev.chorus.media.api.IceParameters;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.engine.LoopbackSfuTest;
import dev.chorus.media.engine.TestPeer;
import dev.chorus.media.rtcp.Feedback;
import dev.chorus.media.rtcp.RtcpIterator;
import dev.chorus.media.rtcp.RtcpType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Participants for cluster tests: a protoo session on some node, and a real DTLS/SRTP media client. */
final class ClusterClients {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);

    private ClusterClients() {
    }

    /**
     * A participant: its signaling session (opened on {@code via}), its media client and transport, and for a
     * participant that both sends and receives, a second client on its receiving transport ({@code rx}).
     */
    record Participant(String id, TestSession session, TestPeer media, String transportId, TestPeer rx) {
    }

    /** A participant that only sends ({@code producing}) or only receives. */
    static Participant participant(ChorusTestNode via, String room, String id, boolean producing,
                                   List<TestPeer> clients) throws Exception {
        return participant(via, room, id, producing, !producing, clients);
    }

    static Participant participant(ChorusTestNode via, String room, String id, boolean producing, boolean consuming,
                                   List<TestPeer> clients) throws Exception {
        TestSession s = via.session(room, id).attach(true);
        JsonNode caps = s.ok("getRouterRtpCapabilities", Json.object()).get("routerRtpCapabilities");
        TestPeer media = null;
        String transportId = null;
        if (producing) {
            JsonNode t = s.ok("createWebRtcTransport", obj("{'producing':true,'consuming':false}"));
            media = connected(s, t, clients);
            transportId = t.get("id").asText();
        }
        TestPeer rx = null;
        if (consuming) {
            JsonNode t = s.ok("createWebRtcTransport", obj("{'producing':false,'consuming':true}"));
            rx = connected(s, t, clients);
            if (!producing) {
                media = rx;
                transportId = t.get("id").asText();
            }
        }
        ObjectNode join = obj("{'displayName':'" + id + "'}");
        if (consuming) {
            join.set("rtpCapabilities", caps);
        }
        s.ok("join", join);
        return new Participant(id, s, media, transportId, rx);
    }

    /** A media client connected (ICE, DTLS) to the transport {@code t} just created. */
    private static TestPeer connected(TestSession s, JsonNode t, List<TestPeer> clients) throws Exception {
        TestPeer media = new TestPeer(transportInfo(t));
        clients.add(media);
        DtlsFingerprint fp = media.fingerprint();
        ObjectNode connect = obj("{'dtlsParameters':{'role':'client','fingerprints':[]}}");
        connect.put("transportId", t.get("id").asText());
        ((com.fasterxml.jackson.databind.node.ArrayNode) connect.at("/dtlsParameters/fingerprints")).addObject()
                .put("algorithm", fp.algorithm()).put("value", fp.value());
        s.ok("connectWebRtcTransport", connect);
        media.handshake();
        return media;
    }

    static TransportInfo transportInfo(JsonNode t) throws Exception {
        List<IceCandidate> candidates = new ArrayList<>();
        for (JsonNode c : t.get("iceCandidates")) {
            candidates.add(MAPPER.treeToValue(c, IceCandidate.class));
        }
        List<DtlsFingerprint> fps = new ArrayList<>();
        for (JsonNode f : t.at("/dtlsParameters/fingerprints")) {
            fps.add(new DtlsFingerprint(f.get("algorithm").asText(), f.get("value").asText()));
        }
        return new TransportInfo(t.get("id").asText(), MAPPER.treeToValue(t.get("iceParameters"), IceParameters.class),
                candidates, fps);
    }


    /** Starts {@code n} nodes of one cluster (the first is the seed) and waits until every node sees all Up. */
    static List<ChorusTestNode> startCluster(String name, String conf, int n) {
        List<ChorusTestNode> nodes = new ArrayList<>();
        ChorusTestNode first = ChorusTestNode.start(name, conf, true);
        nodes.add(first);
        for (int i = 1; i < n; i++) {
            nodes.add(ChorusTestNode.join(name, conf, first));
        }
        await(() -> nodes.stream().allMatch(x -> upMembers(x) == n), n + " members up on every node");
        return nodes;
    }

    static void stop(List<ChorusTestNode> nodes, List<TestPeer> clients) {
        clients.forEach(TestPeer::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    private static long upMembers(ChorusTestNode n) {
        long up = 0;
        for (var m : Cluster.get(n.testKit().system()).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }

    /** PLIs for the publisher's SSRC that {@code pub} received. */
    static int plis(TestPeer pub) {
        int n = 0;
        for (byte[] r : pub.rtcp) {
            RtcpIterator it = new RtcpIterator();
            it.wrap(r, 0, r.length);
            while (it.next()) {
                if (it.packetType() == RtcpType.PSFB && it.countOrFmt() == RtcpType.PLI
                        && Feedback.mediaSsrc(r, it.packetOffset()) == LoopbackSfuTest.PUB_SSRC) {
                    n++;
                }
            }
        }
        return n;
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, what, WAIT);
    }

    static void await(BooleanSupplier condition, String what, Duration within) {
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (System.currentTimeMillis() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (AssertionError | RuntimeException e) {
                // not yet
            }
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
