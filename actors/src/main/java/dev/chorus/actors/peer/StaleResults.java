package dev.chorus.actors.peer;

import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.stream.ProducerEntity;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * A media step that completes after its session was replaced or ended must not be answered to anyone, and
 * whatever it created (a transport, producer or consumer) must not outlive it: close it on the node that made it.
 */
final class StaleResults {
    private StaleResults() {
    }

    static void cleanUp(Object value, ActorRef<MediaNode.Command> mediaNode, ActorSystem<?> system) {
        MediaOp close = null;
        if (value instanceof MediaReply.Transport t) {
            close = new MediaOp.CloseTransport(t.info().id());
        } else if (value instanceof MediaReply.Producer p) {
            close = new MediaOp.Verb(MediaOp.Verb.Target.PRODUCER, MediaOp.Verb.Action.CLOSE, p.info().id());
        } else if (value instanceof MediaReply.Consumer c) {
            close = new MediaOp.Verb(MediaOp.Verb.Target.CONSUMER, MediaOp.Verb.Action.CLOSE, c.info().id());
            ClusterSharding.get(system).entityRefFor(ProducerEntity.TYPE_KEY, c.info().producerId())
                    .tell(new ProducerEntity.Unsubscribe(c.info().id()));
        }
        if (close != null && mediaNode != null) {
            mediaNode.tell(new MediaNode.Exec(close, system.ignoreRef()));
        }
    }
}
