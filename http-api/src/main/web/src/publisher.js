/**
 * The local participant's producers: publishes the microphone and the camera on the send transport (the camera
 * as VP8 simulcast unless turned off), and keeps the mute / camera-off choice across reconnects. Knows nothing
 * about the DOM; RoomClient owns the transports and hands them in.
 *
 * Events (through `emit`): 'producers' {mic, cam} (each {live, paused}), 'notice' {message}.
 */

/**
 * Camera simulcast encodings, lowest resolution first: the server numbers spatial layers in this order (layer 0
 * = a quarter of the capture width). Each layer gets a bitrate cap that suits its size at 960x540 capture
 * (240x135, 480x270, 960x540) and three temporal layers (L1T3), so a subscriber can also be thinned in frame
 * rate. Chrome turns layers off on its own while its bandwidth estimate is too low for them (top layer first).
 */
export const SIMULCAST_ENCODINGS = Object.freeze([
  Object.freeze({ scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' }),
  Object.freeze({ scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' }),
  Object.freeze({ scaleResolutionDownBy: 1, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' }),
]);

/**
 * How many simulcast layers a capture of `width` x `height` gets, by its longer side: 3 from 960 pixels, 2 from
 * 480, else none (1: one plain encoding). This follows Chrome, which sends at most 3 streams from 960x540, 2 from
 * 640x360 and 1 below, and drops the top layers of a larger request: the streams left keep the smallest scale
 * factors, so three layers asked of a 320x240 camera would send one 80x60 stream and nothing else.
 */
export function simulcastLayers(width, height) {
  const side = Math.max(width || 0, height || 0);
  if (side >= 960) return 3;
  if (side >= 480) return 2;
  return 1;
}

/**
 * The produce() options for the camera: with `simulcast` on, the server offering VP8 and a capture large enough
 * for two layers or more (see simulcastLayers; `settings` is the track's getSettings()), the VP8 codec and that
 * many encodings, the upper ones of SIMULCAST_ENCODINGS (2 layers: scale 2 and 1). Otherwise a single encoding
 * chosen by mediasoup-client, as before simulcast existed.
 */
export function cameraOptions(device, simulcast, settings = {}) {
  const codecOptions = { videoGoogleStartBitrate: 1000 };
  const layers = simulcastLayers(settings.width, settings.height);
  if (!simulcast || layers < 2) return { codecOptions };
  const vp8 = (device.rtpCapabilities.codecs || []).find((c) => String(c.mimeType).toLowerCase() === 'video/vp8');
  if (!vp8) return { codecOptions };
  const encodings = SIMULCAST_ENCODINGS.slice(SIMULCAST_ENCODINGS.length - layers).map((e) => ({ ...e }));
  return { codecOptions, codec: vp8, encodings };
}

export class Publisher {
  /**
   * @param {object} o
   * @param {(method: string, data: object) => Promise<any>} o.request protoo request to the server
   * @param {(event: string, payload: object) => void} o.emit
   * @param {boolean} o.simulcast publish the camera as simulcast
   */
  constructor({ request, emit, simulcast }) {
    this._request = request;
    this._emit = emit;
    this._simulcast = simulcast;
    this._mic = null;
    this._cam = null;
    this._micPaused = false;
    this._camPaused = false;
  }

  /**
   * Publishes what `tracks` holds and the device can send on `transport`. `stale()` says the session this belongs
   * to was torn down meanwhile: then a producer that was just created is closed again.
   */
  async publish(device, transport, tracks, stale) {
    if (tracks.audioTrack && device.canProduce('audio')) await this._produce(device, transport, 'audio', tracks.audioTrack, stale);
    if (stale()) return;
    if (tracks.videoTrack && device.canProduce('video')) await this._produce(device, transport, 'video', tracks.videoTrack, stale);
  }

  async _produce(device, transport, kind, track, stale) {
    const audio = kind === 'audio';
    const options = audio
      ? { codecOptions: { opusDtx: true } }
      : cameraOptions(device, this._simulcast, track.getSettings ? track.getSettings() : {});
    let producer;
    try {
      producer = await transport.produce({ track, stopTracks: false, appData: { source: kind }, ...options });
    } catch (error) {
      if (stale()) return;
      this._emit('notice', { message: `Could not send your ${audio ? 'microphone' : 'camera'}: ${error.message}` });
      return;
    }
    if (stale()) return void producer.close();
    if (audio) this._mic = producer;
    else this._cam = producer;
    producer.on('transportclose', () => this._forget(producer));
    producer.on('trackended', () => {
      this._emit('notice', { message: `Your ${audio ? 'microphone' : 'camera'} stopped` });
      this._request('closeProducer', { producerId: producer.id }).catch(() => {});
      producer.close();
      this._forget(producer);
    });
    // Keep a mute chosen before a reconnect.
    const wantPaused = audio ? this._micPaused : this._camPaused;
    if (wantPaused || producer.paused) await this._applyPause(producer, true);
    else this.emitState();
  }

  _forget(producer) {
    if (this._mic === producer) this._mic = null;
    if (this._cam === producer) this._cam = null;
    this.emitState();
  }

  /**
   * The server closed producer {@code producerId} (a host stopped it): closes it here too.
   * @returns {?string} its kind ('audio' | 'video'), or null if it is not one of ours
   */
  closedByServer(producerId) {
    const producer = [this._mic, this._cam].find((p) => p && p.id === producerId);
    if (!producer) return null;
    producer.close();
    this._forget(producer);
    return producer.kind;
  }

  /** Forgets the producers (their transport was closed by the caller); the mute choices stay. */
  reset() {
    this._mic = null;
    this._cam = null;
    this.emitState();
  }

  /** Emits 'producers' with what is live and what is paused. */
  emitState() {
    const describe = (p, paused) => ({ live: Boolean(p && !p.closed), paused });
    this._emit('producers', { mic: describe(this._mic, this._micPaused), cam: describe(this._cam, this._camPaused) });
  }

  async _applyPause(producer, paused) {
    if (paused) producer.pause();
    else producer.resume();
    this.emitState();
    try {
      await this._request(paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
    } catch (error) {
      this._emit('notice', { message: `Server refused ${paused ? 'pause' : 'resume'}: ${error.message}` });
    }
  }

  /** Mutes (true) or unmutes (false) the microphone: producer.pause()/resume() + pause/resumeProducer. */
  async setMicPaused(paused) {
    this._micPaused = paused;
    if (this._mic && !this._mic.closed) await this._applyPause(this._mic, paused);
    else this.emitState();
  }

  /** Turns the camera off (true) or on (false): producer.pause()/resume() + pause/resumeProducer. */
  async setCamPaused(paused) {
    this._camPaused = paused;
    if (this._cam && !this._cam.closed) await this._applyPause(this._cam, paused);
    else this.emitState();
  }

  /** Ids of the live local producers (audio first). */
  producerIds() {
    return [this._mic, this._cam].filter((p) => p && !p.closed).map((p) => p.id);
  }

  /** Send statistics of the camera per encoding (rid, frameWidth, active), for tests and diagnostics. */
  async cameraStats() {
    if (!this._cam || this._cam.closed) return [];
    const out = [];
    (await this._cam.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp') out.push({ rid: s.rid || null, frameWidth: s.frameWidth || 0, active: s.active !== false, bytesSent: s.bytesSent || 0 });
    });
    return out.sort((a, b) => String(a.rid).localeCompare(String(b.rid)));
  }
}
