package dev.chorus.actors.peer;

import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.media.MediaOp;
import dev.chorus.actors.media.MediaReply;
import dev.chorus.actors.media.NodeRef;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.state.Liveness;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * How a peer goes on across the things that interrupt it, and how it ends: its replicated state (what is saved,
 * and how an entity restarted on another node continues from it and reconciles with its media node), a session
 * that took the peer over and then starts from scratch (the media of earlier sessions is closed), and leaving.
 */
final class PeerContinuity {
    private PeerContinuity() {
    }

    /** The state to replicate, or null for a peer that has nothing worth keeping yet. */
    static PeerEntity.State snapshot(PeerBehavior p) {
        OwnedMedia owned = p.owned;
        if (p.session == null && p.node == null && !p.joined && owned.transports.isEmpty()) {
            return null;
        }
        return new PeerEntity.State(p.session, p.node, p.joined, p.displayName, p.rtpCapabilities, p.legacy,
                new LinkedHashMap<>(owned.transports), new LinkedHashMap<>(owned.producers),
                new LinkedHashMap<>(owned.consumers), p.away(), p.sessionNumber,
                new TreeMap<>(owned.transportSession), new TreeMap<>(owned.onTransport), p.remoteAddress,
                p.mayPublish, p.lastN.snapshot(), p.grant);
    }

    /** Continues from a saved state (the entity was restarted on another node), then checks what is gone. */
    static void restore(PeerBehavior p, PeerEntity.State s) {
        if (s == null) {
            return;
        }
        p.session = s.session();
        p.node = s.node();
        p.roomReady = p.node != null;
        p.joined = s.joined();
        p.displayName = s.displayName();
        p.rtpCapabilities = s.rtpCapabilities();
        p.legacy = s.legacy();
        p.owned.transports.putAll(s.transports());
        p.owned.producers.putAll(s.producers());
        p.owned.consumers.putAll(s.consumers());
        p.owned.transportSession.putAll(s.transportSession());
        p.owned.onTransport.putAll(s.onTransport());
        p.sessionNumber = s.sessionNumber();
        p.remoteAddress = s.remoteAddress();
        p.mayPublish = s.mayPublish();
        p.lastN.restore(s.lastN());
        p.grant = s.grant() == null ? PeerGrant.OPEN : s.grant();
        var ctx = p.context();
        ctx.getLog().info("peer {} of room {} continues on this node (session {}, media on {})", p.peerId, p.roomId,
                p.session, p.node == null ? null : p.node.nodeId());
        if (p.session != null && !Liveness.alive(ctx.getSystem(), p.session.path().address())) {
            p.session = null; // the node holding the client's socket is gone too: the client will come back elsewhere
        }
        if (s.away() || p.session == null) {
            p.startGrace();
        }
        if (p.node != null && !Liveness.alive(ctx.getSystem(), p.node.nodeId())) {
            ctx.getSelf().tell(new PeerEntity.MediaNodeLost(p.node.nodeId()));
        } else if (p.node != null) {
            reconcile(p);
        }
    }

    /**
     * Media events sent to the entity while its node went away may be lost: ask the media node about each
     * transport, producer and consumer the peer owns, and handle the ones that are gone as if their event had
     * arrived (a consumer closed, a producer closed, a transport closed).
     */
    private static void reconcile(PeerBehavior p) {
        for (String c : new ArrayList<>(p.owned.consumers.keySet())) {
            p.media(stats(MediaOp.Verb.Target.CONSUMER, c), (v, e) -> {
                if (e != null) {
                    PeerMediaEvents.consumerClosed(p, c);
                }
            });
        }
        for (String id : new ArrayList<>(p.owned.producers.keySet())) {
            p.media(stats(MediaOp.Verb.Target.PRODUCER, id), (v, e) -> {
                if (e != null) {
                    PeerMediaEvents.producerClosed(p, id, "gone");
                }
            });
        }
        for (String t : new ArrayList<>(p.owned.transports.keySet())) {
            p.media(stats(MediaOp.Verb.Target.TRANSPORT, t), (v, e) -> {
                if (e != null && p.owned.transports.containsKey(t)) {
                    p.context().getSelf().tell(new PeerEntity.TransportClosed(t, "gone"));
                }
            });
        }
    }

    private static MediaOp.Verb stats(MediaOp.Verb.Target target, String id) {
        return new MediaOp.Verb(target, MediaOp.Verb.Action.STATS, id);
    }

    /**
     * A resumed session joins from scratch: the media of earlier sessions (transports, and the producers and
     * consumers on them) is closed; what this session created stays. Others see those producers go, not the peer.
     */
    static void dropEarlierMedia(PeerBehavior p) {
        OwnedMedia owned = p.owned;
        List<String> old = new ArrayList<>();
        owned.transports.keySet().forEach(t -> {
            if (owned.transportSession.getOrDefault(t, 0L) < p.sessionNumber) {
                old.add(t);
            }
        });
        for (String t : old) {
            new ArrayList<>(owned.producers.keySet()).forEach(id -> {
                if (t.equals(owned.onTransport.get(id))) {
                    owned.producers.remove(id);
                    p.producer(id).tell(new ProducerEntity.Close("replaced by a new session"));
                    p.room().tell(new RoomEntity.ProducerRemoved(p.peerId, id));
                }
            });
            new ArrayList<>(owned.consumers.keySet()).forEach(c -> {
                if (t.equals(owned.onTransport.get(c))) {
                    p.consumer(c).tell(new ConsumerEntity.Close(owned.consumers.remove(c)));
                }
            });
            owned.transports.remove(t);
            owned.transportSession.remove(t);
            if (p.node != null && !p.nodeLost) {
                p.node.media().tell(new MediaNode.Exec(new MediaOp.CloseTransport(t),
                        p.context().getSystem().ignoreRef()));
            }
        }
    }

    /**
     * Closes everything the peer owns in the media plane, waits for that (so the others get their consumerClosed
     * before peerClosed), then tells the room it left and runs {@code then}. Nothing is asked of a lost node.
     */
    static void leave(PeerBehavior p, Runnable then) {
        OwnedMedia owned = p.owned;
        List<String> transports = p.nodeLost ? List.of() : new ArrayList<>(owned.transports.keySet());
        owned.producers.keySet().forEach(id -> p.producer(id).tell(new ProducerEntity.Close("peer left")));
        owned.consumers.forEach((id, producerId) -> p.consumer(id).tell(new ConsumerEntity.Close(producerId)));
        NodeRef mediaNode = p.node;
        p.owned = new OwnedMedia();
        p.lastN.reset();
        p.joined = false;
        p.joining = false;
        p.pendingConsumes.clear();
        p.rtpCapabilities = null;
        int[] left = {transports.size()};
        p.leaving = true;
        Runnable finish = () -> {
            p.room().tell(new RoomEntity.Leave(p.peerId, p.leaveReason));
            p.leaveDone(then);
        };
        if (transports.isEmpty()) {
            finish.run();
            return;
        }
        for (String t : transports) {
            long token = p.registerAlways((v, e) -> {
                if (--left[0] == 0) {
                    finish.run();
                }
            });
            p.context().askWithStatus(MediaReply.class, mediaNode.media(), p.askTimeout,
                    r -> new MediaNode.Exec(new MediaOp.CloseTransport(t), r),
                    (v, e) -> new PeerEntity.Continue(token, v, e));
        }
    }
}
