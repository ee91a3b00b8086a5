/**
 * Book-keeping of the other participants in the room and the mediasoup-client consumers that
 * carry their media. Knows nothing about signaling or the DOM.
 */
export class RemotePeers {
  constructor() {
    /** @type {Map<string, {id: string, displayName: string, device: object, consumers: Map<string, any>}>} */
    this._peers = new Map();
  }

  /** Adds a peer, or refreshes the name/device of a known one. Returns the entry. */
  upsert({ id, displayName, device }) {
    let peer = this._peers.get(id);
    if (!peer) {
      peer = { id, displayName: displayName || id, device: device || {}, consumers: new Map() };
      this._peers.set(id, peer);
    } else {
      if (displayName) peer.displayName = displayName;
      if (device) peer.device = device;
    }
    return peer;
  }

  get(id) {
    return this._peers.get(id) || null;
  }

  has(id) {
    return this._peers.has(id);
  }

  /** All peer entries, in join order. */
  list() {
    return [...this._peers.values()];
  }

  /** Removes a peer and returns its entry (the caller closes its consumers), or null. */
  remove(id) {
    const peer = this._peers.get(id);
    if (!peer) return null;
    this._peers.delete(id);
    return peer;
  }

  /** Removes every peer and returns the removed entries. */
  clear() {
    const all = this.list();
    this._peers.clear();
    return all;
  }

  addConsumer(peerId, consumer) {
    const peer = this.upsert({ id: peerId });
    peer.consumers.set(consumer.id, consumer);
    return peer;
  }

  /** Finds a consumer by id: `{ peer, consumer }` or null. */
  findConsumer(consumerId) {
    for (const peer of this._peers.values()) {
      const consumer = peer.consumers.get(consumerId);
      if (consumer) return { peer, consumer };
    }
    return null;
  }

  /** Forgets a consumer and returns `{ peer, consumer }`, or null when unknown. */
  removeConsumer(consumerId) {
    const found = this.findConsumer(consumerId);
    if (found) found.peer.consumers.delete(consumerId);
    return found;
  }

  /**
   * What the UI needs to draw one peer's tile: the newest live track of each kind, whether the sender (or the
   * server) paused it, and the video consumer's id, type ('simple' | 'simulcast' | 'svc'), scalability mode and
   * the layers the server last said it forwards (null until told).
   */
  view(id) {
    const peer = this._peers.get(id);
    if (!peer) return null;
    const pick = (kind) => {
      let chosen = null;
      for (const c of peer.consumers.values()) {
        if (c.kind === kind && !c.closed) chosen = c;
      }
      return chosen;
    };
    const audio = pick('audio');
    const video = pick('video');
    return {
      id: peer.id,
      displayName: peer.displayName,
      audioTrack: audio ? audio.track : null,
      videoTrack: video ? video.track : null,
      audioPaused: audio ? Boolean(audio.appData.remotelyPaused) : false,
      videoPaused: video ? Boolean(video.appData.remotelyPaused) : false,
      video: video
        ? {
          consumerId: video.id,
          type: video.appData.consumerType || 'simple',
          scalabilityMode: scalabilityMode(video.rtpParameters),
          layers: video.appData.layers || null,
        }
        : null,
    };
  }

  /**
   * Receive statistics per remote peer, summed over its consumers' `inbound-rtp` entries:
   * `{ [peerId]: { video: {framesDecoded, packetsReceived, bytesReceived, frameWidth, frameHeight},
   * audio: {packetsReceived} } }` (frameWidth/-Height: of the last decoded frame, the widest video consumer).
   */
  async stats() {
    const result = {};
    const jobs = [];
    for (const peer of this._peers.values()) {
      const entry = {
        video: { framesDecoded: 0, packetsReceived: 0, bytesReceived: 0, frameWidth: 0, frameHeight: 0 },
        audio: { packetsReceived: 0 },
      };
      result[peer.id] = entry;
      for (const consumer of peer.consumers.values()) {
        if (consumer.closed) continue;
        jobs.push(collectInbound(consumer, entry));
      }
    }
    await Promise.all(jobs);
    return result;
  }
}

async function collectInbound(consumer, entry) {
  let report;
  try {
    report = await consumer.getStats();
  } catch {
    return; // closed meanwhile: contributes nothing
  }
  report.forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    if (consumer.kind === 'video') {
      entry.video.framesDecoded += s.framesDecoded || 0;
      entry.video.packetsReceived += s.packetsReceived || 0;
      entry.video.bytesReceived += s.bytesReceived || 0;
      if ((s.frameWidth || 0) > entry.video.frameWidth) {
        entry.video.frameWidth = s.frameWidth;
        entry.video.frameHeight = s.frameHeight || 0;
      }
    } else {
      entry.audio.packetsReceived += s.packetsReceived || 0;
    }
  });
}

function scalabilityMode(rtpParameters) {
  const encodings = (rtpParameters && rtpParameters.encodings) || [];
  return (encodings[0] && encodings[0].scalabilityMode) || null;
}
