/**
 * Simulcast forwarding, pure and per packet (no clocks, no locks, no allocation on the packet path; time is passed
 * in): {@link dev.chorus.media.simulcast.Vp8Descriptor} reads and rewrites the VP8 payload descriptor (RFC 7741);
 * {@link dev.chorus.media.simulcast.LayerStats} and {@link dev.chorus.media.simulcast.SenderReportTable} hold the
 * per-producer facts (stream activity and bitrates, sender-report clocks);
 * {@link dev.chorus.media.simulcast.LayerSelector} chooses a consumer's layers and decides per packet;
 * {@link dev.chorus.media.simulcast.SimulcastRewriter} keeps the consumer's outgoing stream continuous
 * (sequence numbers, timestamps, PictureID, TL0PICIDX) over {@link dev.chorus.media.forward.SerialRewriter}s;
 * {@link dev.chorus.media.simulcast.SimulcastForwarder} is the per-packet sequence tying the two together.
 * For VP9 SVC (one stream, spatial layers inside), {@link dev.chorus.media.simulcast.Vp9Descriptor} reads the
 * payload descriptor (RFC 9628), {@link dev.chorus.media.simulcast.SvcLayerFilter} filters spatial and temporal
 * layers and places the marker bit, and {@link dev.chorus.media.simulcast.SvcForwarder} chooses a consumer's target
 * layers and keeps its numbering gap-free.
 * Everything is confined to the media worker that owns the producer and its consumers.
 */
package dev.chorus.media.simulcast;
