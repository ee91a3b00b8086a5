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
 * The claims of a join token (a JWT) as the page can read them: {room, peerId, role, name}, or null when
 * `token` is not a JWT. Not verified (the server does that); used only to fill in the meeting settings and to
 * not ask a viewer for camera and microphone.
 */
export function tokenClaims(token) {
  const parts = (token || '').split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
    if (!claims || typeof claims !== 'object') return null;
    const text = (v) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return { room: text(claims.room), peerId: text(claims.sub), role: text(claims.role), name: text(claims.name) };
  } catch {
    return null;
  }
}

/**
 * Reads the meeting settings from a URL search string.
 * roomId is null when absent (the page then shows the join form). A join token (`token`) is passed on to the
 * server; its room, peer id and name fill in what the URL leaves out, and a viewer's page captures no media.
 */
export function readSettings(search) {
  const q = new URLSearchParams(search);
  const token = (q.get('token') || '').trim() || null;
  const claims = tokenClaims(token) || {};
  const roomId = (q.get('roomId') || '').trim() || claims.room || null;
  const viewer = claims.role === 'viewer';
  return {
    roomId,
    peerId: (q.get('peerId') || '').trim() || claims.peerId || randomId(8),
    displayName: claims.name || (q.get('displayName') || '').trim() || null,
    token,
    role: claims.role || null,
    audio: !viewer && flag(q.get('audio'), true),
    video: !viewer && flag(q.get('video'), true),
    width: positiveInt(q.get('width'), 640, 3840),
    height: positiveInt(q.get('height'), 480, 2160),
    fps: positiveInt(q.get('fps'), 24, 60),
    simulcast: flag(q.get('simulcast'), SIMULCAST_DEFAULT),
    layout: parseLayout(q.get('layout')),
  };
}

/** Signaling URL on the node that served the page: ws(s)://host:port/?roomId=..&peerId=..[&token=..] */
export function signalingUrl(location, roomId, peerId, token = null) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const q = new URLSearchParams({ roomId, peerId });
  if (token) q.set('token', token);
  return `${scheme}://${location.host}/?${q.toString()}`;
}

/**
 * Where the page asks why its socket was refused (the browser does not show a refused handshake's answer):
 * GET /join-check with the same parameters answers {ok, error, reason} as JSON.
 */
export function joinCheckUrl(location, roomId, peerId, token = null) {
  const q = new URLSearchParams({ roomId, peerId });
  if (token) q.set('token', token);
  return `${location.protocol}//${location.host}/join-check?${q.toString()}`;
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
