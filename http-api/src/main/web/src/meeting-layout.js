/**
 * Glue between the layout state (layout.js), where tiles are drawn (Stage, through MeetingView) and the layer
 * requests (layers.js): every change of layout, pin, speaker or the set of tiles redraws the stage and tells
 * LayerRequests which peer is large; tile sizes then follow through its ResizeObserver.
 */
import { LayoutState } from './layout.js';
import { LayerRequests } from './layers.js';

export class MeetingLayout {
  /**
   * @param {object} o
   * @param {import('./ui.js').MeetingView} o.view
   * @param {string} o.layout initial layout
   * @param {string} o.selfId the local peer id (its speaking does not move the spotlight)
   * @param {(method: string, data: object) => Promise<any>} o.request protoo request to the server
   * @param {(layout: string) => void} [o.onLayoutChange] called after the user picked another layout
   */
  constructor({ view, layout, selfId, request, onLayoutChange = () => {} }) {
    this._view = view;
    this._selfId = selfId;
    this._onLayoutChange = onLayoutChange;
    this.state = new LayoutState(layout);
    this.layers = new LayerRequests({ request });
    this._main = undefined;
    view.stage.onLayout((name) => this.setLayout(name));
    view.stage.onPin((peerId) => this.togglePin(peerId));
    this._render();
  }

  /** A peer's tile was created or refreshed (`peerView` from RemotePeers.view()). */
  peerRendered(peerView) {
    const known = this.state.peerIds.includes(peerView.id);
    this.state.addPeer(peerView.id);
    this.layers.update(peerView.id, this._view.tile(peerView.id), peerView.video);
    if (!known) this._render();
  }

  peerRemoved(peerId) {
    this.state.removePeer(peerId);
    this.layers.remove(peerId);
    this._render();
  }

  peersCleared() {
    this.state.clearPeers();
    this.layers.clear();
    this._render();
  }

  /** `activeSpeaker` (null: silence): the spotlight follows remote speakers unless a tile is pinned. */
  speaker(peerId) {
    const before = this.state.main;
    this.state.setSpeaker(peerId, this._selfId);
    if (this.state.main !== before) this._render();
  }

  setLayout(name) {
    const before = this.state.layout;
    this.state.setLayout(name);
    this._render();
    if (this.state.layout !== before) this._onLayoutChange(this.state.layout);
  }

  togglePin(peerId) {
    const before = this.state.layout;
    this.state.togglePin(peerId);
    this._render();
    if (this.state.layout !== before) this._onLayoutChange(this.state.layout);
  }

  /** Signaling is back (joined or resumed): sends whatever layer requests are still owed. */
  refresh() {
    this.layers.refresh();
  }

  /** The layout as drawn, for tests: {layout, main, pinned, peers}. */
  describe() {
    return { layout: this.state.layout, main: this.state.main, pinned: this.state.pinned, peers: this.state.peerIds };
  }

  _render() {
    const { layout, pinned } = this.state;
    const main = this.state.main;
    const mainTile = layout === 'grid' ? null : (main && this._view.tile(main)) || this._view.selfTile;
    this._view.stage.render({ layout, mainTile, pinnedId: pinned });
    if (main !== this._main) {
      this._main = main;
      this.layers.setMain(main);
    } else {
      this.layers.refresh();
    }
  }
}
