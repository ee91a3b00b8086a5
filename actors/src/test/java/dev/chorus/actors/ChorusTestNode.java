package dev.chorus.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.actors.media.MediaEventRelay;
import dev.chorus.actors.media.MediaNode;
import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.actors.peer.SessionOut;
import dev.chorus.actors.room.RoomEntity;
import dev.chorus.actors.stream.ConsumerEntity;
import dev.chorus.actors.stream.ProducerEntity;
import dev.chorus.media.api.MediaPlaneConfig;
import dev.chorus.media.engine.MediaPlaneImpl;
import dev.chorus.media.pipe.AeronBridgeConfig;
import org.apache.pekko.actor.Address;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import dev.chorus.persistence.DatabaseSettings;
import dev.chorus.persistence.Schema;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * One Chorus node for actor tests: a real loopback {@link MediaPlaneImpl}, an {@link ActorTestKit} running a
 * single-member cluster (joined to itself by {@link ChorusGuardian}), and sharding of rooms and peers.
 */
public final class ChorusTestNode implements AutoCloseable {
    /** Upper bound for any single expected message; generous for a loaded 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(5);
    /** Ask timeout of the entities: short, so that a lost reply shows up as a failure well within {@link #WAIT}. */
    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private static final String BASE_CONFIG = """
            pekko.loglevel = WARNING
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.log-info = off
            # A message buffered for a shard while the node shuts down holds the region's graceful stop until its
            # phase times out; keep that phase short and give the whole shutdown room.
            pekko.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 3s
            pekko.actor.testkit.typed.system-shutdown-default = 30s
            """;

    private final MediaPlaneImpl media;
    private final ActorTestKit testKit;
    private final ActorRef<MediaNode.Command> mediaNode;
    private final ClusterSharding sharding;

    /** The journal database of this node's cluster (an H2 in-memory database shared by the cluster's nodes). */
    private final String dbUrl;

    private ChorusTestNode(String name, Config extra, boolean viaGuardian) {
        this(name, extra, viaGuardian, null, null);
    }

    private ChorusTestNode(String name, Config extra, boolean viaGuardian, Address joinTo, String sharedDbUrl) {
        MediaEventRelay relay = new MediaEventRelay();
        this.media = new MediaPlaneImpl(MediaPlaneConfig.loopback().withPipe(AeronBridgeConfig.loopback(0)), relay);
        this.dbUrl = sharedDbUrl != null ? sharedDbUrl
                : "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=false";
        Config base = extra.withFallback(ConfigFactory.parseString(BASE_CONFIG))
                .withFallback(ConfigFactory.parseString("chorus.db.url = \"" + dbUrl + "\""))
                .withFallback(ConfigFactory.parseResources("chorus-actors.conf"))
                .withFallback(ConfigFactory.defaultReference());
        Config config = DatabaseSettings.from(base).pekkoConfig().withFallback(base).resolve();
        this.testKit = ActorTestKit.create(name, config);
        try {
            Schema.createIfNotExists(testKit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            testKit.shutdownTestKit();
            throw new IllegalStateException("cannot create the journal schema", e);
        }
        TestProbe<SelfUp> up = testKit.createTestProbe();
        Cluster cluster = Cluster.get(testKit.system());
        cluster.subscriptions().tell(Subscribe.create(up.ref(), SelfUp.class));
        if (viaGuardian) {
            ActorRef<ChorusGuardian.GetMediaNode> guardian =
                    testKit.spawn(ChorusGuardian.create(media, relay, ASK_TIMEOUT, joinTo == null), "chorus");
            if (joinTo != null) {
                cluster.manager().tell(Join.create(joinTo));
            }
            TestProbe<ActorRef<MediaNode.Command>> reply = testKit.createTestProbe();
            guardian.tell(new ChorusGuardian.GetMediaNode(reply.ref()));
            this.mediaNode = reply.receiveMessage(Duration.ofSeconds(10));
        } else {
            // The guardian's wiring, step by step (its GetMediaNode is a local-only message).
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            this.mediaNode = testKit.spawn(MediaNode.create(media), "media-node");
            RoomEntity.init(testKit.system(), ASK_TIMEOUT, 50);
            PeerEntity.init(testKit.system(), ASK_TIMEOUT);
            ProducerEntity.init(testKit.system(), ASK_TIMEOUT);
            ConsumerEntity.init(testKit.system());
            relay.bind(ClusterSharding.get(testKit.system()));
        }
        up.expectMessageClass(SelfUp.class, Duration.ofSeconds(20));
        this.sharding = ClusterSharding.get(testKit.system());
    }

    /** Starts a node wired by {@link ChorusGuardian}, with the base test configuration. */
    public static ChorusTestNode start(String name) {
        return new ChorusTestNode(name, ConfigFactory.empty(), true);
    }

    /**
     * Starts a node that joins {@code seed}'s cluster (wired by {@link ChorusGuardian}); all nodes of one cluster
     * must share the actor system {@code name}.
     */
    public static ChorusTestNode join(String name, String extraConfig, ChorusTestNode seed) {
        return new ChorusTestNode(name, ConfigFactory.parseString(extraConfig), true, seed.address(), seed.dbUrl);
    }

    /**
     * Starts a node (wired by {@link ChorusGuardian}, its own one-node cluster) on the journal database of an
     * earlier node ({@link #dbUrl()}): a restart of that node.
     */
    public static ChorusTestNode restart(String name, String extraConfig, String dbUrl) {
        return new ChorusTestNode(name, ConfigFactory.parseString(extraConfig), true, null, dbUrl);
    }

    /** The JDBC url of this node's journal database. */
    public String dbUrl() {
        return dbUrl;
    }

    /** This node's cluster address. */
    public Address address() {
        return Cluster.get(testKit.system()).selfMember().address();
    }

    /** This node's id as placement reports it (host:port of its cluster address). */
    public String nodeId() {
        return MediaNode.nodeId(Cluster.get(testKit.system()));
    }

    /**
     * Starts a node whose configuration is {@code extraConfig} (HOCON) over the base test configuration.
     * {@code viaGuardian} false does the guardian's wiring directly (join, MediaNode, sharding init, relay).
     */
    public static ChorusTestNode start(String name, String extraConfig, boolean viaGuardian) {
        return new ChorusTestNode(name, ConfigFactory.parseString(extraConfig), viaGuardian);
    }

    public ActorTestKit testKit() {
        return testKit;
    }

    public MediaPlaneImpl media() {
        return media;
    }

    public ActorRef<MediaNode.Command> mediaNode() {
        return mediaNode;
    }

    public EntityRef<PeerEntity.Command> peer(String roomId, String peerId) {
        return sharding.entityRefFor(PeerEntity.TYPE_KEY, PeerEntity.entityId(roomId, peerId));
    }

    public EntityRef<RoomEntity.Command> room(String roomId) {
        return sharding.entityRefFor(RoomEntity.TYPE_KEY, roomId);
    }

    /** A fake signaling session for {@code peerId} in {@code roomId}; not attached yet. */
    public TestSession session(String roomId, String peerId) {
        return new TestSession(testKit.createTestProbe(SessionOut.class), peer(roomId, peerId));
    }

    /** A node-wide media-plane counter such as "routers", "transports", "producers" or "consumers". */
    public long counter(String name) {
        Long v = media.counters().get(name);
        if (v == null) {
            throw new AssertionError("no media counter named " + name);
        }
        return v;
    }

    /** Waits until the media counter {@code name} equals {@code expected} (media-plane work is asynchronous). */
    public void awaitCounter(String name, long expected) {
        testKit.createTestProbe().awaitAssert(WAIT, Duration.ofMillis(20), () -> {
            assertEquals(expected, counter(name), "media counter " + name);
            return null;
        });
    }

    /**
     * Stops this node the way a crash does: the media plane goes, and the actor system stops without leaving the
     * cluster (the node must run with {@code pekko.coordinated-shutdown.run-by-actor-system-terminate = off}).
     */
    public void crash() {
        media.close();
        testKit.shutdownTestKit();
    }

    @Override
    public void close() {
        try {
            testKit.shutdownTestKit();
        } finally {
            media.close();
        }
    }
}
