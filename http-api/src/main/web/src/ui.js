/**
 * DOM side of the meeting page: join form, status line, local preview, the remote tiles (placed by Stage),
 * the control bar and the "left" screen. Holds no signaling state; app.js feeds it.
 */
import { Stage } from './stage.js';

const $ = (sel) => document.querySelector(sel);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const STATUS_TEXT = {
  connecting: 'connecting',
  joined: 'joined',
  reconnecting: 'reconnecting',
  closed: 'closed',
};

export class MeetingView {
  constructor() {
    this.stage = new Stage();
    this._root = this.stage.root;
    this._self = $('#self-tile');
    this._nextOrder = 1; // CSS order of remote tiles: join order, after the local preview (0)
    this._toasts = $('#toasts');
    this._blockedAudio = new Set();
    this._unlockArmed = false;
    this._activeSpeaker = null;
    this._talking = new Set();
  }

  /** Shows the join form and calls `onJoin(roomName, displayName)` on submit. */
  showJoinForm({ displayName, onJoin }) {
    this._show('join-view');
    const form = $('#join-form');
    $('#join-name').value = displayName || '';
    $('#join-room').focus();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const room = $('#join-room').value.trim();
      if (!room) {
        $('#join-room').focus();
        return;
      }
      onJoin(room, $('#join-name').value.trim());
    });
  }

  showRoom(roomId) {
    this._show('room-view');
    $('#room-name').textContent = roomId;
    document.title = `${roomId} · Chorus`;
  }

  /** Shows the end screen ("You left the room", "The room was closed", ...) with a Rejoin link. */
  showEnded(title, detail, rejoinHref) {
    this._show('ended-view');
    $('#ended-title').textContent = title;
    $('#ended-detail').textContent = detail || '';
    $('#rejoin').href = rejoinHref;
  }

  _show(id) {
    for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== id;
  }

  setStatus(state, detail) {
    const status = $('#status');
    status.dataset.state = state;
    status.textContent = STATUS_TEXT[state] || '';
    $('#status-detail').textContent = detail || '';
  }

  toast(message) {
    const node = el('div', 'toast', message);
    this._toasts.append(node);
    setTimeout(() => node.remove(), 6000);
  }

  setSelf({ displayName, audioTrack, videoTrack }) {
    this._self.querySelector('.name').textContent = `${displayName} (you)`;
    this._self.querySelector('.avatar').textContent = initials(displayName);
    const video = this._self.querySelector('video');
    video.srcObject = videoTrack ? new MediaStream([videoTrack]) : null;
    this._self.classList.toggle('no-video', !videoTrack);
    this._self.dataset.hasAudio = audioTrack ? 'true' : 'false';
  }

  /** Updates buttons and the local tile's badges: each of mic/cam is {available, paused}. */
  setControls({ mic, cam }) {
    const micBtn = $('#btn-mic');
    micBtn.disabled = !mic.available;
    micBtn.setAttribute('aria-pressed', String(mic.paused));
    micBtn.querySelector('.label').textContent = mic.paused ? 'Unmute' : 'Mute';
    const camBtn = $('#btn-cam');
    camBtn.disabled = !cam.available;
    camBtn.setAttribute('aria-pressed', String(cam.paused));
    camBtn.querySelector('.label').textContent = cam.paused ? 'Camera on' : 'Camera off';
    this._self.querySelector('.badge-muted').hidden = !(mic.available && mic.paused);
    this._self.querySelector('.badge-camoff').hidden = !(cam.available && cam.paused);
    this._self.classList.toggle('video-off', cam.paused);
  }

  onControl(id, fn) {
    $(id).addEventListener('click', fn);
  }

  hasTile(peerId) {
    return Boolean(this._tile(peerId));
  }

  /** The tile of a remote peer, or null. */
  tile(peerId) {
    return this._tile(peerId);
  }

  /** The local preview's tile. */
  get selfTile() {
    return this._self;
  }

  _tile(peerId) {
    return this._root.querySelector(`.tile[data-peer-id="${CSS.escape(peerId)}"]`);
  }

  /** Creates or refreshes a remote tile from RemotePeers.view(). */
  renderPeer(view) {
    let tile = this._tile(view.id);
    if (!tile) {
      tile = createRemoteTile(view.id);
      tile.style.order = String(this._nextOrder++);
      this.stage.add(tile);
    }
    tile.querySelector('.name').textContent = view.displayName;
    tile.querySelector('.avatar').textContent = initials(view.displayName);
    const video = tile.querySelector('video');
    if (attach(video, view.videoTrack)) tile.classList.add('waiting'); // until the first frame
    if (attach(tile.querySelector('audio'), view.audioTrack)) this._play(tile.querySelector('audio'));
    tile.querySelector('.badge-muted').hidden = !view.audioPaused;
    tile.querySelector('.badge-camoff').hidden = !view.videoPaused;
    tile.classList.toggle('no-video', !view.videoTrack || view.videoPaused);
    tile.classList.toggle('paused', Boolean(view.videoTrack && view.videoPaused));
    this.setLayers(view.id, view.video && !view.videoPaused ? view.video.layers : null);
    tile.classList.toggle('speaking', this._activeSpeaker === view.id);
    tile.classList.toggle('talking', this._talking.has(view.id));
  }

  removePeer(peerId) {
    const tile = this._tile(peerId);
    if (!tile) return;
    for (const media of tile.querySelectorAll('video, audio')) media.srcObject = null;
    this.stage.remove(tile);
  }

  clearPeers() {
    for (const tile of this._root.querySelectorAll('.tile[data-peer-id]')) {
      this.removePeer(tile.dataset.peerId);
    }
  }

  /**
   * Highlights the active speaker's tile (null: nobody); `isSelf` selects the local preview instead. Remembered,
   * so a tile rendered later (a late consumer) is highlighted too.
   */
  setActiveSpeaker(peerId, isSelf = false) {
    this._activeSpeaker = isSelf ? null : peerId;
    for (const tile of this._root.querySelectorAll('.tile.speaking')) tile.classList.remove('speaking');
    const tile = isSelf ? this._self : peerId ? this._tile(peerId) : null;
    if (tile) tile.classList.add('speaking');
  }

  /** Marks the tiles of everyone currently talking (`speakingPeers`); `selfId` maps to the local preview. */
  setSpeakingPeers(peerIds, selfId) {
    this._talking = new Set(peerIds);
    for (const tile of this._root.querySelectorAll('.tile.talking')) tile.classList.remove('talking');
    for (const peerId of peerIds) {
      const tile = peerId === selfId ? this._self : this._tile(peerId);
      if (tile) tile.classList.add('talking');
    }
  }

  /**
   * Shows which simulcast layer the server forwards for a peer's video (`consumerLayersChanged`) as a small
   * badge, e.g. "L2"; null layers (nothing forwarded, or not a layered stream) hide it.
   */
  setLayers(peerId, layers) {
    const tile = this._tile(peerId);
    if (!tile) return;
    const badge = tile.querySelector('.badge-layer');
    const spatial = layers ? layers.spatialLayer : null;
    badge.hidden = spatial === null || spatial === undefined;
    badge.textContent = badge.hidden ? '' : `L${spatial}`;
    badge.title = badge.hidden ? '' : `receiving spatial layer ${spatial}, temporal layer ${layers.temporalLayer}`;
    if (badge.hidden) delete tile.dataset.spatialLayer;
    else tile.dataset.spatialLayer = String(spatial);
  }

  /** Plays remote audio; if autoplay is refused, waits for any click on the page. */
  _play(audio) {
    const attempt = audio.play();
    if (!attempt) return;
    attempt.catch(() => {
      this._blockedAudio.add(audio);
      if (this._unlockArmed) return;
      this._unlockArmed = true;
      this.toast('Click anywhere to hear the others');
      document.addEventListener('click', () => {
        this._unlockArmed = false;
        for (const a of this._blockedAudio) a.play().catch(() => {});
        this._blockedAudio.clear();
      }, { once: true });
    });
  }
}

/** Points a media element at a track; returns true when the element's source changed. */
function attach(media, track) {
  const current = media.srcObject ? media.srcObject.getTracks()[0] : null;
  if ((current && track && current.id === track.id) || (!current && !track)) return false;
  media.srcObject = track ? new MediaStream([track]) : null;
  return Boolean(track);
}

function createRemoteTile(peerId) {
  const tile = el('div', 'tile no-video');
  tile.dataset.peerId = peerId;
  const video = el('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true; // sound comes from the <audio> element
  video.addEventListener('loadeddata', () => tile.classList.remove('waiting'));
  const audio = el('audio');
  audio.autoplay = true;
  const pin = el('button', 'pin', 'pin');
  pin.type = 'button';
  pin.setAttribute('aria-pressed', 'false');
  pin.title = 'Pin as the large tile';
  tile.append(video, audio, el('div', 'avatar'), pin, footer());
  return tile;
}

function footer() {
  const bar = el('div', 'footer');
  const badges = el('span', 'badges');
  const muted = el('span', 'badge badge-muted', 'muted');
  const camOff = el('span', 'badge badge-camoff', 'camera off');
  const layer = el('span', 'badge badge-layer');
  muted.hidden = true;
  camOff.hidden = true;
  layer.hidden = true;
  badges.append(muted, camOff, layer);
  bar.append(el('span', 'name'), badges);
  return bar;
}

function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.slice(0, 2).map((p) => p[0].toUpperCase());
  return letters.join('') || '?';
}
