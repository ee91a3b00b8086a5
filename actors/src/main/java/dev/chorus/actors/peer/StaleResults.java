package dev.chorus.actors.peer;

import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.media.api.ConsumerInfo;
import dev.chorus.media.api.ProducerInfo;
import dev.chorus.media.api.TransportInfo;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A media step that completes after its session was replaced or ended must not be answered to anyone, and
 * whatever it created (a transport, producer or consumer) must not outlive it: close it.
 */
final class StaleResults {
    private StaleResults() {
    }

    static void cleanUp(Object value, ActorRef<MediaNode.Command> mediaNode, ActorSystem<?> system) {
        MediaOp close = null;
        if (value instanceof TransportInfo t) {
            close = new MediaOp.CloseTransport(t.id());
        } else if (value instanceof ProducerInfo p) {
            close = new MediaOp.Verb(MediaOp.Verb.Target.PRODUCER, MediaOp.Verb.Action.CLOSE, p.id());
        } else if (value instanceof ConsumerInfo c) {
            close = new MediaOp.Verb(MediaOp.Verb.Target.CONSUMER, MediaOp.Verb.Action.CLOSE, c.id());
        }
        if (close != null) {
            mediaNode.tell(new MediaNode.Exec(close, system.ignoreRef()));
        }
    }
}
