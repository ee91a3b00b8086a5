package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * RTP capabilities: what a router can receive and send, or what a device can receive (sent by the client in
 * {@code join}). Lists are unmodifiable copies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpCapabilities(List<RtpCodecCapability> codecs, List<RtpHeaderExtensionCapability> headerExtensions) {
    public RtpCapabilities {
        codecs = Params.freezeList(codecs);
        headerExtensions = Params.freezeList(headerExtensions);
    }
}
