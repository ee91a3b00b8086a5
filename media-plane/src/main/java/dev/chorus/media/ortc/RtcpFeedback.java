package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One RTCP feedback mechanism of a codec, e.g. {@code {"type":"nack","parameter":"pli"}}. Normalized values
 * carry {@code parameter:""} when the mechanism has no parameter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtcpFeedback(String type, String parameter) {
}
