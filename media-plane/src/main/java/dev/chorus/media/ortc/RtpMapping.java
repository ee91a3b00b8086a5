package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a producer's streams are normalized on ingress: payload types (media and RTX) to router payload types,
 * and encodings to router-side SSRCs. Built by {@link Ortc#producerMapping}. Lists are unmodifiable copies,
 * in the order of the producer's codecs and encodings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpMapping(List<CodecMapping> codecs, List<EncodingMapping> encodings) {
    public RtpMapping {
        codecs = Params.freezeList(codecs);
        encodings = Params.freezeList(encodings);
    }
}
