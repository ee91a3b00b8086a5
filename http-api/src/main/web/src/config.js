/**
 * Meeting settings read from the page URL, and helpers that derive the signaling URL
 * and a few defaults from them. Pure functions over a URL / Location so they are easy to reason about.
 */

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Returns a random lowercase id of `length` characters (default 8). */
export function randomId(length = 8) {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

function positiveInt(value, fallback, max) {
  const n = Number.parseInt(value ?? '', 10);
  if (!Number.isFinite(n) || n <= 0) return fallback;
  return Math.min(n, max);
}

function flag(value, fallback) {
  if (value === null || value === undefined) return fallback;
  return !(value === '0' || value === 'false' || value === 'no' || value === 'off');
}

/** Tile arrangements of the meeting page (see layout.js); the first is the default. */
export const LAYOUTS = ['grid', 'spotlight', 'sidebar'];

/**
 * Whether the camera is published as VP8 simulcast (three encodings) unless the URL says `simulcast=0`.
 * Turning it off publishes one encoding, as before simulcast existed.
 */
export const SIMULCAST_DEFAULT = true;

/** A known layout name, else `fallback`. */
export function parseLayout(value, fallback = LAYOUTS[0]) {
  const name = String(value || '').trim().toLowerCase();
  return LAYOUTS.includes(name) ? name : fallback;
}

/**
 * Reads the meeting settings from a URL search string.
 * roomId is null when absent (the page then shows the join form).
 */
export function readSettings(search) {
  const q = new URLSearchParams(search);
  const roomId = (q.get('roomId') || '').trim() || null;
  return {
    roomId,
    peerId: (q.get('peerId') || '').trim() || randomId(8),
    displayName: (q.get('displayName') || '').trim() || null,
    audio: flag(q.get('audio'), true),
    video: flag(q.get('video'), true),
    width: positiveInt(q.get('width'), 640, 3840),
    height: positiveInt(q.get('height'), 480, 2160),
    fps: positiveInt(q.get('fps'), 24, 60),
    simulcast: flag(q.get('simulcast'), SIMULCAST_DEFAULT),
    layout: parseLayout(q.get('layout')),
  };
}

/** Signaling URL on the node that served the page: ws(s)://host:port/?roomId=..&peerId=.. */
export function signalingUrl(location, roomId, peerId) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const q = new URLSearchParams({ roomId, peerId });
  return `${scheme}://${location.host}/?${q.toString()}`;
}

/** A short default display name when the user gave none. */
export function defaultDisplayName() {
  return `Guest ${randomId(4).toUpperCase()}`;
}

/** Browser description sent in `join` as `device` ({flag, name, version}); only echoed by the server. */
export function deviceInfo(userAgent) {
  const ua = userAgent || '';
  const probes = [
    ['edge', 'Edge', /Edg\/(\d+)/],
    ['opera', 'Opera', /OPR\/(\d+)/],
    ['chrome', 'Chrome', /(?:HeadlessChrome|Chrome|Chromium)\/(\d+)/],
    ['firefox', 'Firefox', /Firefox\/(\d+)/],
    ['safari', 'Safari', /Version\/(\d+).*Safari/],
  ];
  for (const [flagName, name, re] of probes) {
    const m = re.exec(ua);
    if (m) return { flag: flagName, name, version: m[1] };
  }
  return { flag: 'unknown', name: 'Unknown', version: '0' };
}
