package dev.chorus.actors.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.room.RoomEntity.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/** Behaviour of {@link RoomEntity}: in-memory membership and producers; the router follows the connected peers. */
final class RoomBehavior extends AbstractBehavior<Command> {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private enum RouterState { NONE, CREATING, READY }

    private static final class Member {
        String displayName;
        JsonNode device;
        boolean joined;
        boolean consuming;
    }

    private final String roomId;
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final TimerScheduler<Command> timers;
    /** How long an empty room waits before it passivates (a reconnecting lone peer finds it still there). */
    static final Duration EMPTY_ROOM_LINGER = Duration.ofMinutes(2);
    private final ActorRef<MediaNode.Command> mediaNode;
    private final Duration askTimeout;
    private final ClusterSharding sharding;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, RoomEntity.ProducerSummary> producers = new LinkedHashMap<>();
    private final List<ActorRef<StatusReply<Done>>> waitingForRouter = new ArrayList<>();
    private RouterState router = RouterState.NONE;

    static Behavior<Command> create(String roomId, ActorRef<ClusterSharding.ShardCommand> shard,
                                    ActorRef<MediaNode.Command> mediaNode, Duration askTimeout) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new RoomBehavior(ctx, timers, roomId, shard, mediaNode, askTimeout)));
    }

    private RoomBehavior(ActorContext<Command> ctx, TimerScheduler<Command> timers, String roomId,
                         ActorRef<ClusterSharding.ShardCommand> shard, ActorRef<MediaNode.Command> mediaNode,
                         Duration askTimeout) {
        super(ctx);
        this.timers = timers;
        this.roomId = roomId;
        this.shard = shard;
        this.mediaNode = mediaNode;
        this.askTimeout = askTimeout;
        this.sharding = ClusterSharding.get(ctx.getSystem());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RoomEntity.Connect.class, this::onConnect)
                .onMessage(RoomEntity.Join.class, this::onJoin)
                .onMessage(RoomEntity.Leave.class, this::onLeave)
                .onMessage(RoomEntity.ProducerAdded.class, this::onProducerAdded)
                .onMessage(RoomEntity.ProducerRemoved.class, this::onProducerRemoved)
                .onMessage(RoomEntity.ChangeDisplayName.class, this::onChangeDisplayName)
                .onMessage(RoomEntity.GetInfo.class, this::onGetInfo)
                .onMessage(RoomEntity.RouterResult.class, this::onRouterResult)
                .onMessage(RoomEntity.PassivateIfEmpty.class, this::onPassivateIfEmpty)
                .build();
    }

    private Behavior<Command> onConnect(RoomEntity.Connect c) {
        members.putIfAbsent(c.peerId(), new Member());
        switch (router) {
            case READY -> c.replyTo().tell(StatusReply.ack());
            case CREATING -> waitingForRouter.add(c.replyTo());
            case NONE -> {
                waitingForRouter.add(c.replyTo());
                createRouter();
            }
        }
        return this;
    }

    private void createRouter() {
        router = RouterState.CREATING;
        getContext().askWithStatus(Object.class, mediaNode, askTimeout,
                r -> new MediaNode.Exec(new MediaOp.CreateRouter(roomId), r),
                (ok, err) -> new RoomEntity.RouterResult(err == null, err == null ? null : err.getMessage()));
    }

    private Behavior<Command> onRouterResult(RoomEntity.RouterResult r) {
        if (!r.created()) {
            router = RouterState.NONE;
            waitingForRouter.forEach(w -> w.tell(StatusReply.error("cannot create the room's router: " + r.error())));
            waitingForRouter.clear();
            return this;
        }
        router = RouterState.READY;
        waitingForRouter.forEach(w -> w.tell(StatusReply.ack()));
        waitingForRouter.clear();
        if (members.isEmpty()) {
            closeRouter();
            passivateIfEmpty();
        }
        return this;
    }

    private void closeRouter() {
        if (router == RouterState.READY) {
            router = RouterState.NONE;
            mediaNode.tell(new MediaNode.Exec(new MediaOp.CloseRouter(roomId), getContext().getSystem().ignoreRef()));
        }
    }

    private Behavior<Command> onJoin(RoomEntity.Join j) {
        Member m = members.computeIfAbsent(j.peerId(), k -> new Member());
        if (m.joined) {
            j.replyTo().tell(StatusReply.error("Peer already joined"));
            return this;
        }
        m.joined = true;
        m.displayName = j.displayName();
        m.device = j.device();
        m.consuming = j.consuming();
        List<RoomEntity.PeerSummary> others = new ArrayList<>();
        members.forEach((id, o) -> {
            if (o.joined && !id.equals(j.peerId())) {
                others.add(new RoomEntity.PeerSummary(id, o.displayName, o.device));
            }
        });
        List<RoomEntity.ProducerSummary> toConsume = new ArrayList<>();
        if (j.consuming()) {
            producers.values().forEach(p -> {
                if (!p.peerId().equals(j.peerId())) {
                    toConsume.add(p);
                }
            });
        }
        j.replyTo().tell(StatusReply.success(new RoomEntity.JoinResult(others, toConsume)));
        ObjectNode newPeer = JSON.objectNode();
        newPeer.put("id", j.peerId()).put("displayName", j.displayName()).set("device", j.device());
        ObjectNode nested = JSON.objectNode();
        nested.put("peerId", j.peerId()).put("displayName", j.displayName()).set("device", j.device());
        newPeer.set("peer", nested);
        notifyJoined(j.peerId(), "newPeer", newPeer);
        return this;
    }

    private Behavior<Command> onLeave(RoomEntity.Leave l) {
        Member m = members.remove(l.peerId());
        producers.values().removeIf(p -> p.peerId().equals(l.peerId()));
        if (m != null && m.joined) {
            notifyJoined(l.peerId(), "peerClosed", JSON.objectNode().put("peerId", l.peerId()));
        }
        if (members.isEmpty()) {
            closeRouter();
            passivateIfEmpty();
        }
        return this;
    }

    /** An empty room goes away after a while (sharding starts a fresh one on the next message). */
    private void passivateIfEmpty() {
        if (shard != null && members.isEmpty()) {
            timers.startSingleTimer("passivate", new RoomEntity.PassivateIfEmpty(), EMPTY_ROOM_LINGER);
        }
    }

    private Behavior<Command> onPassivateIfEmpty(RoomEntity.PassivateIfEmpty p) {
        if (shard != null && members.isEmpty() && router == RouterState.NONE) {
            shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
        }
        return this;
    }

    private Behavior<Command> onProducerAdded(RoomEntity.ProducerAdded p) {
        Member owner = members.get(p.peerId());
        if (owner == null || !owner.joined) {
            return this;
        }
        RoomEntity.ProducerSummary s = new RoomEntity.ProducerSummary(p.producerId(), p.peerId(), p.kind(), p.appData());
        producers.put(p.producerId(), s);
        members.forEach((id, m) -> {
            if (m.joined && m.consuming && !id.equals(p.peerId())) {
                peer(id).tell(new PeerEntity.ConsumeProducer(p.producerId(), p.peerId(), p.kind(), p.appData()));
            }
        });
        return this;
    }

    private Behavior<Command> onProducerRemoved(RoomEntity.ProducerRemoved p) {
        producers.remove(p.producerId());
        return this;
    }

    private Behavior<Command> onChangeDisplayName(RoomEntity.ChangeDisplayName c) {
        Member m = members.get(c.peerId());
        if (m == null || !m.joined) {
            return this;
        }
        String old = m.displayName;
        m.displayName = c.displayName();
        ObjectNode data = JSON.objectNode();
        data.put("peerId", c.peerId()).put("displayName", c.displayName()).put("oldDisplayName", old);
        notifyJoined(c.peerId(), "peerDisplayNameChanged", data);
        return this;
    }

    private Behavior<Command> onGetInfo(RoomEntity.GetInfo g) {
        List<RoomEntity.PeerSummary> peers = new ArrayList<>();
        members.forEach((id, m) -> {
            if (m.joined) {
                peers.add(new RoomEntity.PeerSummary(id, m.displayName, m.device));
            }
        });
        g.replyTo().tell(new RoomEntity.RoomInfo(roomId, peers, new ArrayList<>(producers.values()),
                router == RouterState.READY));
        return this;
    }

    private void notifyJoined(String exceptPeerId, String method, JsonNode data) {
        members.forEach((id, m) -> {
            if (m.joined && !id.equals(exceptPeerId)) {
                peer(id).tell(new PeerEntity.NotifyClient(method, data));
            }
        });
    }

    private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<PeerEntity.Command> peer(String peerId) {
        return sharding.entityRefFor(PeerEntity.TYPE_KEY, PeerEntity.entityId(roomId, peerId));
    }
}
