package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A header extension in an {@link RtpCapabilities} object. {@code direction} is from the point of view of
 * whoever advertises it: for the router, {@code recvonly} means "accepted from producers, never sent".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RtpHeaderExtensionCapability(String kind, String uri, Integer preferredId, Boolean preferredEncrypt,
        String direction) {
}
