package dev.chorus.actors.media;

import dev.chorus.actors.peer.PeerEntity;
import dev.chorus.media.api.MediaListener;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Turns media-plane events into messages to the owning {@link PeerEntity} (the owner tag is the peer's entity id).
 * Created before the actor system so it can be handed to the media plane, then bound to sharding.
 */
public final class MediaEventRelay implements MediaListener {
    private volatile ClusterSharding sharding;

    public void bind(ClusterSharding sharding) {
        this.sharding = sharding;
    }

    private void tell(String ownerTag, PeerEntity.Command msg) {
        ClusterSharding s = sharding;
        if (s != null && ownerTag != null) {
            s.entityRefFor(PeerEntity.TYPE_KEY, ownerTag).tell(msg);
        }
    }

    @Override
    public void onTransportClosed(String transportId, String ownerTag, String reason) {
        tell(ownerTag, new PeerEntity.TransportClosed(transportId, reason));
    }

    @Override
    public void onConsumerClosed(String consumerId, String ownerTag, String reason) {
        tell(ownerTag, new PeerEntity.ConsumerClosed(consumerId, reason));
    }

    @Override
    public void onConsumerProducerPaused(String consumerId, String ownerTag, boolean paused) {
        tell(ownerTag, new PeerEntity.ConsumerProducerPaused(consumerId, paused));
    }

    @Override
    public void onConsumerLayersChanged(String consumerId, String ownerTag, int spatialLayer, int temporalLayer) {
        tell(ownerTag, new PeerEntity.ConsumerLayersChanged(consumerId, spatialLayer < 0 ? null : spatialLayer,
                temporalLayer < 0 ? null : temporalLayer));
    }

    @Override
    public void onDownlinkBwe(String transportId, String ownerTag, long desiredBitrate, long effectiveDesiredBitrate,
                              long availableBitrate) {
        tell(ownerTag, new PeerEntity.DownlinkBwe(transportId, desiredBitrate, effectiveDesiredBitrate,
                availableBitrate));
    }

    @Override
    public void onProducerClosed(String producerId, String ownerTag, String reason) {
        tell(ownerTag, new PeerEntity.ProducerClosed(producerId, reason));
    }
}
