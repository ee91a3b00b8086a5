package dev.chorus.actors.cluster;

import dev.chorus.actors.ChorusTestNode;
import dev.chorus.actors.stream.ProducerEntity;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Entity references for cluster tests. */
final class ClusterProbe {
    private ClusterProbe() {
    }

    static EntityRef<ProducerEntity.Command> producer(ChorusTestNode node, String producerId) {
        return ClusterSharding.get(node.testKit().system()).entityRefFor(ProducerEntity.TYPE_KEY, producerId);
    }
}
