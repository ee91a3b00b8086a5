/**
 * Entry point of the Chorus meeting page: reads the URL, shows the join form or joins directly,
 * wires RoomClient (signaling/media) to MeetingView (DOM), and exposes test hooks on window.chorus.
 */
import { readSettings, signalingUrl, joinCheckUrl, defaultDisplayName, deviceInfo } from './config.js';
import { LocalMedia } from './local-media.js';
import { MeetingLayout } from './meeting-layout.js';
import { RoomClient } from './room-client.js';
import { MeetingView } from './ui.js';

const NAME_KEY = 'chorus.displayName';

const settings = readSettings(window.location.search);
const view = new MeetingView();
let client = null;
let layout = null;

window.chorus = {
  peerId: settings.peerId,
  roomId: settings.roomId,
  get joined() {
    return Boolean(client && client.joined);
  },
  /** Every notice shown as a toast, oldest first (toasts disappear; this keeps them for tests). */
  notices: [],
  /** Receive stats per remote peer, summed over its consumers' inbound-rtp entries (plus frameWidth). */
  async stats() {
    return client ? client.remotePeers.stats() : {};
  },
  /** Send stats of the camera, one entry per simulcast encoding: [{rid, frameWidth, active, bytesSent}]. */
  async sendStats() {
    return client ? client.publisher.cameraStats() : [];
  },
  /** The layout drawn: {layout, main, pinned, peers}. */
  layout() {
    return layout ? layout.describe() : null;
  },
  /** Switches the layout as the layout buttons do. */
  setLayout(name) {
    if (layout) layout.setLayout(name);
    return window.chorus.layout();
  },
  /** Per remote peer: the video consumer, the layer its tile wants, what was sent; and request counts. */
  layers() {
    return layout ? { peers: layout.layers.snapshot(), sent: { ...layout.layers.sent } } : null;
  },
  /** Remote peers known from signaling, and whether each has a tile in the grid. */
  remotePeers() {
    if (!client) return [];
    return client.remotePeers.list().map((p) => ({ id: p.id, displayName: p.displayName, tiles: view.hasTile(p.id) }));
  },
  /** Ids of the live local producers (audio first). */
  async producerIds() {
    return client ? client.producerIds() : [];
  },
};

function storedName() {
  try {
    return window.localStorage.getItem(NAME_KEY);
  } catch {
    return null;
  }
}

function storeName(name) {
  try {
    window.localStorage.setItem(NAME_KEY, name);
  } catch {
    // private mode: not remembered
  }
}

/** Keeps the chosen layout in the page URL, so a reload or a Rejoin shows the same. */
function rememberLayout(name) {
  const url = new URL(window.location.href);
  url.searchParams.set('layout', name);
  window.history.replaceState(null, '', url);
}

/** The page URL for this room without a peerId, so a rejoin gets a fresh one. */
function roomHref(roomId, displayName) {
  const url = new URL(window.location.href);
  url.searchParams.set('roomId', roomId);
  if (displayName) url.searchParams.set('displayName', displayName);
  url.searchParams.delete('peerId');
  return url.toString();
}

const CLOSE_TEXT = {
  left: ['You left the room', ''],
  'room-closed': ['The room was closed', 'The server ended this meeting.'],
  unreachable: ['Could not connect', 'The server did not answer. Check your connection and try again.'],
  'join-failed': ['Could not join the room', 'The server refused to let this page join.'],
  refused: ['Not let in', 'The server refused this connection.'],
};

function enterRoom(roomId, displayName) {
  settings.roomId = roomId;
  window.chorus.roomId = roomId;
  view.showRoom(roomId);

  const media = new LocalMedia();
  const tracks = media
    .acquire(settings)
    .then(() => {
      for (const problem of media.problems) view.toast(`Sending without: ${problem}`);
      view.setSelf({
        displayName: client ? client.displayName : displayName,
        audioTrack: media.audioTrack,
        videoTrack: media.videoTrack,
      });
      return { audioTrack: media.audioTrack, videoTrack: media.videoTrack };
    });
  view.setSelf({ displayName, audioTrack: null, videoTrack: null });

  client = new RoomClient({
    url: signalingUrl(window.location, roomId, settings.peerId, settings.token),
    checkUrl: joinCheckUrl(window.location, roomId, settings.peerId, settings.token),
    displayName,
    device: deviceInfo(navigator.userAgent),
    tracks,
    simulcast: settings.simulcast,
  });
  layout = new MeetingLayout({
    view,
    layout: settings.layout,
    selfId: settings.peerId,
    request: (method, data) => client.request(method, data),
    onLayoutChange: rememberLayout,
  });

  client.on('state', ({ state, reason, message }) => {
    const detail = state === 'closed' ? (CLOSE_TEXT[reason] || [reason])[0] : '';
    view.setStatus(state, detail);
    if (state === 'joined') layout.refresh();
    if (state !== 'closed') return;
    media.stop();
    const [title, text] = CLOSE_TEXT[reason] || ['Disconnected', ''];
    view.showEnded(title, message || text, roomHref(roomId, client.displayName));
  });
  client.on('notice', ({ message }) => {
    window.chorus.notices.push(message);
    view.toast(message);
  });
  client.on('peer', ({ peerId }) => {
    const peerView = client.remotePeers.view(peerId);
    if (!peerView) return;
    view.renderPeer(peerView);
    layout.peerRendered(peerView);
  });
  client.on('peer-removed', ({ peerId }) => {
    view.removePeer(peerId);
    layout.peerRemoved(peerId);
  });
  client.on('peers-cleared', () => {
    view.clearPeers();
    layout.peersCleared();
  });
  client.on('active-speaker', ({ peerId }) => {
    view.setActiveSpeaker(peerId, peerId === settings.peerId);
    layout.speaker(peerId);
  });
  client.on('layers', ({ peerId }) => {
    const peerView = client.remotePeers.view(peerId); // the layers of its current video consumer
    if (peerView) view.setLayers(peerId, peerView.video && !peerView.videoPaused ? peerView.video.layers : null);
  });
  client.on('speaking-peers', ({ peerIds }) => view.setSpeakingPeers(peerIds, settings.peerId));

  let controls = { mic: { available: false, paused: false }, cam: { available: false, paused: false } };
  client.on('producers', ({ mic, cam }) => {
    controls = { mic: { available: mic.live, paused: mic.paused }, cam: { available: cam.live, paused: cam.paused } };
    view.setControls(controls);
  });
  view.setControls(controls);

  view.onControl('#btn-mic', () => client.setMicPaused(!controls.mic.paused));
  view.onControl('#btn-cam', () => client.setCamPaused(!controls.cam.paused));
  view.onControl('#btn-leave', () => client.leave());
  document.querySelector('#self-tile .name').addEventListener('dblclick', async () => {
    const name = (window.prompt('Your name', client.displayName) || '').trim();
    if (!name || name === client.displayName) return;
    try {
      await client.changeDisplayName(name);
      storeName(name);
      view.setSelf({ displayName: name, audioTrack: media.audioTrack, videoTrack: media.videoTrack });
    } catch (error) {
      view.toast(`Could not rename: ${error.message}`);
    }
  });

  client.start();
}

function main() {
  const rememberedName = settings.displayName || storedName();
  if (settings.roomId) {
    enterRoom(settings.roomId, rememberedName || defaultDisplayName());
    return;
  }
  view.setStatus('idle', '');
  view.showJoinForm({
    displayName: rememberedName || '',
    onJoin: (roomId, name) => {
      const displayName = name || defaultDisplayName();
      if (name) storeName(name);
      const url = new URL(window.location.href);
      url.searchParams.set('roomId', roomId);
      url.searchParams.set('displayName', displayName);
      window.history.replaceState(null, '', url);
      enterRoom(roomId, displayName);
    },
  });
}

main();
