package dev.chorus.actors.media;

import dev.chorus.actors.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One node's media plane as the control plane addresses it: the node id (its cluster address, {@code host:port}),
 * its {@link MediaNode} and its inter-node data-plane endpoint (null if it has none).
 */
public record NodeRef(String nodeId, ActorRef<MediaNode.Command> media, String pipeEndpoint)
        implements CborSerializable {
}
