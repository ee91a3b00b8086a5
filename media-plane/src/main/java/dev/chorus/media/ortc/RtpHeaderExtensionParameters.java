package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** A negotiated header extension in {@link RtpParameters}: its URI and the numeric id used on the wire. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpHeaderExtensionParameters(String uri, Integer id, Boolean encrypt, Map<String, Object> parameters) {
    public RtpHeaderExtensionParameters {
        parameters = Params.freeze(parameters);
    }
}
