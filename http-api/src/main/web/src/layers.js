/**
 * Per-tile layer requests: for each remote video consumer, asks the server for the simulcast spatial layer that
 * fits the size its tile is drawn at (`setConsumerPreferredLayers`), and gives the large tile of spotlight /
 * sidebar a higher bandwidth priority (`setConsumerPriority`).
 *
 * Re-evaluated when a tile changes size (ResizeObserver: layout switches, the spotlighted peer, window resizes)
 * and when the caller says the main tile changed. Requests are debounced and sent only on change: a tile that
 * flips between sizes within the debounce sends nothing, and one request is in flight per consumer at a time.
 * Knows no signaling beyond the `request` function it is given; the DOM only through `measure`.
 */

/**
 * Width thresholds, in device pixels, of the picture a tile needs: below the first a tile gets spatial layer 0,
 * below the second layer 1, otherwise layer 2 (always capped at the layers the consumer has). With a 960x540
 * camera the layers are 240, 480 and 960 pixels wide, so a tile gets the smallest layer at most ~1.5 times
 * narrower than itself: thumbnails (strip, side column, grids of 9 and more) layer 0, a 2x2 grid layer 1,
 * the large tile of spotlight / sidebar layer 2.
 */
export const LAYER_THRESHOLDS = Object.freeze([360, 720]);
/** How long a changed tile size must hold before a request goes out, ms. */
export const DEBOUNCE_MS = 300;
/** `setConsumerPriority` of the large tile's video, and of every other video (the server's default is 1). */
export const PRIORITY_MAIN = 2;
export const PRIORITY_OTHER = 1;

/** Spatial and temporal layer counts from a scalability mode such as `L3T3` (absent or unreadable: 1 x 1). */
export function parseScalabilityMode(mode) {
  const m = /^[LS](\d+)T(\d+)/.exec(String(mode || ''));
  if (!m) return { spatialLayers: 1, temporalLayers: 1 };
  return { spatialLayers: Math.max(1, Number(m[1])), temporalLayers: Math.max(1, Number(m[2])) };
}

/**
 * Width in device pixels of a 16:9 picture drawn to cover a `width` x `height` CSS-pixel tile (the tiles use
 * `object-fit: cover`, so a tall tile needs a wider picture than its own width).
 */
export function coverWidth(width, height, dpr = 1) {
  if (!(width > 0) || !(height > 0)) return 0;
  return Math.round(Math.max(width, (height * 16) / 9) * dpr);
}

/** The spatial layer for a needed picture width (see LAYER_THRESHOLDS), capped at `spatialLayers - 1`. */
export function spatialLayerFor(neededWidth, spatialLayers) {
  let layer = 0;
  for (const threshold of LAYER_THRESHOLDS) if (neededWidth >= threshold) layer++;
  return Math.max(0, Math.min(layer, spatialLayers - 1));
}

export class LayerRequests {
  /**
   * @param {object} o
   * @param {(method: string, data: object) => Promise<any>} o.request protoo request to the server
   * @param {(tile: Element) => {width: number, height: number}} [o.measure] a tile's size in CSS pixels
   * @param {() => number} [o.dpr] device pixel ratio
   * @param {(fn: (entries: any[]) => void) => {observe: Function, unobserve: Function, disconnect: Function}} [o.observer]
   * @param {number} [o.debounceMs]
   * @param {Function} [o.schedule] setTimeout
   * @param {Function} [o.cancel] clearTimeout
   */
  constructor({
    request,
    measure = (tile) => ({ width: tile.clientWidth, height: tile.clientHeight }),
    dpr = () => globalThis.devicePixelRatio || 1,
    observer = (fn) => new ResizeObserver(fn),
    debounceMs = DEBOUNCE_MS,
    schedule = (fn, ms) => setTimeout(fn, ms),
    cancel = (id) => clearTimeout(id),
  }) {
    this._request = request;
    this._measure = measure;
    this._dpr = dpr;
    this._debounceMs = debounceMs;
    this._schedule = schedule;
    this._cancel = cancel;
    /** peerId -> state of its tile and video consumer. */
    this._peers = new Map();
    this._byTile = new Map();
    this._main = null;
    this._observer = observer((entries) => {
      for (const entry of entries) {
        const peerId = this._byTile.get(entry.target);
        if (peerId !== undefined) this._evaluate(this._peers.get(peerId));
      }
    });
    /** Requests sent, by method (for tests and diagnostics). */
    this.sent = { setConsumerPreferredLayers: 0, setConsumerPriority: 0 };
  }

  /**
   * Tells which tile shows `peerId` and its current video consumer (`video` as in RemotePeers.view(): null when
   * it has none). A new consumer id starts from scratch (the server starts it at the highest layer, priority 1).
   */
  update(peerId, tile, video) {
    let peer = this._peers.get(peerId);
    if (!peer) {
      peer = { peerId, tile: null, video: null };
      this._peers.set(peerId, peer);
    }
    if (peer.tile !== tile) {
      if (peer.tile) this._unobserve(peer.tile);
      peer.tile = tile;
      if (tile) {
        this._byTile.set(tile, peerId);
        this._observer.observe(tile);
      }
    }
    const consumerId = video ? video.consumerId : null;
    if ((peer.video ? peer.video.consumerId : null) !== consumerId) {
      this._stopTimer(peer.video);
      peer.video = null;
      if (consumerId) {
        const counts = parseScalabilityMode(video.scalabilityMode);
        peer.video = {
          consumerId,
          spatialLayers: video.type !== 'simple' ? counts.spatialLayers : 1,
          temporalLayers: counts.temporalLayers,
          sent: { spatialLayer: null, priority: PRIORITY_OTHER },
          timer: null,
          inFlight: false,
        };
      }
    }
    this._evaluate(peer);
  }

  /** Forgets a peer whose tile is gone. */
  remove(peerId) {
    const peer = this._peers.get(peerId);
    if (!peer) return;
    this._stopTimer(peer.video);
    peer.video = null;
    if (peer.tile) this._unobserve(peer.tile);
    this._peers.delete(peerId);
  }

  /** Forgets every peer (left the room, or joining again with new consumers). */
  clear() {
    for (const peerId of [...this._peers.keys()]) this.remove(peerId);
  }

  /** The peer shown large (spotlight / sidebar), or null: its video gets PRIORITY_MAIN. */
  setMain(peerId) {
    this._main = peerId;
    this.refresh();
  }

  /** Re-evaluates every tile (after a layout change, or once the signaling is back after a reconnect). */
  refresh() {
    for (const peer of this._peers.values()) this._evaluate(peer);
  }

  /** What each peer's tile wants and what was last acknowledged, for tests and diagnostics. */
  snapshot() {
    const out = {};
    for (const peer of this._peers.values()) {
      const v = peer.video;
      out[peer.peerId] = v
        ? { consumerId: v.consumerId, spatialLayers: v.spatialLayers, wanted: this._wanted(peer, v), sent: { ...v.sent } }
        : { consumerId: null };
    }
    return out;
  }

  _unobserve(tile) {
    this._observer.unobserve(tile);
    this._byTile.delete(tile);
  }

  _stopTimer(video) {
    if (video && video.timer) this._cancel(video.timer);
    if (video) video.timer = null;
  }

  /** What the tile wants now: {spatialLayer (null: not a layered consumer), temporalLayer, priority}. */
  _wanted(peer, video) {
    const priority = peer.peerId === this._main ? PRIORITY_MAIN : PRIORITY_OTHER;
    if (video.spatialLayers < 2 || !peer.tile) return { spatialLayer: null, temporalLayer: null, priority };
    const { width, height } = this._measure(peer.tile);
    const spatialLayer = spatialLayerFor(coverWidth(width, height, this._dpr()), video.spatialLayers);
    return { spatialLayer, temporalLayer: video.temporalLayers - 1, priority };
  }

  _differs(video, wanted) {
    return (wanted.spatialLayer !== null && wanted.spatialLayer !== video.sent.spatialLayer)
      || wanted.priority !== video.sent.priority;
  }

  _evaluate(peer) {
    const video = peer && peer.video;
    if (!video || video.inFlight) return;
    if (!this._differs(video, this._wanted(peer, video))) {
      this._stopTimer(video); // changed and changed back within the debounce: nothing to send
      return;
    }
    if (!video.timer) video.timer = this._schedule(() => this._flush(peer, video), this._debounceMs);
  }

  /** Sends what differs, one request at a time for this consumer, then looks again (the tile may have moved). */
  async _flush(peer, video) {
    video.timer = null;
    if (peer.video !== video) return;
    const { consumerId } = video;
    const wanted = this._wanted(peer, video);
    video.inFlight = true;
    try {
      if (wanted.spatialLayer !== null && wanted.spatialLayer !== video.sent.spatialLayer) {
        const { spatialLayer, temporalLayer } = wanted;
        this.sent.setConsumerPreferredLayers++;
        await this._request('setConsumerPreferredLayers', { consumerId, spatialLayer, temporalLayer });
        video.sent.spatialLayer = spatialLayer;
      }
      if (wanted.priority !== video.sent.priority && peer.video === video) {
        this.sent.setConsumerPriority++;
        await this._request('setConsumerPriority', { consumerId, priority: wanted.priority });
        video.sent.priority = wanted.priority;
      }
    } catch (error) {
      // Socket down or consumer gone: what was not acknowledged is retried on the next change or refresh().
      console.debug('chorus: layer request for %s failed', consumerId, error);
      video.inFlight = false;
      return;
    }
    video.inFlight = false;
    if (peer.video === video) this._evaluate(peer);
  }
}
