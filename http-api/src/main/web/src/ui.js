/**
 * DOM side of the meeting page: join form, status line, local preview, the grid of remote tiles,
 * the control bar and the "left" screen. Holds no signaling state; app.js feeds it.
 */

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
    this._grid = $('#grid');
    this._self = $('#self-tile');
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

  _tile(peerId) {
    return this._grid.querySelector(`.tile[data-peer-id="${CSS.escape(peerId)}"]`);
  }

  /** Creates or refreshes a remote tile from RemotePeers.view(). */
  renderPeer(view) {
    let tile = this._tile(view.id);
    if (!tile) {
      tile = createRemoteTile(view.id);
      this._grid.append(tile);
      this._relayout();
    }
    tile.querySelector('.name').textContent = view.displayName;
    tile.querySelector('.avatar').textContent = initials(view.displayName);
    const video = tile.querySelector('video');
    if (attach(video, view.videoTrack)) tile.classList.add('waiting'); // until the first frame
    if (attach(tile.querySelector('audio'), view.audioTrack)) this._play(tile.querySelector('audio'));
    tile.querySelector('.badge-muted').hidden = !view.audioPaused;
    tile.querySelector('.badge-camoff').hidden = !view.videoPaused;
    tile.classList.toggle('no-video', !view.videoTrack || view.videoPaused);
    tile.classList.toggle('speaking', this._activeSpeaker === view.id);
    tile.classList.toggle('talking', this._talking.has(view.id));
  }

  removePeer(peerId) {
    const tile = this._tile(peerId);
    if (!tile) return;
    for (const media of tile.querySelectorAll('video, audio')) media.srcObject = null;
    tile.remove();
    this._relayout();
  }

  clearPeers() {
    for (const tile of this._grid.querySelectorAll('.tile[data-peer-id]')) {
      this.removePeer(tile.dataset.peerId);
    }
  }

  /**
   * Highlights the active speaker's tile (null: nobody); `isSelf` selects the local preview instead. Remembered,
   * so a tile rendered later (a late consumer) is highlighted too.
   */
  setActiveSpeaker(peerId, isSelf = false) {
    this._activeSpeaker = isSelf ? null : peerId;
    for (const tile of this._grid.querySelectorAll('.tile.speaking')) tile.classList.remove('speaking');
    const tile = isSelf ? this._self : peerId ? this._tile(peerId) : null;
    if (tile) tile.classList.add('speaking');
  }

  /** Marks the tiles of everyone currently talking (`speakingPeers`); `selfId` maps to the local preview. */
  setSpeakingPeers(peerIds, selfId) {
    this._talking = new Set(peerIds);
    for (const tile of this._grid.querySelectorAll('.tile.talking')) tile.classList.remove('talking');
    for (const peerId of peerIds) {
      const tile = peerId === selfId ? this._self : this._tile(peerId);
      if (tile) tile.classList.add('talking');
    }
  }

  _relayout() {
    const count = this._grid.querySelectorAll('.tile').length;
    this._grid.style.setProperty('--cols', String(Math.max(1, Math.ceil(Math.sqrt(count)))));
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
  tile.append(video, audio, el('div', 'avatar'), footer());
  return tile;
}

function footer() {
  const bar = el('div', 'footer');
  const badges = el('span', 'badges');
  const muted = el('span', 'badge badge-muted', 'muted');
  const camOff = el('span', 'badge badge-camoff', 'camera off');
  muted.hidden = true;
  camOff.hidden = true;
  badges.append(muted, camOff);
  bar.append(el('span', 'name'), badges);
  return bar;
}

function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.slice(0, 2).map((p) => p[0].toUpperCase());
  return letters.join('') || '?';
}
