package dev.chorus.actors.media;

import dev.chorus.actors.CborSerializable;
import dev.chorus.media.api.MediaPlane;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * The one actor per node that calls the media-plane facade. It runs {@link MediaOp}s and replies with the result
 * (or an error whose message is client-facing). Media-plane events are turned into messages by
 * {@link MediaEventRelay}, not here, so this actor never sees per-packet traffic.
 */
public final class MediaNode {
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "media-node");

    public sealed interface Command extends CborSerializable {
    }

    /** Runs {@code op}; replies with its value ({@link Done} for none) or an error. */
    public record Exec(MediaOp op, ActorRef<StatusReply<Object>> replyTo) implements Command {
    }

    private MediaNode() {
    }

    public static Behavior<Command> create(MediaPlane media) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
            return Behaviors.receive(Command.class)
                    .onMessage(Exec.class, e -> {
                        run(media, e);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void run(MediaPlane media, Exec e) {
        try {
            e.op().run(media).whenComplete((value, error) -> {
                if (error == null) {
                    e.replyTo().tell(StatusReply.success(value == null ? Done.getInstance() : value));
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
