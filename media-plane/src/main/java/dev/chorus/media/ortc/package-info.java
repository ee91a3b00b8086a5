/**
 * ORTC negotiation for mediasoup-client compatibility: the router's RTP capabilities, validation and
 * mapping of a producer's RTP parameters onto the router's payload types and SSRCs, and the parameters
 * handed to consumers. Everything here is pure (no I/O, no clocks) and off the per-packet path; the
 * forwarding engine only reads the tables it produces ({@link dev.chorus.media.ortc.RtpMapping},
 * {@link dev.chorus.media.ortc.Ortc#ingressExtensionMap}).
 *
 * <p>The records mirror the JSON shapes mediasoup-client puts on the wire (field names as sent, null fields
 * omitted, unknown fields ignored); {@link dev.chorus.media.ortc.OrtcJson} holds the configured mapper.
 */
package dev.chorus.media.ortc;
