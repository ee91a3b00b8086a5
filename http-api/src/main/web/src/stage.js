/**
 * Where the tiles are drawn: the stage (`#stage`, its `data-layout` attribute), the large-tile area
 * (`#stage-main`) and the container of all other tiles (`#grid`: the grid itself, the spotlight's strip or the
 * sidebar's column). Also the layout buttons and the pin state of tiles. The CSS does the sizing; this module
 * only moves the main tile in and out of `#stage-main`.
 *
 * Moving a tile keeps its <video> and <audio> playing: Element.moveBefore (Chrome 133+) moves without the
 * remove/insert that would pause them; elsewhere the tile is appended and paused media are played again.
 */
const $ = (sel) => document.querySelector(sel);

export class Stage {
  constructor() {
    this._stage = $('#stage');
    this._main = $('#stage-main');
    this._others = $('#grid');
    this._mainTile = null;
  }

  /** The container of every tile (for lookups by peer id). */
  get root() {
    return this._stage;
  }

  /**
   * Draws `layout` with `mainTile` large (null: none, as in grid) and marks the tile of `pinnedId` as pinned.
   * A tile that stops being the main one goes back among the others (its CSS `order` keeps its place).
   */
  render({ layout, mainTile, pinnedId }) {
    this._stage.dataset.layout = layout;
    for (const button of document.querySelectorAll('.layouts button[data-layout]')) {
      button.setAttribute('aria-pressed', String(button.dataset.layout === layout));
    }
    const wanted = layout === 'grid' ? null : mainTile;
    if (this._mainTile && this._mainTile !== wanted) {
      this._mainTile.classList.remove('main');
      if (this._mainTile.isConnected) move(this._others, this._mainTile);
    }
    this._mainTile = wanted;
    if (wanted) {
      wanted.classList.add('main');
      move(this._main, wanted);
    }
    this._stage.classList.toggle('has-main', Boolean(wanted));
    for (const tile of this._stage.querySelectorAll('.tile[data-peer-id]')) {
      const pinned = tile.dataset.peerId === pinnedId;
      tile.classList.toggle('pinned', pinned);
      const pin = tile.querySelector('.pin');
      if (pin) {
        pin.setAttribute('aria-pressed', String(pinned));
        pin.textContent = pinned ? 'pinned' : 'pin';
        pin.title = pinned ? 'Unpin' : 'Pin as the large tile';
      }
    }
    this._relayout();
  }

  /** Adds a new tile among the others. */
  add(tile) {
    this._others.append(tile);
    this._relayout();
  }

  /** Removes a tile (wherever it is). */
  remove(tile) {
    if (tile === this._mainTile) this._mainTile = null;
    tile.remove();
    this._relayout();
  }

  /** Calls `fn(layout)` when a layout button is clicked. */
  onLayout(fn) {
    for (const button of document.querySelectorAll('.layouts button[data-layout]')) {
      button.addEventListener('click', () => fn(button.dataset.layout));
    }
  }

  /** Calls `fn(peerId)` when a tile's pin button is clicked. */
  onPin(fn) {
    this._stage.addEventListener('click', (event) => {
      const pin = event.target.closest('.tile .pin');
      if (!pin) return;
      const tile = pin.closest('.tile[data-peer-id]');
      if (tile) fn(tile.dataset.peerId);
    });
  }

  /** Grid columns: a square-ish grid of the tiles among the others. */
  _relayout() {
    const count = this._others.querySelectorAll('.tile').length;
    this._others.style.setProperty('--cols', String(Math.max(1, Math.ceil(Math.sqrt(count)))));
  }
}

function move(container, tile) {
  if (tile.parentNode === container) return;
  if (typeof container.moveBefore === 'function') {
    try {
      container.moveBefore(tile, null);
    } catch {
      container.append(tile);
    }
  } else {
    container.append(tile);
  }
  for (const media of tile.querySelectorAll('video, audio')) {
    if (media.srcObject && media.paused) media.play().catch(() => {});
  }
}
