package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * RTP parameters as exchanged with mediasoup-client: what a producer sends ({@code produce}), what the
 * router can forward for it (consumable parameters) and what a consumer receives ({@code newConsumer}).
 * Lists are unmodifiable copies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpParameters(String mid, List<RtpCodecParameters> codecs,
        List<RtpHeaderExtensionParameters> headerExtensions, List<RtpEncodingParameters> encodings,
        RtcpParameters rtcp) {
    public RtpParameters {
        codecs = Params.freezeList(codecs);
        headerExtensions = Params.freezeList(headerExtensions);
        encodings = Params.freezeList(encodings);
    }
}
