package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A codec in an {@link RtpCapabilities} object: an entry of the router's {@code mediaCodecs} configuration,
 * of the router's capabilities, or of a device's receive capabilities. {@code parameters} values are
 * {@code String} or {@code Number}; the map keeps insertion order and, like the list, is unmodifiable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpCodecCapability(String kind, String mimeType, Integer preferredPayloadType, Integer clockRate,
        Integer channels, Map<String, Object> parameters, List<RtcpFeedback> rtcpFeedback) {
    public RtpCodecCapability {
        parameters = Params.freeze(parameters);
        rtcpFeedback = Params.freezeList(rtcpFeedback);
    }
}
