package dev.chorus.media.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stats snapshots in the shape mediasoup clients display: a list of flat objects with a {@code type}. */
final class MediaStats {
    private MediaStats() {
    }

    static List<Map<String, Object>> transport(WebRtcTransport t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "webrtc-transport");
        m.put("transportId", t.id);
        m.put("timestamp", System.currentTimeMillis());
        m.put("iceRole", "controlled");
        m.put("iceState", t.ice.state().name().toLowerCase());
        m.put("dtlsState", t.dtls.state().name().toLowerCase());
        var tuple = t.ice.selectedTuple();
        if (tuple != null) {
            m.put("iceSelectedTuple", Map.of("remoteIp", tuple.remote().getAddress().getHostAddress(),
                    "remotePort", tuple.remote().getPort(), "protocol", tuple.protocol()));
        }
        m.put("bytesReceived", t.bytesReceived);
        m.put("bytesSent", t.bytesSent);
        m.put("rtpPacketsReceived", t.packetsReceived);
        m.put("rtpPacketsSent", t.packetsSent);
        if (t.srtp() != null) {
            m.put("srtpAuthFailures", t.srtp().authFailures());
        }
        if (!t.consumers.isEmpty()) {
            m.put("availableOutgoingBitrate", t.downlink.estimateBps());
            m.put("recvTransportCcFeedbacks", t.downlink.feedbackCount());
            DownlinkControl d = t.downlinkControl;
            if (d.allocation().limited()) {
                // What the consumers would use at their preferred layers, what they are given, padding being sent.
                m.put("desiredOutgoingBitrate", d.allocation().desiredBps());
                m.put("allocatedOutgoingBitrate", d.allocation().allocatedBps());
                m.put("paddingOutgoingBitrate", d.fillBps());
                m.put("probePacketsSent", d.padding().packets());
                m.put("probeClusters", d.probes());
            }
        }
        if (t.remb > 0) {
            m.put("rembBitrate", t.remb);
        }
        return List.of(m);
    }

    static List<Map<String, Object>> producer(Producer p) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProducerStream s : p.streams) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "inbound-rtp");
            m.put("timestamp", System.currentTimeMillis());
            m.put("kind", p.kind);
            m.put("ssrc", s.mediaSsrc);
            if (s.rtxSsrc >= 0) {
                m.put("rtxSsrc", s.rtxSsrc);
            }
            if (s.rid != null) {
                m.put("rid", s.rid);
            }
            m.put("mappedSsrc", s.mappedSsrc);
            m.put("packetCount", s.packets);
            m.put("byteCount", s.bytes);
            m.put("rtxPacketCount", s.rtxPackets);
            if (s.stats != null) {
                m.put("packetsLost", s.stats.packetsLost());
                m.put("jitter", s.stats.jitter());
            }
            list.add(m);
        }
        return list;
    }

    static List<Map<String, Object>> consumer(Consumer c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "outbound-rtp");
        m.put("timestamp", System.currentTimeMillis());
        m.put("kind", c.producer.kind);
        m.put("ssrc", c.ssrc);
        m.put("packetCount", c.stats.packetsSent());
        m.put("byteCount", c.stats.octetsSent());
        m.put("roundTripTime", c.stats.rttMs());
        m.put("fractionLost", c.stats.fractionLost());
        m.put("paused", c.paused);
        m.put("producerPaused", c.producerPaused);
        m.put("selected", !c.deselected);
        m.put("priority", c.priority);
        if (c.preferredSpatial >= 0) {
            m.put("preferredSpatialLayer", c.preferredSpatial);
        }
        if (c.preferredTemporal >= 0) {
            m.put("preferredTemporalLayer", c.preferredTemporal);
        }
        if (c.layers != null) {
            // The layers being forwarded (absent while none).
            if (c.layers.selector.currentSpatial() >= 0) {
                m.put("spatialLayer", c.layers.selector.currentSpatial());
                m.put("temporalLayer", c.layers.selector.currentTemporal());
            }
        } else if (c.svc != null && c.svc.forwarder.currentSpatial() >= 0) {
            m.put("spatialLayer", c.svc.forwarder.currentSpatial());
            m.put("temporalLayer", c.svc.forwarder.currentTemporal());
        }
        return List.of(m);
    }
}
