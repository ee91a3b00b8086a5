package dev.chorus.media.ortc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Maps one producer encoding, known by {@code ssrc} and/or {@code rid}, to the SSRC the router uses for it
 * internally ({@code mappedSsrc}, which consumable parameters expose).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EncodingMapping(Long ssrc, String rid, String scalabilityMode, long mappedSsrc) {
}
