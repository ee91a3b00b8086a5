// Unit tests of the per-tile layer requests (node --test): thresholds, debounce, "only on change", priority.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LayerRequests, coverWidth, parseScalabilityMode, spatialLayerFor, DEBOUNCE_MS, PRIORITY_MAIN, PRIORITY_OTHER,
} from '../src/layers.js';

test('scalability modes give the layer counts; unknown ones 1x1', () => {
  assert.deepEqual(parseScalabilityMode('L3T3'), { spatialLayers: 3, temporalLayers: 3 });
  assert.deepEqual(parseScalabilityMode('L3T3_KEY'), { spatialLayers: 3, temporalLayers: 3 });
  assert.deepEqual(parseScalabilityMode('L1T2'), { spatialLayers: 1, temporalLayers: 2 });
  assert.deepEqual(parseScalabilityMode(null), { spatialLayers: 1, temporalLayers: 1 });
  assert.deepEqual(parseScalabilityMode('bogus'), { spatialLayers: 1, temporalLayers: 1 });
});

test('a tile needs the width of a 16:9 picture that covers it, in device pixels', () => {
  assert.equal(coverWidth(192, 108, 1), 192); // 16:9 thumbnail
  assert.equal(coverWidth(497, 318, 1), 565); // taller than 16:9: the picture is wider than the tile
  assert.equal(coverWidth(192, 108, 2), 384); // HiDPI
  assert.equal(coverWidth(0, 100, 1), 0); // hidden tile
});

for (const [width, layers, expected] of [
  [0, 3, 0], [192, 3, 0], [359, 3, 0], [360, 3, 1], [565, 3, 1], [719, 3, 1], [720, 3, 2], [1004, 3, 2],
  [1004, 2, 1], [1004, 1, 0],
]) {
  test(`a tile needing ${width} px gets spatial layer ${expected} of ${layers}`, () => {
    assert.equal(spatialLayerFor(width, layers), expected);
  });
}

/** A LayerRequests with fake timers, sizes and server; `requests` records what was sent. */
function harness({ fail = false } = {}) {
  const timers = new Map();
  let nextTimer = 1;
  const sizes = new Map();
  const observed = new Set();
  let resized = null;
  const requests = [];
  const layers = new LayerRequests({
    request: async (method, data) => {
      requests.push({ method, ...data });
      if (fail) throw new Error('socket down');
      return {};
    },
    measure: (tile) => sizes.get(tile),
    dpr: () => 1,
    observer: (fn) => {
      resized = fn;
      return { observe: (t) => observed.add(t), unobserve: (t) => observed.delete(t), disconnect() {} };
    },
    schedule: (fn, ms) => {
      assert.equal(ms, DEBOUNCE_MS);
      const id = nextTimer++;
      timers.set(id, fn);
      return id;
    },
    cancel: (id) => timers.delete(id),
  });
  return {
    layers,
    requests,
    observed,
    pendingTimers: () => timers.size,
    resize(tile, width, height) {
      sizes.set(tile, { width, height });
      resized([{ target: tile }]);
    },
    setSize(tile, width, height) {
      sizes.set(tile, { width, height });
    },
    /** Runs the due timers and lets the fake requests settle. */
    async elapse() {
      const due = [...timers.values()];
      timers.clear();
      for (const fn of due) fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

const simulcast = (consumerId) => ({ consumerId, type: 'simulcast', scalabilityMode: 'L3T3' });

test('a tile asks for the layer that fits its size once, after the debounce', async () => {
  const h = harness();
  const tile = {};
  h.setSize(tile, 192, 108);
  h.layers.update('p', tile, simulcast('c1'));
  assert.equal(h.requests.length, 0, 'nothing before the debounce');
  await h.elapse();
  assert.deepEqual(h.requests, [{ method: 'setConsumerPreferredLayers', consumerId: 'c1', spatialLayer: 0, temporalLayer: 2 }]);
  h.resize(tile, 190, 107);
  h.layers.refresh();
  await h.elapse();
  assert.equal(h.requests.length, 1, 'same layer: nothing sent again');
  assert.ok(h.observed.has(tile));
});

test('a size that changes and changes back within the debounce sends nothing', async () => {
  const h = harness();
  const tile = {};
  h.setSize(tile, 192, 108);
  h.layers.update('p', tile, simulcast('c1'));
  await h.elapse();
  h.resize(tile, 1004, 529);
  h.resize(tile, 192, 108);
  assert.equal(h.pendingTimers(), 0);
  await h.elapse();
  assert.equal(h.requests.length, 1);
});

test('bursts of resizes send one request with the final layer', async () => {
  const h = harness();
  const tile = {};
  h.setSize(tile, 192, 108);
  h.layers.update('p', tile, simulcast('c1'));
  await h.elapse();
  for (const w of [300, 500, 800, 1000]) h.resize(tile, w, (w * 9) / 16);
  await h.elapse();
  assert.deepEqual(h.requests.slice(1), [{ method: 'setConsumerPreferredLayers', consumerId: 'c1', spatialLayer: 2, temporalLayer: 2 }]);
});

test('the main tile gets a higher priority, and back when it stops being main', async () => {
  const h = harness();
  const tile = {};
  h.setSize(tile, 1004, 529);
  h.layers.update('p', tile, simulcast('c1'));
  h.layers.setMain('p');
  await h.elapse();
  assert.deepEqual(h.requests, [
    { method: 'setConsumerPreferredLayers', consumerId: 'c1', spatialLayer: 2, temporalLayer: 2 },
    { method: 'setConsumerPriority', consumerId: 'c1', priority: PRIORITY_MAIN },
  ]);
  h.layers.setMain(null);
  h.resize(tile, 192, 108);
  await h.elapse();
  assert.deepEqual(h.requests.slice(2), [
    { method: 'setConsumerPreferredLayers', consumerId: 'c1', spatialLayer: 0, temporalLayer: 2 },
    { method: 'setConsumerPriority', consumerId: 'c1', priority: PRIORITY_OTHER },
  ]);
});

test('a non-simulcast consumer gets no layer requests, only the priority', async () => {
  const h = harness();
  const tile = {};
  h.setSize(tile, 1004, 529);
  h.layers.update('p', tile, { consumerId: 'c1', type: 'simple', scalabilityMode: null });
  await h.elapse();
  assert.equal(h.requests.length, 0);
  h.layers.setMain('p');
  await h.elapse();
  assert.deepEqual(h.requests, [{ method: 'setConsumerPriority', consumerId: 'c1', priority: PRIORITY_MAIN }]);
});

test('a new consumer for the same tile starts over; a removed peer is forgotten', async () => {
  const h = harness();
  const tile = {};
  h.setSize(tile, 192, 108);
  h.layers.update('p', tile, simulcast('c1'));
  await h.elapse();
  h.layers.update('p', tile, simulcast('c2'));
  await h.elapse();
  assert.deepEqual(h.requests.map((r) => r.consumerId), ['c1', 'c2']);
  h.layers.remove('p');
  assert.ok(!h.observed.has(tile));
  h.resize(tile, 1004, 529);
  await h.elapse();
  assert.equal(h.requests.length, 2);
});

test('a failed request is retried on the next refresh, not in a loop', async () => {
  const h = harness({ fail: true });
  const tile = {};
  h.setSize(tile, 192, 108);
  h.layers.update('p', tile, simulcast('c1'));
  await h.elapse();
  await h.elapse();
  assert.equal(h.requests.length, 1);
  assert.equal(h.pendingTimers(), 0);
  h.layers.refresh();
  await h.elapse();
  assert.equal(h.requests.length, 2);
});
