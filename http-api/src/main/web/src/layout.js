/**
 * Which tile is the large one: the layout state of the meeting page (layout name, pinned peer, last remote
 * speaker) and the rule that picks the main tile from it. No DOM; Stage draws the result.
 *
 * Layouts: 'grid' (all tiles the same size), 'spotlight' (one large tile, the others small in a strip below) and
 * 'sidebar' (one large tile, the others in a column beside it). The large tile of spotlight / sidebar is, in
 * this order: the pinned peer; the remote peer who is the active speaker, or was the last one to be; the first
 * remote peer to have joined; the local preview when the room is otherwise empty (null).
 */
import { LAYOUTS, parseLayout } from './config.js';

export { LAYOUTS };

/** The main peer for `layout`: null in grid, or when nobody else is in the room (the local preview is large). */
export function chooseMain({ layout, pinned, lastSpeaker, peerIds }) {
  if (layout === 'grid' || peerIds.length === 0) return null;
  if (pinned && peerIds.includes(pinned)) return pinned;
  if (lastSpeaker && peerIds.includes(lastSpeaker)) return lastSpeaker;
  return peerIds[0];
}

export class LayoutState {
  /** @param {string} layout initial layout (unknown names fall back to grid) */
  constructor(layout) {
    this.layout = parseLayout(layout);
    this.pinned = null;
    this.lastSpeaker = null;
    /** Remote peer ids with a tile, in join order. */
    this._peerIds = [];
  }

  get peerIds() {
    return [...this._peerIds];
  }

  /** The large tile's peer for the current state (see chooseMain). */
  get main() {
    return chooseMain({ layout: this.layout, pinned: this.pinned, lastSpeaker: this.lastSpeaker, peerIds: this._peerIds });
  }

  setLayout(name) {
    this.layout = parseLayout(name, this.layout);
  }

  addPeer(peerId) {
    if (!this._peerIds.includes(peerId)) this._peerIds.push(peerId);
  }

  /** A peer left: it stops being pinned or remembered as the speaker. */
  removePeer(peerId) {
    this._peerIds = this._peerIds.filter((id) => id !== peerId);
    if (this.pinned === peerId) this.pinned = null;
    if (this.lastSpeaker === peerId) this.lastSpeaker = null;
  }

  clearPeers() {
    this._peerIds = [];
    this.pinned = null;
    this.lastSpeaker = null;
  }

  /**
   * The active speaker changed (`activeSpeaker`). The local participant and silence (null) do not move the
   * spotlight: the last remote speaker stays large, as people expect while they talk themselves.
   */
  setSpeaker(peerId, selfId) {
    if (peerId && peerId !== selfId) this.lastSpeaker = peerId;
  }

  /** Pins `peerId` (null: unpins); pinning the pinned peer again unpins it. Pinning in grid shows the spotlight. */
  togglePin(peerId) {
    this.pinned = peerId && this.pinned !== peerId ? peerId : null;
    if (this.pinned && this.layout === 'grid') this.layout = 'spotlight';
  }
}
