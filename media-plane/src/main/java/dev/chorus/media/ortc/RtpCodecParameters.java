package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A codec in {@link RtpParameters}: a producer's codec with the browser's payload type, or a consumable or
 * consumer codec with the router's payload type. {@code parameters} values are {@code String} or
 * {@code Number} (RTX carries {@code apt}); the map keeps insertion order and is unmodifiable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpCodecParameters(String mimeType, Integer payloadType, Integer clockRate, Integer channels,
        Map<String, Object> parameters, List<RtcpFeedback> rtcpFeedback) {
    public RtpCodecParameters {
        parameters = Params.freeze(parameters);
        rtcpFeedback = Params.freezeList(rtcpFeedback);
    }
}
