package dev.chorus.actors.history;

import dev.chorus.actors.room.RoomEvent;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

import java.util.Set;

/**
 * A stand-in for the room entity in projection tests: journals whatever {@link RoomEvent} it is told to, under the
 * room's persistence id ({@code Room|<roomId>}) and tag, and replies once it is stored. Its state is the number of
 * events it has.
 */
final class JournalingRoom extends EventSourcedBehavior<JournalingRoom.Journal, RoomEvent, Integer> {

    /** Journal this event, then reply. */
    record Journal(RoomEvent event, ActorRef<Done> replyTo) {
    }

    private JournalingRoom(String roomId) {
        super(PersistenceId.of("Room", roomId));
    }

    static Behavior<Journal> create(String roomId) {
        return new JournalingRoom(roomId);
    }

    @Override
    public Integer emptyState() {
        return 0;
    }

    @Override
    public CommandHandler<Journal, RoomEvent, Integer> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Journal.class, (state, cmd) -> Effect().persist(cmd.event())
                        .thenReply(cmd.replyTo(), s -> Done.getInstance()))
                .build();
    }

    @Override
    public EventHandler<Integer, RoomEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state + 1);
    }

    @Override
    public Set<String> tagsFor(RoomEvent event) {
        return Set.of(RoomEvent.TAG);
    }
}
