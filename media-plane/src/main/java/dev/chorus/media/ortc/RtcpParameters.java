package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** RTCP settings of {@link RtpParameters}: the CNAME and whether reduced-size RTCP (RFC 5506) is used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtcpParameters(String cname, Boolean reducedSize) {
}
