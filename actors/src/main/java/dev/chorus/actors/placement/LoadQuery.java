package dev.chorus.actors.placement;

import dev.chorus.actors.CborSerializable;
import dev.chorus.actors.media.MediaNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A short-lived child of a room: finds every node that takes media (Receptionist), asks each for its load and
 * replies with what answered within {@code timeout} (a node that does not answer is not a candidate), then stops.
 */
public final class LoadQuery {
    private LoadQuery() {
    }

    /** The collected answers. */
    public record Loads(List<MediaNode.Load> loads) implements CborSerializable {
    }

    /** Internal messages (replies from the Receptionist and the nodes, the timeout). */
    public sealed interface Msg extends CborSerializable {
    }

    private record Found(Receptionist.Listing listing) implements Msg {
    }

    private record Answer(MediaNode.Load load) implements Msg {
    }

    private record TimedOut() implements Msg {
    }

    public static Behavior<Msg> create(ActorRef<Loads> replyTo, Duration timeout) {
        return Behaviors.<Msg>setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<Receptionist.Listing> listingAdapter = ctx.messageAdapter(Receptionist.Listing.class, Found::new);
            ActorRef<MediaNode.Load> loadAdapter = ctx.messageAdapter(MediaNode.Load.class, Answer::new);
            ctx.getSystem().receptionist().tell(Receptionist.find(MediaNode.KEY, listingAdapter));
            timers.startSingleTimer(new TimedOut(), timeout);
            List<MediaNode.Load> loads = new ArrayList<>();
            int[] expected = {-1};
            return Behaviors.receive(Msg.class)
                    .onMessage(Found.class, f -> {
                        Set<ActorRef<MediaNode.Command>> nodes = f.listing().getServiceInstances(MediaNode.KEY);
                        expected[0] = nodes.size();
                        if (nodes.isEmpty()) {
                            replyTo.tell(new Loads(List.of()));
                            return Behaviors.stopped();
                        }
                        nodes.forEach(n -> n.tell(new MediaNode.GetLoad(loadAdapter)));
                        return Behaviors.same();
                    })
                    .onMessage(Answer.class, a -> {
                        loads.add(a.load());
                        if (loads.size() == expected[0]) {
                            replyTo.tell(new Loads(List.copyOf(loads)));
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(TimedOut.class, t -> {
                        replyTo.tell(new Loads(List.copyOf(loads)));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
