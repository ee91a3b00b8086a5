// Unit tests of the camera's produce() options (node --test): simulcast on and off, layers by capture size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIMULCAST_ENCODINGS, cameraOptions, simulcastLayers } from '../src/publisher.js';

const device = (mimeTypes) => ({ rtpCapabilities: { codecs: mimeTypes.map((mimeType) => ({ mimeType, kind: 'video' })) } });
const HD = { width: 1280, height: 720 };

test('simulcast: three VP8 encodings, lowest resolution first, L1T3, rising bitrate caps', () => {
  const o = cameraOptions(device(['audio/opus', 'video/VP8', 'video/H264']), true, HD);
  assert.equal(o.codec.mimeType, 'video/VP8');
  assert.deepEqual(o.encodings.map((e) => e.scaleResolutionDownBy), [4, 2, 1]);
  assert.ok(o.encodings.every((e) => e.scalabilityMode === 'L1T3'));
  const caps = o.encodings.map((e) => e.maxBitrate);
  assert.ok(caps[0] < caps[1] && caps[1] < caps[2], `caps rise with the layer: ${caps}`);
  o.encodings[0].rid = 'r0'; // mediasoup-client writes into them: the shared table stays untouched
  assert.equal(SIMULCAST_ENCODINGS[0].rid, undefined);
});

for (const [width, height, layers] of [
  [1920, 1080, 3], [1280, 720, 3], [960, 540, 3], [540, 960, 3], [640, 480, 2], [640, 360, 2], [480, 270, 2],
  [320, 240, 1], [undefined, undefined, 1],
]) {
  test(`a ${width}x${height} capture is sent as ${layers} layer(s)`, () => {
    assert.equal(simulcastLayers(width, height), layers);
    const o = cameraOptions(device(['video/VP8']), true, { width, height });
    if (layers === 1) {
      assert.equal(o.encodings, undefined);
    } else {
      assert.deepEqual(o.encodings.map((e) => e.scaleResolutionDownBy), layers === 3 ? [4, 2, 1] : [2, 1]);
    }
  });
}

test('simulcast off, or no VP8 on the server: one encoding chosen by mediasoup-client', () => {
  for (const o of [cameraOptions(device(['video/VP8']), false, HD), cameraOptions(device(['video/H264']), true, HD)]) {
    assert.equal(o.encodings, undefined);
    assert.equal(o.codec, undefined);
    assert.equal(o.codecOptions.videoGoogleStartBitrate, 1000);
  }
});
