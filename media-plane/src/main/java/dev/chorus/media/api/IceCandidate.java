package dev.chorus.media.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A host candidate of the node (both {@code ip} and {@code address}, as older and newer clients read either). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceCandidate(String foundation, long priority, String ip, String address, String protocol, int port,
                           String type, String tcpType) {
}
