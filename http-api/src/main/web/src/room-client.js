/**
 * Signaling and media for one participant: speaks protoo with the mediasoup-demo "legacy" room
 * methods to the Chorus node, runs the mediasoup-client Device and its two transports, and tells
 * the UI what changed through a small event interface. Knows nothing about the DOM.
 *
 * Events: 'state' {state, reason, message}, 'peer' {peerId}, 'peer-removed' {peerId}, 'peers-cleared',
 * 'active-speaker' {peerId}, 'speaking-peers' {peerIds}, 'producers' {mic, cam}, 'notice' {message},
 * 'layers' {peerId, consumerId, spatialLayer, temporalLayer} (what the server forwards of a simulcast consumer).
 * A socket the server refuses (a missing or expired join token, ...) ends in state 'closed' with reason
 * 'refused' and the server's explanation as message.
 */
import { Peer, WebSocketTransport } from 'protoo-client';
import { Device } from 'mediasoup-client';
import { Publisher } from './publisher.js';
import { RemotePeers } from './remote-peers.js';

export class RoomClient {
  /**
   * @param {object} o
   * @param {string} o.url signaling URL (ws(s)://host:port/?roomId=..&peerId=..)
   * @param {string} o.displayName
   * @param {{flag: string, name: string, version: string}} o.device
   * @param {Promise<{audioTrack: ?MediaStreamTrack, videoTrack: ?MediaStreamTrack}>} o.tracks local media to publish
   * @param {boolean} [o.simulcast] publish the camera as VP8 simulcast (default true)
   * @param {?string} o.checkUrl GET /join-check URL with the same parameters, asked when the socket is refused
   */
  constructor({ url, displayName, device, tracks, simulcast = true, checkUrl = null }) {
    this._url = url;
    this._checkUrl = checkUrl;
    this._closeMessage = null;
    this._displayName = displayName;
    this._deviceInfo = device;
    this._tracks = tracks;
    this._listeners = new Map();
    this._protoo = null;
    this._state = 'new';
    this._session = 0; // bumped on every teardown; async work of an older session gives up
    this._joined = false;
    this._lastSocketEvent = null;
    this._closeReason = null;
    this._sendTransport = null;
    this._recvTransport = null;
    this.publisher = new Publisher({
      request: (method, data) => this._request(method, data),
      emit: (event, payload) => this._emit(event, payload),
      simulcast,
    });
    /** consumerId -> {closed, paused} for notifications that arrive while consume() is still running. */
    this._pendingConsumers = new Map();
    this.remotePeers = new RemotePeers();
  }

  on(event, fn) {
    if (!this._listeners.has(event)) this._listeners.set(event, []);
    this._listeners.get(event).push(fn);
    return this;
  }

  _emit(event, payload) {
    for (const fn of this._listeners.get(event) || []) {
      try {
        fn(payload);
      } catch (error) {
        console.warn('chorus: listener for %s failed', event, error);
      }
    }
  }

  get state() {
    return this._state;
  }

  get joined() {
    return this._joined;
  }

  get displayName() {
    return this._displayName;
  }

  _setState(state, reason = null) {
    this._state = state;
    this._emit('state', { state, reason, message: state === 'closed' ? this._closeMessage : null });
  }

  /** Opens the signaling socket; joining starts when it is open and restarts after reconnects. */
  start() {
    if (this._protoo) return;
    this._setState('connecting');
    this._protoo = new Peer(new WebSocketTransport(this._url));
    this._protoo.on('open', () => {
      this._lastSocketEvent = 'open';
      if (this._joined) this._resume();
      else this._joinRoom();
    });
    this._protoo.on('failed', (attempt) => {
      this._lastSocketEvent = 'failed';
      if (attempt === 1) this._askWhyRefused();
      this._emit('notice', { message: `Cannot reach the server (attempt ${attempt}), retrying...` });
    });
    this._protoo.on('disconnected', () => {
      // Media keeps flowing on its own transports: the server keeps this peer for its grace period, so the
      // socket reconnects (protoo-client retries) and the session resumes without anyone noticing.
      this._lastSocketEvent = 'disconnected';
      this._setState('reconnecting');
    });
    this._protoo.on('close', () => this._onSocketClose());
    this._protoo.on('request', (request, accept, reject) => this._onRequest(request, accept, reject));
    this._protoo.on('notification', (notification) => this._onNotification(notification));
  }

  _onSocketClose() {
    if (this._state === 'closed') return;
    let reason = this._closeReason;
    if (!reason) reason = this._lastSocketEvent === 'failed' ? 'unreachable' : 'room-closed';
    this._teardown();
    this._setState('closed', reason);
  }

  /**
   * The socket failed to open (at first, or on a reconnect): the server may have refused it (an expired token, the
   * origin). A browser cannot
   * read a refused handshake's answer, so the page asks /join-check, and a refusal ends the attempt with its reason
   * instead of retrying.
   */
  async _askWhyRefused() {
    if (!this._checkUrl) return;
    let answer;
    try {
      const response = await fetch(this._checkUrl, { cache: 'no-store' });
      answer = await response.json();
    } catch {
      return; // unreachable: protoo-client keeps retrying
    }
    if (!answer || answer.ok !== false || this._lastSocketEvent === 'open' || this._state === 'closed') return;
    this._closeMessage = answer.error || 'The server refused this connection.';
    this._close('refused');
  }

  /** Leaves the room: closes both transports and the socket. */
  leave() {
    this._close('left');
  }

  _close(reason) {
    if (this._state === 'closed') return;
    this._closeReason = reason;
    this._teardown();
    if (this._protoo) this._protoo.close(); // emits 'close' -> _onSocketClose -> state 'closed'
    if (this._state !== 'closed') this._setState('closed', reason);
  }

  _request(method, data) {
    return this._protoo.request(method, data);
  }

  /** A protoo request for other modules (layer and priority requests); rejects while the socket is down. */
  request(method, data) {
    if (!this._protoo || this._state === 'closed') return Promise.reject(new Error('not connected'));
    return this._request(method, data);
  }

  /**
   * After a reconnect: if the server still knows this peer (within its grace period), restarting ICE on our
   * transports succeeds and the session simply goes on. Otherwise the server has let the peer go: start over.
   */
  async _resume() {
    const session = this._session;
    try {
      for (const transport of [this._sendTransport, this._recvTransport]) {
        if (!transport || transport.closed) continue;
        const iceParameters = await this._request('restartIce', { transportId: transport.id });
        if (session !== this._session) return;
        await transport.restartIce({ iceParameters });
      }
      if (session !== this._session) return;
      this._setState('joined');
    } catch (error) {
      if (session !== this._session) return;
      console.warn('chorus: could not resume, joining again', error);
      this._teardown();
      this._joined = false;
      this._joinRoom();
    }
  }

  async _joinRoom() {
    const session = ++this._session;
    const stale = () => session !== this._session;
    try {
      const routerRtpCapabilities = await this._request('getRouterRtpCapabilities');
      if (stale()) return;
      const device = new Device();
      await device.load({ routerRtpCapabilities });
      const tracks = await this._tracks;
      if (stale()) return;
      const sendable = (tracks.audioTrack && device.canProduce('audio')) || (tracks.videoTrack && device.canProduce('video'));
      if (sendable) {
        const transport = await this._createTransport(device, 'send');
        if (stale()) return void transport.close();
        this._sendTransport = transport;
      }
      const recv = await this._createTransport(device, 'recv');
      if (stale()) return void recv.close();
      this._recvTransport = recv;
      const { peers, role } = await this._request('join', {
        displayName: this._displayName,
        device: this._deviceInfo,
        rtpCapabilities: device.rtpCapabilities,
      });
      if (stale()) return;
      for (const p of peers || []) {
        this.remotePeers.upsert(p);
        this._emit('peer', { peerId: p.id });
      }
      if (this._sendTransport && role !== 'viewer') {
        await this.publisher.publish(device, this._sendTransport, tracks, stale);
      }
      if (stale()) return;
      this._joined = true;
      this._setState('joined');
    } catch (error) {
      if (stale()) return;
      console.error('chorus: join failed', error);
      this._emit('notice', { message: `Could not join the room: ${error && error.message ? error.message : error}` });
      this._close('join-failed');
    }
  }

  async _createTransport(device, direction) {
    const sending = direction === 'send';
    const info = await this._request('createWebRtcTransport', {
      forceTcp: false,
      producing: sending,
      consuming: !sending,
    });
    const options = {
      id: info.id,
      iceParameters: info.iceParameters,
      iceCandidates: info.iceCandidates,
      dtlsParameters: info.dtlsParameters,
    };
    const transport = sending ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this._request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters })
        .then(() => callback())
        .catch(errback);
    });
    if (sending) {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        this._request('produce', { transportId: transport.id, kind, rtpParameters, appData })
          .then(({ id }) => callback({ id }))
          .catch(errback);
      });
    }
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed') this._emit('notice', { message: `Media connection (${direction}) failed` });
    });
    return transport;
  }

  /** Renames the local participant; the server tells the others with peerDisplayNameChanged. */
  async changeDisplayName(displayName) {
    const previous = this._displayName;
    this._displayName = displayName;
    if (!this._joined) return;
    try {
      await this._request('changeDisplayName', { displayName });
    } catch (error) {
      this._displayName = previous;
      throw error;
    }
  }

  /** Ids of the live local producers (audio first). */
  producerIds() {
    return this.publisher.producerIds();
  }

  setMicPaused(paused) {
    return this.publisher.setMicPaused(paused);
  }

  setCamPaused(paused) {
    return this.publisher.setCamPaused(paused);
  }

  _teardown() {
    this._session++;
    this._joined = false;
    for (const transport of [this._sendTransport, this._recvTransport]) {
      if (transport && !transport.closed) transport.close();
    }
    this._sendTransport = null;
    this._recvTransport = null;
    for (const peer of this.remotePeers.clear()) {
      for (const consumer of peer.consumers.values()) consumer.close();
    }
    this._emit('peers-cleared', {});
    this.publisher.reset();
  }

  async _onRequest(request, accept, reject) {
    if (request.method !== 'newConsumer') {
      reject(500, `unknown method ${request.method}`);
      return;
    }
    const session = this._session;
    const transport = this._recvTransport;
    if (!transport || transport.closed) {
      reject(403, 'not consuming');
      return;
    }
    const { peerId, producerId, id, kind, rtpParameters, appData, producerPaused, type } = request.data;
    const peerWasKnown = this.remotePeers.has(peerId);
    const early = { closed: false, paused: Boolean(producerPaused) };
    this._pendingConsumers.set(id, early);
    let consumer;
    try {
      consumer = await transport.consume({
        id,
        producerId,
        kind,
        rtpParameters,
        streamId: `${peerId}-av`,
        appData: { ...(appData || {}), peerId, consumerType: type || 'simple', remotelyPaused: Boolean(producerPaused) },
      });
    } catch (error) {
      this._pendingConsumers.delete(id);
      console.error('chorus: consume failed', error);
      reject(500, String(error && error.message ? error.message : error));
      return;
    }
    this._pendingConsumers.delete(id);
    if (session !== this._session) {
      consumer.close();
      return;
    }
    if (early.closed || (peerWasKnown && !this.remotePeers.has(peerId))) {
      // consumerClosed or peerClosed overtook us: do not resurrect the peer.
      consumer.close();
      accept();
      return;
    }
    consumer.appData.remotelyPaused = early.paused;
    this.remotePeers.addConsumer(peerId, consumer);
    consumer.on('transportclose', () => this.remotePeers.removeConsumer(consumer.id));
    accept();
    this._emit('peer', { peerId });
  }

  _onNotification({ method, data }) {
    switch (method) {
      case 'newPeer':
        this.remotePeers.upsert(data);
        this._emit('peer', { peerId: data.id });
        break;
      case 'peerClosed': {
        const peer = this.remotePeers.remove(data.peerId);
        if (peer) for (const consumer of peer.consumers.values()) consumer.close();
        this._emit('peer-removed', { peerId: data.peerId });
        break;
      }
      case 'peerDisplayNameChanged':
        if (this.remotePeers.has(data.peerId)) {
          this.remotePeers.upsert({ id: data.peerId, displayName: data.displayName });
          this._emit('peer', { peerId: data.peerId });
        }
        break;
      case 'consumerClosed': {
        const pending = this._pendingConsumers.get(data.consumerId);
        if (pending) pending.closed = true;
        const found = this.remotePeers.removeConsumer(data.consumerId);
        if (found) {
          found.consumer.close();
          this._emit('peer', { peerId: found.peer.id });
        }
        break;
      }
      case 'consumerPaused':
      case 'consumerResumed': {
        const pending = this._pendingConsumers.get(data.consumerId);
        if (pending) pending.paused = method === 'consumerPaused';
        const found = this.remotePeers.findConsumer(data.consumerId);
        if (found) {
          found.consumer.appData.remotelyPaused = method === 'consumerPaused';
          this._emit('peer', { peerId: found.peer.id });
        }
        break;
      }
      case 'consumerLayersChanged': {
        const found = this.remotePeers.findConsumer(data.consumerId);
        if (!found) break;
        const layers = data.layers || data; // the 2025 demo nests them in `layers`
        const spatialLayer = Number.isInteger(layers.spatialLayer) ? layers.spatialLayer : null;
        const temporalLayer = Number.isInteger(layers.temporalLayer) ? layers.temporalLayer : null;
        found.consumer.appData.layers = { spatialLayer, temporalLayer };
        this._emit('layers', { peerId: found.peer.id, consumerId: data.consumerId, spatialLayer, temporalLayer });
        break;
      }
      case 'downlinkBwe':
        console.debug('chorus: downlink estimate', data);
        break;
      case 'producerClosed': {
        // A host closed one of our producers.
        const kind = this.publisher.closedByServer(data.producerId);
        if (kind) this._emit('notice', { message: `A host stopped your ${kind === 'audio' ? 'microphone' : 'camera'}` });
        break;
      }
      case 'activeSpeaker':
        this._emit('active-speaker', { peerId: data.peerId || null, volume: data.volume ?? null });
        break;
      case 'speakingPeers':
        this._emit('speaking-peers', {
          peerIds: (data.peerVolumes || []).map((v) => v.peerId).filter(Boolean),
        });
        break;
      default:
        break; // mediasoup-version, scores: not shown by this page
    }
  }
}
