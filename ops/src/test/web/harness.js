/**
 * Test harness: a deliberately plain mediasoup-client app, written the way any third-party app
 * would use protoo-client (WebSocketTransport + Peer) and mediasoup-client against a
 * mediasoup-demo "legacy" style server. It shares no code with Chorus's own web client, so browser
 * tests driving it check wire compatibility rather than our client.
 *
 * window.harness = {
 *   async join({wsUrl, displayName, produce, consume, width, height, forceTcp, resume, retries, audio, video})
 *       -> {peerId, producerIds}
 *     audio: 'tone' publishes a loud 440 Hz WebAudio tone instead of the microphone, 'muted-tone' the same tone
 *     muted (setTone(true) makes it loud), 'silence' a silent WebAudio track (Chrome's fake microphone beeps, so
 *     it is not silent); anything else: the (fake) microphone.
 *     video: false publishes no video.
 *     simulcast: true publishes the video as three VP8 simulcast encodings (scaleResolutionDownBy 4, 2, 1).
 *     svc: a scalability mode such as 'L3T3_KEY' publishes the video as VP9 SVC, one encoding with that mode.
 *     frameRate: asks the (fake) camera for this frame rate (less encoding work on a busy machine).
 *     resume: on a lost socket keep the media and, once protoo-client has reconnected, restart ICE on the same
 *     transports (the server kept the peer for its grace period); if the server no longer knows them, join anew.
 *   notifications() -> [{method, peerId}] every notification received (activeSpeaker and speakingPeers also
 *     carry their data);  resumes, rejoins: counts
 *   setTone(on) -> turns the 'tone' track's sound on or off (gain), the track itself stays live
 *   async stats()  -> { [peerId]: { video: {framesDecoded, packetsReceived, bytesReceived, frameWidth},
 *                                   audio: {packetsReceived} } }   (frameWidth: of the last decoded frame)
 *   async setPreferredLayers(spatialLayer, temporalLayer?) -> setConsumerPreferredLayers for every video consumer
 *   watchFrames() -> starts sampling the received video's framesDecoded every 50 ms (restarts the watch)
 *   frameWatch()  -> {frames, longestGapMs}: decoded frames and the longest time without a new decoded frame
 *                    since watchFrames() (the measure of a freeze; 50 ms sampling granularity)
 *   notifications() entries of consumerLayersChanged and downlinkBwe also carry their data
 *   async restartIce() -> [usernameFragment, ...] (new server ICE credentials, both transports restarted)
 *   async sendStats() -> { availableOutgoingBitrate, videoBytesSent, videoFrameWidth, videoScalabilityMode,
 *                          videoQualityLimitation, selectedProtocol } (send transport)
 *   async pauseProducer(kind), async resumeProducer(kind)   kind: 'audio' | 'video'
 *   async leave()
 *   peers()        -> [{ id, displayName, kinds: ['audio', 'video'] }]
 *   joined, peerId, errors
 * }
 */
import * as protooClient from 'protoo-client';
import * as mediasoupClient from 'mediasoup-client';

const state = {
  protoo: null,
  device: null,
  sendTransport: null,
  recvTransport: null,
  producers: new Map(), // kind -> Producer
  consumers: new Map(), // consumerId -> Consumer (appData.peerId)
  peers: new Map(), // peerId -> {id, displayName}
  localStream: null,
  audio: null, // {context, gain} of a WebAudio track
  joined: false,
  peerId: null,
  options: null,
  notifications: [],
  resumes: 0,
  rejoins: 0,
};
const errors = [];

function setLabel(text) {
  const node = document.getElementById('state');
  if (node) node.textContent = text;
}

function record(where, error) {
  const message = `${where}: ${error && error.message ? error.message : error}`;
  errors.push(message);
  console.warn('harness', message);
}

function withPeerId(wsUrl) {
  const url = new URL(wsUrl, window.location.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if (!url.searchParams.get('roomId')) throw new Error('wsUrl needs a roomId query parameter');
  if (!url.searchParams.get('peerId')) url.searchParams.set('peerId', Math.random().toString(36).slice(2, 10));
  return url;
}

function openSocket(url, retries = 3) {
  const transport = new protooClient.WebSocketTransport(url, {
    retry: { retries, factor: 2, minTimeout: 500, maxTimeout: 2000 },
  });
  const peer = new protooClient.Peer(transport);
  return new Promise((resolve, reject) => {
    peer.on('open', () => resolve(peer));
    peer.on('close', () => reject(new Error('signaling closed before open')));
  });
}

async function makeTransport(direction, forceTcp = false) {
  const info = await state.protoo.request('createWebRtcTransport', {
    forceTcp,
    producing: direction === 'send',
    consuming: direction === 'recv',
  });
  const params = {
    id: info.id,
    iceParameters: info.iceParameters,
    iceCandidates: info.iceCandidates,
    dtlsParameters: info.dtlsParameters,
  };
  const transport = direction === 'send'
    ? state.device.createSendTransport(params)
    : state.device.createRecvTransport(params);
  transport.on('connect', async ({ dtlsParameters }, done, fail) => {
    try {
      await state.protoo.request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters });
      done();
    } catch (error) {
      fail(error);
    }
  });
  transport.on('produce', async ({ kind, rtpParameters, appData }, done, fail) => {
    try {
      const answer = await state.protoo.request('produce', { transportId: transport.id, kind, rtpParameters, appData });
      done({ id: answer.id });
    } catch (error) {
      fail(error);
    }
  });
  return transport;
}

function mediaElement(consumer) {
  const tag = consumer.kind === 'video' ? 'video' : 'audio';
  const element = document.createElement(tag);
  element.id = `m-${consumer.id}`;
  element.autoplay = true;
  element.playsInline = true;
  if (tag === 'video') element.muted = true;
  element.srcObject = new MediaStream([consumer.track]);
  document.getElementById('media').append(element);
  element.play().catch(() => {});
}

function dropConsumer(consumerId) {
  const consumer = state.consumers.get(consumerId);
  if (!consumer) return;
  state.consumers.delete(consumerId);
  consumer.close();
  const element = document.getElementById(`m-${consumerId}`);
  if (element) {
    element.srcObject = null;
    element.remove();
  }
}

async function handleRequest(request, accept, reject) {
  if (request.method !== 'newConsumer') {
    reject(500, `unsupported request ${request.method}`);
    return;
  }
  if (!state.recvTransport) {
    reject(403, 'not consuming');
    return;
  }
  const d = request.data;
  try {
    const consumer = await state.recvTransport.consume({
      id: d.id,
      producerId: d.producerId,
      kind: d.kind,
      rtpParameters: d.rtpParameters,
      appData: { ...(d.appData || {}), peerId: d.peerId },
    });
    state.consumers.set(consumer.id, consumer);
    consumer.on('transportclose', () => state.consumers.delete(consumer.id));
    mediaElement(consumer);
    accept();
  } catch (error) {
    record('newConsumer', error);
    reject(500, String(error));
  }
}

function handleNotification({ method, data }) {
  const entry = { method, peerId: data && data.peerId ? data.peerId : null };
  if (['activeSpeaker', 'speakingPeers', 'consumerLayersChanged', 'downlinkBwe'].includes(method)) entry.data = data;
  state.notifications.push(entry);
  switch (method) {
    case 'newPeer':
      state.peers.set(data.id, { id: data.id, displayName: data.displayName });
      break;
    case 'peerClosed':
      state.peers.delete(data.peerId);
      for (const consumer of [...state.consumers.values()]) {
        if (consumer.appData.peerId === data.peerId) dropConsumer(consumer.id);
      }
      break;
    case 'peerDisplayNameChanged': {
      const peer = state.peers.get(data.peerId);
      if (peer) peer.displayName = data.displayName;
      break;
    }
    case 'consumerClosed':
      dropConsumer(data.consumerId);
      break;
    case 'consumerPaused':
    case 'consumerResumed': {
      const consumer = state.consumers.get(data.consumerId);
      if (consumer) consumer.appData.producerPaused = method === 'consumerPaused';
      break;
    }
    default:
      break;
  }
}

function closeMedia() {
  for (const transport of [state.sendTransport, state.recvTransport]) {
    if (transport && !transport.closed) transport.close();
  }
  state.sendTransport = null;
  state.recvTransport = null;
  state.producers.clear();
  for (const id of [...state.consumers.keys()]) dropConsumer(id);
  state.peers.clear();
  state.joined = false;
}

async function join(options = {}) {
  if (state.protoo) throw new Error('already joined; call leave() first');
  try {
    return await joinOnce(options);
  } catch (error) {
    record('join', error);
    await leave();
    throw error;
  }
}

async function joinOnce(options) {
  const url = withPeerId(options.wsUrl);
  state.peerId = url.searchParams.get('peerId');
  state.options = options;
  setLabel('connecting');
  state.protoo = await openSocket(url.toString(), options.retries || 3);
  state.protoo.on('request', handleRequest);
  state.protoo.on('notification', handleNotification);
  state.protoo.on('disconnected', () => {
    setLabel('disconnected');
    if (!options.resume) closeMedia();
  });
  state.protoo.on('open', () => {
    if (options.resume && state.joined) resumeOrRejoin();
  });
  state.protoo.on('close', () => {
    setLabel('closed');
    closeMedia();
  });
  return enterRoom(options);
}

/** Reconnected: restart ICE on the kept transports; if the server let this peer go, join the room again. */
async function resumeOrRejoin() {
  try {
    await restartIce();
    state.resumes++;
    setLabel('joined');
  } catch (error) {
    record('resume (joining again)', error);
    closeMedia();
    if (state.localStream) {
      for (const track of state.localStream.getTracks()) track.stop();
      state.localStream = null;
    }
    state.rejoins++;
    try {
      await enterRoom(state.options);
    } catch (e) {
      record('rejoin', e);
    }
  }
}

/**
 * A WebAudio track: 'tone' is a 440 Hz sine at half scale (about -9 dBov), 'muted-tone' that sine at gain 0,
 * anything else silence (a destination nothing plays into). The gain node stays in state.audio so setTone can
 * mute and unmute it.
 */
async function webAudioTrack(kind) {
  if (state.audio) state.audio.context.close().catch(() => {});
  const context = new AudioContext();
  await context.resume();
  const destination = context.createMediaStreamDestination();
  const gain = context.createGain();
  gain.gain.value = kind === 'tone' ? 0.5 : 0;
  if (kind === 'tone' || kind === 'muted-tone') {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = 440;
    oscillator.connect(gain);
    oscillator.start();
  }
  gain.connect(destination);
  state.audio = { context, gain };
  return destination.stream.getAudioTracks()[0];
}

function setTone(on) {
  if (!state.audio) throw new Error('no WebAudio track');
  state.audio.gain.gain.value = on ? 0.5 : 0;
  return on;
}

async function localStream({ width, height, audio, video, frameRate }) {
  const synthetic = audio === 'tone' || audio === 'muted-tone' || audio === 'silence';
  const tracks = [];
  if (video || !synthetic) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: !synthetic,
      video: video ? { width: { ideal: width }, height: { ideal: height }, ...(frameRate ? { frameRate: { ideal: frameRate } } : {}) } : false,
    });
    tracks.push(...stream.getTracks());
  }
  if (synthetic) tracks.unshift(await webAudioTrack(audio));
  return new MediaStream(tracks);
}

async function enterRoom({ displayName = 'harness', produce = true, consume = true, width = 640, height = 480, forceTcp = false, audio = 'device', video = true, simulcast = false, svc = null, frameRate = null }) {
  const routerRtpCapabilities = await state.protoo.request('getRouterRtpCapabilities');
  state.device = new mediasoupClient.Device();
  await state.device.load({ routerRtpCapabilities });

  if (produce) {
    state.localStream = await localStream({ width, height, audio, video, frameRate });
    state.sendTransport = await makeTransport('send', forceTcp);
  }
  if (consume) state.recvTransport = await makeTransport('recv', forceTcp);

  const joinData = { displayName, device: { flag: 'harness', name: 'mediasoup-client', version: mediasoupClient.version } };
  if (consume) joinData.rtpCapabilities = state.device.rtpCapabilities;
  const { peers } = await state.protoo.request('join', joinData);
  for (const p of peers || []) state.peers.set(p.id, { id: p.id, displayName: p.displayName });

  if (produce) {
    for (const track of state.localStream.getTracks()) {
      if (!state.device.canProduce(track.kind)) continue;
      const options = { track, appData: {} };
      if (simulcast && track.kind === 'video') {
        options.encodings = [{ scaleResolutionDownBy: 4 }, { scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 1 }];
        options.codec = state.device.rtpCapabilities.codecs.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
      } else if (svc && track.kind === 'video') {
        options.encodings = [{ scalabilityMode: svc }];
        options.codec = state.device.rtpCapabilities.codecs.find((c) => c.mimeType.toLowerCase() === 'video/vp9');
        if (!options.codec) throw new Error('the device cannot send VP9');
      }
      const producer = await state.sendTransport.produce(options);
      state.producers.set(track.kind, producer);
    }
  }
  state.joined = true;
  setLabel('joined');
  return { peerId: state.peerId, producerIds: [...state.producers.values()].map((p) => p.id) };
}

async function setPaused(kind, paused) {
  const producer = state.producers.get(kind);
  if (!producer) throw new Error(`no ${kind} producer`);
  if (paused) producer.pause();
  else producer.resume();
  await state.protoo.request(paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
}

async function stats() {
  const out = {};
  for (const id of state.peers.keys()) {
    out[id] = { video: { framesDecoded: 0, packetsReceived: 0, bytesReceived: 0, frameWidth: 0 }, audio: { packetsReceived: 0 } };
  }
  for (const consumer of state.consumers.values()) {
    const peerId = consumer.appData.peerId;
    if (!out[peerId]) {
      out[peerId] = { video: { framesDecoded: 0, packetsReceived: 0, bytesReceived: 0, frameWidth: 0 }, audio: { packetsReceived: 0 } };
    }
    let report;
    try {
      report = await consumer.getStats();
    } catch (error) {
      continue;
    }
    for (const s of report.values()) {
      if (s.type !== 'inbound-rtp') continue;
      if (consumer.kind === 'video') {
        out[peerId].video.framesDecoded += s.framesDecoded || 0;
        out[peerId].video.packetsReceived += s.packetsReceived || 0;
        out[peerId].video.bytesReceived += s.bytesReceived || 0;
        out[peerId].video.frameWidth = Math.max(out[peerId].video.frameWidth, s.frameWidth || 0);
      } else {
        out[peerId].audio.packetsReceived += s.packetsReceived || 0;
      }
    }
  }
  return out;
}

/** Asks the server for these layers on every video consumer (the way the mediasoup demo does per tile). */
async function setPreferredLayers(spatialLayer, temporalLayer) {
  const ids = [];
  for (const consumer of state.consumers.values()) {
    if (consumer.kind !== 'video' || consumer.closed) continue;
    const data = { consumerId: consumer.id, spatialLayer };
    if (temporalLayer !== undefined && temporalLayer !== null) data.temporalLayer = temporalLayer;
    await state.protoo.request('setConsumerPreferredLayers', data);
    ids.push(consumer.id);
  }
  return ids;
}

const watch = { timer: null, frames: 0, last: 0, lastChange: 0, longestGapMs: 0, busy: false };

async function decodedFrames() {
  let frames = 0;
  for (const consumer of state.consumers.values()) {
    if (consumer.kind !== 'video' || consumer.closed) continue;
    const report = await consumer.getStats();
    for (const s of report.values()) {
      if (s.type === 'inbound-rtp') frames += s.framesDecoded || 0;
    }
  }
  return frames;
}

function watchFrames() {
  if (watch.timer) clearInterval(watch.timer);
  Object.assign(watch, { frames: 0, last: -1, lastChange: performance.now(), longestGapMs: 0, busy: false });
  watch.timer = setInterval(async () => {
    if (watch.busy) return;
    watch.busy = true;
    try {
      const frames = await decodedFrames();
      const now = performance.now();
      if (watch.last >= 0 && frames > watch.last) {
        watch.longestGapMs = Math.max(watch.longestGapMs, now - watch.lastChange);
        watch.frames += frames - watch.last;
        watch.lastChange = now;
      }
      if (watch.last < 0) watch.lastChange = now;
      watch.last = frames;
    } catch (error) {
      record('watchFrames', error);
    } finally {
      watch.busy = false;
    }
  }, 50);
}

function frameWatch() {
  const sinceLast = watch.timer ? performance.now() - watch.lastChange : 0;
  return { frames: watch.frames, longestGapMs: Math.round(Math.max(watch.longestGapMs, sinceLast)) };
}

async function leave() {
  if (watch.timer) clearInterval(watch.timer);
  watch.timer = null;
  closeMedia();
  if (state.localStream) {
    for (const track of state.localStream.getTracks()) track.stop();
    state.localStream = null;
  }
  if (state.audio) {
    state.audio.context.close().catch(() => {});
    state.audio = null;
  }
  if (state.protoo) {
    state.protoo.close();
    state.protoo = null;
  }
  setLabel('left');
}

function peers() {
  return [...state.peers.values()].map((p) => {
    const kinds = [];
    for (const c of state.consumers.values()) {
      if (c.appData.peerId === p.id && !c.closed && !kinds.includes(c.kind)) kinds.push(c.kind);
    }
    return { id: p.id, displayName: p.displayName, kinds: kinds.sort() };
  });
}

/**
 * ICE restart of both transports the way the mediasoup demo does it: new server credentials from restartIce,
 * then transport.restartIce() renegotiates locally. Returns the new usernameFragments.
 */
async function restartIce() {
  const ufrags = [];
  for (const transport of [state.sendTransport, state.recvTransport]) {
    if (!transport) continue;
    const iceParameters = await state.protoo.request('restartIce', { transportId: transport.id });
    await transport.restartIce({ iceParameters });
    ufrags.push(iceParameters.usernameFragment);
  }
  return ufrags;
}

/** The sender side: the browser's bandwidth estimate for the send transport and video bytes sent so far. */
async function sendStats() {
  const out = { availableOutgoingBitrate: 0, videoBytesSent: 0, videoFrameWidth: 0, videoScalabilityMode: null, videoQualityLimitation: null, selectedProtocol: null };
  if (!state.sendTransport) return out;
  const report = await state.sendTransport.getStats();
  report.forEach((s) => {
    if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate) {
      out.availableOutgoingBitrate = Math.max(out.availableOutgoingBitrate, s.availableOutgoingBitrate);
    }
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      const remote = report.get(s.remoteCandidateId);
      if (remote) out.selectedProtocol = remote.protocol;
    }
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      out.videoBytesSent += s.bytesSent || 0;
      out.videoFrameWidth = Math.max(out.videoFrameWidth, s.frameWidth || 0);
      if (s.scalabilityMode) out.videoScalabilityMode = s.scalabilityMode;
      if (s.qualityLimitationReason) out.videoQualityLimitation = s.qualityLimitationReason;
    }
  });
  return out;
}

window.harness = {
  join,
  notifications: () => state.notifications,
  get resumes() {
    return state.resumes;
  },
  get rejoins() {
    return state.rejoins;
  },
  stats,
  sendStats,
  restartIce,
  setTone,
  setPreferredLayers,
  watchFrames,
  frameWatch,
  pauseProducer: (kind) => setPaused(kind, true),
  resumeProducer: (kind) => setPaused(kind, false),
  leave,
  peers,
  get joined() {
    return state.joined;
  },
  get peerId() {
    return state.peerId;
  },
  errors,
};
