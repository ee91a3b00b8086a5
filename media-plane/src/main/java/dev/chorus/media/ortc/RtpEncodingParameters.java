package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One encoding (RTP stream) of {@link RtpParameters}. Producers identify streams by {@code ssrc} or by
 * {@code rid} (simulcast from browsers); consumers always have a single encoding with {@code ssrc}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpEncodingParameters(Long ssrc, String rid, Integer codecPayloadType, RtxParameters rtx, Boolean dtx,
        String scalabilityMode, Long maxBitrate, Double scaleResolutionDownBy, Boolean active) {
}
