/**
 * Camera and microphone capture for the local participant. Tracks live as long as the page is in
 * the room (they survive a signaling reconnect) and are stopped on leave.
 */
export class LocalMedia {
  constructor() {
    this.audioTrack = null;
    this.videoTrack = null;
    /** Human-readable reasons for kinds that could not be captured. */
    this.problems = [];
    this._stopped = false;
  }

  /**
   * Captures what was asked for. Tries one combined getUserMedia first (one permission prompt),
   * then each kind on its own so a missing camera does not also cost the microphone.
   */
  async acquire({ audio, video, width, height, fps }) {
    const videoConstraints = {
      width: { ideal: width },
      height: { ideal: height },
      frameRate: { ideal: fps },
    };
    if (!audio && !video) return this;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      this.problems.push('this page is not a secure context, so camera and microphone are unavailable');
      return this;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: audio ? true : false,
        video: video ? videoConstraints : false,
      });
      this._take(stream);
      return this;
    } catch {
      // fall through to one kind at a time
    }
    if (audio) await this._tryOne('microphone', { audio: true });
    if (video) await this._tryOne('camera', { video: videoConstraints });
    return this;
  }

  async _tryOne(label, constraints) {
    try {
      this._take(await navigator.mediaDevices.getUserMedia(constraints));
    } catch (error) {
      this.problems.push(`no ${label} (${error && error.name ? error.name : error})`);
    }
  }

  _take(stream) {
    if (this._stopped) {
      // left the room while the browser was still asking for permission
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    for (const track of stream.getAudioTracks()) if (!this.audioTrack) this.audioTrack = track;
    for (const track of stream.getVideoTracks()) if (!this.videoTrack) this.videoTrack = track;
  }

  /** Stops every captured track. */
  stop() {
    this._stopped = true;
    for (const track of [this.audioTrack, this.videoTrack]) {
      if (track) track.stop();
    }
    this.audioTrack = null;
    this.videoTrack = null;
  }
}
