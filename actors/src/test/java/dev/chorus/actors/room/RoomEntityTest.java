package dev.chorus.actors.room;

import static dev.chorus.actors.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.TestSession;
import dev.chorus.actors.peer.SessionOut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sharded RoomEntity driven with its own commands: membership and producers as GetInfo reports them, the
 * router's life, and the notifications it sends to joined peers (observed through one real PeerEntity).
 */
class RoomEntityTest {
    private static final JsonNode DEVICE = obj("{'flag':'firefox','name':'Firefox','version':'128'}");

    private static ChorusTestNode node;
    private final List<TestSession> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = ChorusTestNode.start("RoomEntityTest");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void routersAreReleased() {
        opened.forEach(TestSession::close);
        node.awaitCounter("routers", 0);
    }

    private static EntityRef<RoomEntity.Command> room(String id) {
        return node.room(id);
    }

    private static TestProbe<StatusReply<RoomEntity.Placed>> connect(String roomId, String peerId) {
        TestProbe<StatusReply<RoomEntity.Placed>> probe = node.testKit().createTestProbe();
        room(roomId).tell(new RoomEntity.Connect(peerId, probe.ref()));
        return probe;
    }

    private static StatusReply<RoomEntity.JoinResult> join(String roomId, String peerId, String name,
                                                           boolean consuming) {
        TestProbe<StatusReply<RoomEntity.JoinResult>> probe = node.testKit().createTestProbe();
        room(roomId).tell(new RoomEntity.Join(peerId, name, DEVICE, consuming, probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    private static RoomEntity.JoinResult joined(String roomId, String peerId, String name, boolean consuming) {
        StatusReply<RoomEntity.JoinResult> reply = join(roomId, peerId, name, consuming);
        assertTrue(reply.isSuccess(), () -> "join of " + peerId + ": " + reply);
        return reply.getValue();
    }

    private static RoomEntity.RoomInfo info(String roomId) {
        TestProbe<RoomEntity.RoomInfo> probe = node.testKit().createTestProbe();
        room(roomId).tell(new RoomEntity.GetInfo(probe.ref()));
        return probe.receiveMessage(ChorusTestNode.WAIT);
    }

    private static List<String> peerIds(RoomEntity.RoomInfo info) {
        return info.peers().stream().map(RoomEntity.MemberInfo::id).toList();
    }

    private static List<String> producerIds(List<RoomEntity.ProducerSummary> producers) {
        return producers.stream().map(RoomEntity.ProducerSummary::producerId).toList();
    }

    private static void assertAck(TestProbe<StatusReply<RoomEntity.Placed>> probe) {
        StatusReply<RoomEntity.Placed> reply = probe.receiveMessage(ChorusTestNode.WAIT);
        assertTrue(reply.isSuccess(), () -> "connect: " + reply);
    }

    @Test
    void getInfoFollowsJoinsProducersAndLeaves() {
        String r = "room-info";
        RoomEntity.RoomInfo empty = info(r);
        assertEquals(r, empty.roomId());
        assertTrue(empty.peers().isEmpty() && empty.producers().isEmpty());
        assertFalse(empty.routerReady());

        assertAck(connect(r, "p1"));
        assertEquals(1, node.counter("routers"));
        RoomEntity.RoomInfo connected = info(r);
        assertTrue(connected.routerReady());
        assertTrue(connected.peers().isEmpty(), "connected is not joined");

        RoomEntity.JoinResult first = joined(r, "p1", "One", false);
        assertTrue(first.peers().isEmpty() && first.producers().isEmpty());
        JsonNode mic = obj("{'source':'mic','peerId':'p1'}");
        room(r).tell(new RoomEntity.ProducerAdded("p1", "prod-1", "audio", mic, "n"));
        room(r).tell(new RoomEntity.ProducerAdded("ghost", "prod-ghost", "audio", mic, "n"));

        RoomEntity.JoinResult second = joined(r, "p2", "Two", true);
        assertEquals(List.of(new RoomEntity.PeerSummary("p1", "One", DEVICE)), second.peers());
        assertEquals(List.of(new RoomEntity.ProducerSummary("prod-1", "p1", "audio", mic, "n")), second.producers());
        RoomEntity.JoinResult third = joined(r, "p3", "Three", false);
        assertEquals(List.of("p1", "p2"), third.peers().stream().map(RoomEntity.PeerSummary::id).toList());
        assertTrue(third.producers().isEmpty(), "a peer joining without capabilities is given nothing to consume");

        room(r).tell(new RoomEntity.ProducerAdded("p2", "prod-2", "video", obj("{'source':'webcam'}"), "n"));
        RoomEntity.RoomInfo full = info(r);
        assertEquals(List.of("p1", "p2", "p3"), peerIds(full));
        assertEquals(new RoomEntity.PeerSummary("p3", "Three", DEVICE), full.peers().get(2).summary());
        assertEquals(List.of("prod-1", "prod-2"), producerIds(full.producers()));

        // A member joining again from a fresh session (its leave was lost with a node): the stale membership
        // ends (journaled as a leave) and it joins anew, at the end of the join order (a peer's own second join is
        // refused by the peer itself).
        StatusReply<RoomEntity.JoinResult> twice = join(r, "p1", "One again", false);
        assertTrue(twice.isSuccess(), () -> "second join: " + twice);
        assertEquals(List.of("p2", "p3", "p1"), peerIds(info(r)));
        assertEquals("One again", info(r).peers().get(2).displayName());
        room(r).tell(new RoomEntity.ChangeDisplayName("p1", "One"));

        room(r).tell(new RoomEntity.ProducerRemoved("p1", "prod-1"));
        assertEquals(List.of("prod-2"), producerIds(info(r).producers()));
        room(r).tell(new RoomEntity.Leave("p2"));
        RoomEntity.RoomInfo afterLeave = info(r);
        assertEquals(List.of("p3", "p1"), peerIds(afterLeave));
        assertTrue(afterLeave.producers().isEmpty(), "a leaving peer's producers go with it");
        assertTrue(afterLeave.routerReady());

        room(r).tell(new RoomEntity.Leave("p1"));
        room(r).tell(new RoomEntity.Leave("p3"));
        RoomEntity.RoomInfo gone = info(r);
        assertTrue(gone.peers().isEmpty());
        assertFalse(gone.routerReady());
        node.awaitCounter("routers", 0);
    }

    @Test
    void changeDisplayNameAndDeparturesAreNotifiedToTheOthers() {
        String r = "room-rename";
        TestSession watcher = node.session(r, "watcher").attach(true);
        opened.add(watcher);
        watcher.ok("join", obj("{'displayName':'Watcher'}"));

        joined(r, "p1", "One", false);
        JsonNode newPeer = watcher.notification("newPeer");
        assertEquals(obj("{'id':'p1','displayName':'One','device':" + DEVICE + ",'peer':{'peerId':'p1',"
                + "'displayName':'One','device':" + DEVICE + "}}"), newPeer);

        room(r).tell(new RoomEntity.ChangeDisplayName("p1", "Uno"));
        assertEquals(obj("{'peerId':'p1','displayName':'Uno','oldDisplayName':'One'}"),
                watcher.notification("peerDisplayNameChanged"));

        // Not a member, or not joined: nobody hears of it.
        room(r).tell(new RoomEntity.ChangeDisplayName("ghost", "Boo"));
        assertAck(connect(r, "lurker"));
        room(r).tell(new RoomEntity.ChangeDisplayName("lurker", "Lurk"));
        room(r).tell(new RoomEntity.Leave("lurker"));
        room(r).tell(new RoomEntity.Leave("ghost"));
        watcher.expectNothing(Duration.ofMillis(300));

        // The watcher renames itself through the protocol: it is not told about its own rename.
        assertEquals(0, watcher.ok("changeDisplayName", obj("{'displayName':'Watcher 2'}")).size());
        watcher.expectNo(m -> m instanceof SessionOut.Notification, Duration.ofMillis(200), "notification");
        RoomEntity.RoomInfo info = info(r);
        assertEquals(List.of("Watcher 2", "Uno"),
                info.peers().stream().map(RoomEntity.MemberInfo::displayName).toList());

        room(r).tell(new RoomEntity.Leave("p1"));
        assertEquals(obj("{'peerId':'p1'}"), watcher.notification("peerClosed"));
        assertEquals(List.of("watcher"), peerIds(info(r)));
    }

    @Test
    void connectsShareOneRouterThatTheLastLeaveCloses() {
        String r = "room-router";
        List<TestProbe<StatusReply<RoomEntity.Placed>>> acks = List.of(connect(r, "a"), connect(r, "b"), connect(r, "c"));
        acks.forEach(RoomEntityTest::assertAck);
        assertEquals(1, node.counter("routers"));

        room(r).tell(new RoomEntity.Leave("a"));
        room(r).tell(new RoomEntity.Leave("b"));
        assertTrue(info(r).routerReady());
        assertEquals(1, node.counter("routers"));
        room(r).tell(new RoomEntity.Leave("c"));
        assertFalse(info(r).routerReady());
        node.awaitCounter("routers", 0);

        assertAck(connect(r, "d"));
        assertTrue(info(r).routerReady());
        assertEquals(1, node.counter("routers"));
        room(r).tell(new RoomEntity.Leave("d"));
        node.awaitCounter("routers", 0);
    }

    @Test
    void aPeerThatLeavesRightAfterConnectingLeavesNoRouter() {
        String r = "room-early-leave";
        TestProbe<StatusReply<RoomEntity.Placed>> ack = connect(r, "x");
        room(r).tell(new RoomEntity.Leave("x"));
        // Either the Leave arrives while the placement waits for the nodes' loads (the Connect is refused), or
        // after it (the router is created, then closed again): no router is left either way.
        StatusReply<RoomEntity.Placed> reply = ack.receiveMessage(ChorusTestNode.WAIT);
        if (reply.isError()) {
            assertEquals("peer left before it was placed", reply.getError().getMessage());
        }
        node.awaitCounter("routers", 0);
        assertFalse(info(r).routerReady());
    }

    @Test
    void aPlacedPeerKeepsItsNodeAndTheRoomReportsIt() {
        String r = "room-placed";
        TestProbe<StatusReply<RoomEntity.Placed>> first = connect(r, "a");
        RoomEntity.Placed placed = first.receiveMessage(ChorusTestNode.WAIT).getValue();
        assertEquals(node.mediaNode(), placed.node().media(), "the only media node");
        assertEquals(placed, connect(r, "a").receiveMessage(ChorusTestNode.WAIT).getValue(), "same node again");
        joined(r, "a", "A", false);
        assertEquals(placed.node().nodeId(), info(r).peers().get(0).nodeId());
        assertEquals(List.of(placed.node().nodeId()), info(r).routerNodes());
        room(r).tell(new RoomEntity.Leave("a"));
        node.awaitCounter("routers", 0);
    }
}
