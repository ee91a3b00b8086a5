package dev.chorus.actors;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.placement.LoadQuery;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.IceCandidate;
import dev.chorus.media.api.IceParameters;
import dev.chorus.media.api.PipeSpec;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.api.TransportInfo;
import dev.chorus.media.ortc.CodecMapping;
import dev.chorus.media.ortc.EncodingMapping;
import dev.chorus.media.ortc.ProducerType;
import dev.chorus.media.ortc.RtpMapping;
import dev.chorus.media.ortc.RtpParameters;
import dev.chorus.media.speaker.LevelSummary;
import java.util.Map;
import dev.chorus.actors.peer.LastNState;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.peer.PeerGrant;
import dev.chorus.actors.peer.SessionOut;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.media.dtls.DtlsFingerprint;
import dev.chorus.media.ortc.OrtcException;
import dev.chorus.media.ortc.OrtcJson;
import java.util.List;
import java.time.Instant;
import dev.chorus.actors.room.RoomEvent;
import dev.chorus.actors.room.RoomSettings;
import dev.chorus.actors.room.RoomState;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs with {@code pekko.actor.serialize-messages = on}, so every message sent is serialized and deserialized
 * with its binding (Jackson CBOR for {@link CborSerializable}) as if it crossed nodes. Checks that the entity
 * protocols round-trip unchanged and that room membership works with every message serialized.
 * <p>
 * Not covered because it does not serialize today: the {@code StatusReply} values MediaNode answers with (router capabilities as JsonNode,
 * TransportInfo, IceParameters, ConsumerInfo, stats lists). With serialize-messages on, a peer's Attach never
 * gets its room's router, so the PeerEntity protocol itself cannot run here. A null JsonNode field (e.g.
 * {@code ClientAnswer.data} of a timed-out request) comes back as a NullNode, so rows use non-null data.
 */
class SerializedMessagesTest {
    private static final JsonNode DATA = obj("{'a':1,'b':[true,'x',{'c':null}],'d':{'e':-2.5}}");

    private static ChorusTestNode node;

    /** A message with no serialization binding: must be refused, proving nothing falls back to Java serialization. */
    record NotBound(String text) {
    }

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("SerializedMessagesTest", "pekko.actor.serialize-messages = on", false);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    static Stream<Arguments> crossNodeMessages() throws OrtcException {
        ActorRef<SessionOut> session = node.testKit().<SessionOut>createTestProbe().ref();
        ActorRef<PeerEntity.Command> peer = node.testKit().<PeerEntity.Command>createTestProbe().ref();
        ActorRef<StatusReply<RoomEntity.Placed>> ack =
                node.testKit().<StatusReply<RoomEntity.Placed>>createTestProbe().ref();
        ActorRef<StatusReply<MediaReply>> mediaReply = node.testKit().<StatusReply<MediaReply>>createTestProbe().ref();
        NodeRef nodeRef = new NodeRef("127.0.0.1:25520", node.mediaNode(), "127.0.0.1:40400");
        RtpParameters audio = OrtcJson.readRtpParameters(Json.fixture("producer-audio-opus-chrome.json"));
        RtpMapping mapping = new RtpMapping(List.of(new CodecMapping(111, 100)),
                List.of(new EncodingMapping(1234L, null, null, 5678L)));
        PipeSpec pipe = new PipeSpec("prod", "audio", audio, mapping, audio, ProducerType.SIMPLE, true);
        TransportInfo transport = new TransportInfo("t", new IceParameters("uf", "pw", true),
                List.of(new IceCandidate("udpcandidate", 1076302079L, "127.0.0.1", "127.0.0.1", "udp", 44444, "host",
                        null)), List.of(new DtlsFingerprint("sha-256", "AB:CD")));
        ActorRef<StatusReply<RoomEntity.JoinResult>> joinReply =
                node.testKit().<StatusReply<RoomEntity.JoinResult>>createTestProbe().ref();
        RoomEntity.PeerSummary peerSummary = new RoomEntity.PeerSummary("p", "Pat", DATA);
        RoomEntity.ProducerSummary producerSummary = new RoomEntity.ProducerSummary("prod", "p", "audio", DATA, "n1");
        RoomEntity.MemberInfo member = new RoomEntity.MemberInfo("p", "Pat", DATA, "n1", "203.0.113.7:50000",
                Instant.parse("2026-11-22T10:00:00Z"));
        Instant at = Instant.parse("2026-11-22T10:00:01.250Z");
        RoomSettings settings = new RoomSettings(25, 4, RoomSettings.Publish.LISTED, List.of("p", "q"));
        ActorRef<RoomEntity.AdminResult> admin = node.testKit().<RoomEntity.AdminResult>createTestProbe().ref();
        return Stream.of(
                new PeerEntity.Attach(session, "203.0.113.7:50000", true),
                new PeerEntity.Attach(session, "203.0.113.7:50000", false, new PeerGrant(PeerGrant.Role.VIEWER, null)),
                new PeerEntity.CloseProducerByHost("prod", "h"),
                new PeerEntity.FromClient(session, 42, "join", DATA),
                new PeerEntity.FromClient(session, -1, "pauseProducer", obj("{}")),
                new PeerEntity.ClientAnswer(7, true, DATA, null),
                new PeerEntity.ClientAnswer(Long.MAX_VALUE, false, obj("{}"), "request timeout"),
                new PeerEntity.SessionClosed(session),
                new PeerEntity.ConsumeProducer("prod", "p", "video", DATA),
                new PeerEntity.NotifyClient("newPeer", DATA),
                new PeerEntity.TransportClosed("t", "ice consent lost"),
                new PeerEntity.ConsumerClosed("c", "producerclose"),
                new PeerEntity.ConsumerProducerPaused("c", true),
                new PeerEntity.ProducerClosed("prod", "transportclose"),
                new PeerEntity.ConsumerLayersChanged("c", 2, 0),
                new PeerEntity.ConsumerLayersChanged("c", null, null),
                new PeerEntity.DownlinkBwe("t", 1_650_000, 420_000, 455_000),
                new SessionOut.Response(3, DATA),
                new SessionOut.ErrorResponse(4, 403, "peer not joined"),
                new SessionOut.Notification("consumerClosed", obj("{'consumerId':'c'}")),
                new SessionOut.Request("newConsumer", DATA, 9, peer),
                new SessionOut.Close(4000, "replaced by a new connection"),
                new RoomEntity.Connect("p", ack),
                new RoomEntity.Join("p", "Pat", DATA, true, joinReply),
                new RoomEntity.Leave("p"),
                new RoomEntity.ProducerAdded("p", "prod", "audio", DATA, "n1"),
                new RoomEntity.ProducerRemoved("p", "prod"),
                new RoomEntity.ChangeDisplayName("p", "Patricia"),
                new RoomEntity.AudioLevels(Map.of("prod", new LevelSummary(50, new byte[] {127, 30, 0, 64},
                        0b0110L, 0, 9, 1, 2), "quiet", new LevelSummary(50, new byte[0], 0L, 127, 0, 0, 0))),
                new RoomEntity.GetInfo(node.testKit().<RoomEntity.RoomInfo>createTestProbe().ref()),
                new RoomEntity.RoomInfo("r", List.of(member), List.of(producerSummary), List.of("n1"), true,
                        settings, "api", at),
                new RoomEntity.Leave("p", RoomEvent.LeaveReason.GRACE_EXPIRED),
                new RoomEntity.Create(settings, admin),
                new RoomEntity.UpdateSettings(RoomSettings.DEFAULT, admin),
                new RoomEntity.Close(admin),
                new RoomEntity.Kick("p", admin),
                new RoomEntity.Kick("p", admin, "removed by host 'h'"),
                new RoomEntity.AdminResult(RoomEntity.AdminResult.Outcome.CONFLICT, "exists", null),
                new RoomEntity.MembershipChecked("p", true, false),
                new PeerEntity.CheckMembership(node.testKit().<RoomEntity.Command>createTestProbe().ref()),
                new PeerEntity.Kick(RoomEvent.LeaveReason.KICKED, "removed by an operator"),
                new PeerEntity.PublishRights(false),
                new RoomEvent.RoomOpened("r", settings, "api", at),
                new RoomEvent.SettingsChanged(RoomSettings.DEFAULT, at),
                new RoomEvent.PeerJoined("p", "Pat", DATA, "n1", "203.0.113.7:50000", at),
                new RoomEvent.PeerMoved("p", "n2", at),
                new RoomEvent.PeerRenamed("p", "Patricia", at),
                new RoomEvent.PeerLeft("p", RoomEvent.LeaveReason.NODE_LOST, at),
                new RoomEvent.ProducerOpened("p", "prod", "video", "camera", DATA, "n1", at),
                new RoomEvent.ProducerClosed("p", "prod", at),
                new RoomEvent.RoomClosed("deleted", at),
                new RoomState(true, settings, "api", at,
                        Map.of("p", new RoomState.Member("Pat", DATA, "n1", "203.0.113.7:50000", at)),
                        Map.of("prod", producerSummary)),
                StatusReply.success(new RoomEntity.Placed(nodeRef)),
                new LoadQuery.Loads(List.of(new MediaNode.Load(nodeRef, 3))),
                new MediaNode.GetLoad(node.testKit().<MediaNode.Load>createTestProbe().ref()),
                new ProducerEntity.Open("r", "r|p", "audio", nodeRef, mediaReply),
                new ProducerEntity.Subscribe("c", nodeRef, mediaReply),
                new ProducerEntity.Unsubscribe("c"),
                new ProducerEntity.SetPaused(true, mediaReply),
                new ProducerEntity.Close("peer left"),
                new ProducerEntity.GetInfo(node.testKit().<ProducerEntity.Info>createTestProbe().ref()),
                new ProducerEntity.Info("prod", "audio", "r|p", "n1", false, Map.of("n2", List.of("c")), List.of("n2")),
                new ConsumerEntity.Open("prod", "r|p", nodeRef, true),
                new ConsumerEntity.SetPaused(false, mediaReply),
                new ConsumerEntity.SetPreferredLayers(1, null, mediaReply),
                new ConsumerEntity.SetPriority(5, mediaReply),
                new ConsumerEntity.Close("prod"),
                new ConsumerEntity.Info("c", "prod", "r|p", "n1", true, 2, 1, 1),
                StatusReply.success(MediaReply.ACK),
                StatusReply.success(new MediaReply.Json(DATA)),
                StatusReply.success(new MediaReply.Transport(transport)),
                StatusReply.success(new MediaReply.Ice(new IceParameters("uf", "pw", true))),
                StatusReply.success(new MediaReply.Producer(new ProducerInfo("prod", "audio", ProducerType.SIMPLE))),
                StatusReply.success(new MediaReply.Consumer(
                        new ConsumerInfo("c", "prod", "audio", audio, ProducerType.SIMPLE, false))),
                StatusReply.success(new MediaReply.Pipe(pipe)),
                new MediaOp.PipeOut("prod", 42L, "127.0.0.1:40401", "127.0.0.1:25521"),
                new MediaOp.PipeIn("r", -7L, pipe, "127.0.0.1:40400", "127.0.0.1:25520"),
                new MediaOp.ClosePipe(42L, true),
                new PeerEntity.State(session, nodeRef, true, "Pat", node.media().routerCapabilities(), false,
                        Map.of("t", true), Map.of("prod", "audio"), Map.of("c", "prod"), true, 3L, Map.of("t", 2L),
                        Map.of("prod", "t"), "203.0.113.7:50000", false, null,
                        new PeerGrant(PeerGrant.Role.HOST, "Pat")),
                new PeerEntity.State(session, nodeRef, true, "Pat", node.media().routerCapabilities(), false,
                        Map.of("t", true), Map.of(), Map.of("c", "prod"), false, 3L, Map.of("t", 2L),
                        Map.of("c", "t"), "203.0.113.7:50000", true, new LastNState(List.of("q"), null,
                                Map.of("c", new LastNState.Subscription("q", "video", false, true, true, true))),
                        null),
                new ProducerEntity.State("r", "r|p", "video", nodeRef, false, Map.of("c", nodeRef),
                        Map.of("n2", new ProducerEntity.OpenPipe(nodeRef, 7L, false))),
                new ConsumerEntity.State("prod", "r|p", nodeRef, true, 2, null, 1, false),
                new ConsumerEntity.State("prod", "r|p", nodeRef, false, 2, null, 1, true),
                new ConsumerEntity.Open("prod", "r|p", nodeRef, true, true),
                new ConsumerEntity.SetSelected(false),
                new PeerEntity.LastNSelection(List.of("a", "b"), List.of()),
                new PeerEntity.LastNSelection(null, List.of("a")),
                new MediaOp.Consume("t", "c", "prod", node.media().routerCapabilities(), "r|p", true),
                new MediaOp.ConsumerSelected("c", false),
                new RoomSettings(null, -1, RoomSettings.Publish.EVERYONE, List.of(), 3, List.of("host")),
                new RoomEvent.SettingsChanged(new RoomSettings(10, null, RoomSettings.Publish.NOBODY, List.of(),
                        RoomSettings.LAST_N_OFF, List.of("host", "moderator")), at),
                new PeerEntity.MediaNodeLost("127.0.0.1:25521"),
                new RoomEntity.Join("p", "Pat", DATA, true, joinReply, true, nodeRef, "203.0.113.7:50000"),
                StatusReply.success(new RoomEntity.JoinResult(List.of(peerSummary), List.of(producerSummary))),
                StatusReply.success(new RoomEntity.JoinResult(List.of(peerSummary), List.of(producerSummary), false,
                        new PeerEntity.LastNSelection(List.of("p"), null))),
                StatusReply.ack(),
                StatusReply.error("Peer already joined"),
                new MediaOp.RouterCapabilities(),
                new MediaOp.CreateRouter("r"),
                new MediaOp.CloseRouter("r"),
                new MediaOp.CreateTransport("r", "t", true, "r|p"),
                new MediaOp.ConnectTransport("t", new DtlsFingerprint("sha-256", "AB:CD")),
                new MediaOp.RestartIce("t"),
                new MediaOp.CloseTransport("t"),
                new MediaOp.Produce("t", "prod", "audio",
                        OrtcJson.readRtpParameters(Json.fixture("producer-audio-opus-chrome.json")), "r|p"),
                new MediaOp.Consume("t", "c", "prod", node.media().routerCapabilities(), "r|p"),
                new MediaOp.Verb(MediaOp.Verb.Target.CONSUMER, MediaOp.Verb.Action.KEY_FRAME, "c"),
                new MediaOp.ConsumerPreferredLayers("c", 1, null),
                new MediaOp.ConsumerPreferredLayers("c", 2, 1),
                new MediaOp.ConsumerPriority("c", 7),
                new MediaNode.Exec(new MediaOp.CreateTransport("r", "t", false, "r|p"), mediaReply),
                new MediaNode.Exec(new MediaOp.Verb(MediaOp.Verb.Target.PRODUCER, MediaOp.Verb.Action.PAUSE, "p"),
                        mediaReply))
                .map(m -> Arguments.of(Named.of(m.getClass().getSimpleName(), m)));
    }

    @ParameterizedTest
    @MethodSource("crossNodeMessages")
    void crossNodeMessagesRoundTripUnchanged(Object message) {
        SerializationTestKit kit = node.testKit().serializationTestKit();
        assertEquals(message, kit.verifySerialization(message, false));
    }

    @Test
    void serializationIsReallyChecked() {
        assertTrue(node.testKit().system().settings().config().getBoolean("pekko.actor.serialize-messages"));
        SerializationTestKit kit = node.testKit().serializationTestKit();
        assertThrows(Exception.class, () -> kit.verifySerialization(new NotBound("x"), false));
    }

    @Test
    void roomMembershipWorksWithEveryMessageSerialized() {
        String r = "serialized-room";
        TestProbe<StatusReply<RoomEntity.JoinResult>> joins = node.testKit().createTestProbe();
        node.room(r).tell(new RoomEntity.Join("p1", "One", DATA, false, joins.ref()));
        assertTrue(joins.receiveMessage(ChorusTestNode.WAIT).getValue().peers().isEmpty());
        node.room(r).tell(new RoomEntity.ProducerAdded("p1", "prod-1", "audio", DATA, "n1"));
        node.room(r).tell(new RoomEntity.Join("p2", "Two", DATA, true, joins.ref()));
        RoomEntity.JoinResult second = joins.receiveMessage(ChorusTestNode.WAIT).getValue();
        assertEquals(List.of(new RoomEntity.PeerSummary("p1", "One", DATA)), second.peers());
        assertEquals(List.of(new RoomEntity.ProducerSummary("prod-1", "p1", "audio", DATA, "n1")), second.producers());

        node.room(r).tell(new RoomEntity.Join("p2", "Two", DATA, true, joins.ref(), true, null, null));
        assertEquals(List.of(new RoomEntity.PeerSummary("p1", "One", DATA)),
                joins.receiveMessage(ChorusTestNode.WAIT).getValue().peers(), "a rejoin is answered like a join");

        node.room(r).tell(new RoomEntity.ChangeDisplayName("p1", "Uno"));
        node.room(r).tell(new RoomEntity.Leave("p2"));
        TestProbe<RoomEntity.RoomInfo> infos = node.testKit().createTestProbe();
        node.room(r).tell(new RoomEntity.GetInfo(infos.ref()));
        RoomEntity.RoomInfo info = infos.receiveMessage(ChorusTestNode.WAIT);
        assertEquals(List.of("p1"), info.peers().stream().map(RoomEntity.MemberInfo::id).toList());
        assertEquals("Uno", info.peers().get(0).displayName());
        assertEquals(List.of(new RoomEntity.ProducerSummary("prod-1", "p1", "audio", DATA, "n1")), info.producers());
        assertTrue(info.open());
    }

    @Test
    void aPeerWithoutThatSessionAnswers410WithEveryMessageSerialized() {
        TestSession stranger = node.session("serialized-peer", "nobody");
        long id = stranger.send("getRouterRtpCapabilities", DATA);
        SessionOut.ErrorResponse e = stranger.errorResponse(id);
        assertEquals(new SessionOut.ErrorResponse(id, 410, "session is no longer current"), e);
        stranger.sendNotification("pauseProducer", DATA);
        stranger.close();
        stranger.expectNothing(java.time.Duration.ofMillis(200));
    }
}
