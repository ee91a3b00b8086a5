package dev.chorus.actors.media;

import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.media.api.MediaPlane;
import dev.chorus.media.speaker.LevelSummary;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.pattern.StatusReply;

/**
 * The one actor per node that calls the media-plane facade. It runs {@link MediaOp}s for entities on any node and
 * replies with a {@link MediaReply} (or an error whose message is client-facing), and reports its load for
 * placement. It registers with the Receptionist under {@link #KEY} when the node takes media. Media-plane events are
 * turned into messages by {@link MediaEventRelay}, not here, so this actor never sees per-packet traffic. Every
 * {@link #LEVELS_INTERVAL} it drains the audio levels of the producers whose media enters this node and sends each
 * room one {@link RoomEntity.AudioLevels} (none when nothing there has anything to report).
 */
public final class MediaNode {
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "media-node");
    /** How often the node drains its audio levels and posts them to the rooms. */
    public static final Duration LEVELS_INTERVAL = Duration.ofMillis(200);

    public sealed interface Command extends CborSerializable {
    }

    /** Runs {@code op}; replies with its value or an error. */
    public record Exec(MediaOp op, ActorRef<StatusReply<MediaReply>> replyTo) implements Command {
    }

    /** Asks for this node's reference and load. */
    public record GetLoad(ActorRef<Load> replyTo) implements Command {
    }

    /** A cluster member was removed: pipes to and from it are closed here. Local. */
    record NodeRemoved(String nodeId) implements Command {
    }

    /** Timer: drain the media plane's audio levels. Local. */
    record DrainAudioLevels() implements Command {
    }

    /** The drained audio levels (router id = room id → producer id → summary), or null when the drain failed. Local. */
    record AudioLevelsDrained(Map<String, Map<String, LevelSummary>> levels) implements Command {
    }

    /** A node and the number of peers whose media it holds. */
    public record Load(NodeRef node, int peers) implements CborSerializable {
    }

    private MediaNode() {
    }

    /** A MediaNode that takes media and so offers itself to placement. */
    public static Behavior<Command> create(MediaPlane media) {
        return create(media, true);
    }

    public static Behavior<Command> create(MediaPlane media, boolean register) {
        return create(media, register, LEVELS_INTERVAL, null);
    }

    /**
     * A MediaNode that drains audio levels every {@code levelsInterval} and hands each room's batch to
     * {@code levelsSink} (room id, message); null sends it to the room entity through sharding.
     */
    public static Behavior<Command> create(MediaPlane media, boolean register, Duration levelsInterval,
                                           BiConsumer<String, RoomEntity.AudioLevels> levelsSink) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay("levels", new DrainAudioLevels(), levelsInterval);
            BiConsumer<String, RoomEntity.AudioLevels> sink = levelsSink != null ? levelsSink
                    : (roomId, msg) -> ClusterSharding.get(ctx.getSystem())
                            .entityRefFor(RoomEntity.TYPE_KEY, roomId).tell(msg);
            return behavior(ctx, media, register, sink);
        }));
    }

    private static Behavior<Command> behavior(ActorContext<Command> ctx, MediaPlane media, boolean register,
                                              BiConsumer<String, RoomEntity.AudioLevels> levelsSink) {
        if (register) {
            ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
        }
        NodeRef self = new NodeRef(nodeId(Cluster.get(ctx.getSystem())), ctx.getSelf(), media.pipeEndpoint());
        ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                e -> new NodeRemoved(nodeId(e.member().address())));
        Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed,
                ClusterEvent.MemberRemoved.class));
        PipesByNode pipes = new PipesByNode();
        boolean[] draining = {false};
        return Behaviors.receive(Command.class)
                .onMessage(DrainAudioLevels.class, d -> {
                    if (!draining[0]) { // one drain at a time: a slow round skips ticks, never piles up
                        draining[0] = true;
                        ctx.pipeToSelf(media.drainAudioLevels(),
                                (levels, error) -> new AudioLevelsDrained(error == null ? levels : null));
                    }
                    return Behaviors.same();
                })
                .onMessage(AudioLevelsDrained.class, d -> {
                    draining[0] = false;
                    if (d.levels() != null) {
                        d.levels().forEach((roomId, levels) -> {
                            if (!levels.isEmpty()) {
                                levelsSink.accept(roomId, new RoomEntity.AudioLevels(levels));
                            }
                        });
                    }
                    return Behaviors.same();
                })
                .onMessage(Exec.class, e -> {
                    pipes.track(e.op());
                    run(media, e);
                    return Behaviors.same();
                })
                .onMessage(NodeRemoved.class, r -> {
                    var lost = pipes.removeNode(r.nodeId());
                    if (!lost.isEmpty()) {
                        ctx.getLog().warn("node {} is gone: closing {} pipe(s) to and from it", r.nodeId(),
                                lost.size());
                    }
                    lost.forEach(op -> op.run(media));
                    return Behaviors.same();
                })
                .onMessage(GetLoad.class, g -> {
                    g.replyTo().tell(new Load(self, media.ownerCount()));
                    return Behaviors.same();
                })
                .build();
    }

    /** A node's id: the host:port of its cluster address. */
    public static String nodeId(Cluster cluster) {
        return nodeId(cluster.selfMember().address());
    }

    /** The node id of a cluster address. */
    public static String nodeId(org.apache.pekko.actor.Address a) {
        return a.host().getOrElse(() -> "local") + ":" + a.port().getOrElse(() -> 0);
    }

    private static void run(MediaPlane media, Exec e) {
        try {
            e.op().run(media).whenComplete((value, error) -> {
                if (error == null) {
                    e.replyTo().tell(StatusReply.success(value == null ? MediaReply.ACK : value));
                } else {
                    e.replyTo().tell(StatusReply.error(reason(error)));
                }
            });
        } catch (RuntimeException ex) {
            e.replyTo().tell(StatusReply.error(reason(ex)));
        }
    }

    static String reason(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
