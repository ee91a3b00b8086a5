// Unit tests of the layout state (node --test): which peer is the large tile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayoutState, chooseMain } from '../src/layout.js';

for (const [name, input, expected] of [
  ['grid has no main tile', { layout: 'grid', pinned: 'b', lastSpeaker: 'a', peerIds: ['a', 'b'] }, null],
  ['alone: the local preview (null)', { layout: 'spotlight', pinned: null, lastSpeaker: null, peerIds: [] }, null],
  ['pinned wins over the speaker', { layout: 'spotlight', pinned: 'b', lastSpeaker: 'a', peerIds: ['a', 'b'] }, 'b'],
  ['the speaker', { layout: 'sidebar', pinned: null, lastSpeaker: 'b', peerIds: ['a', 'b'] }, 'b'],
  ['a pinned peer without tile is ignored', { layout: 'sidebar', pinned: 'x', lastSpeaker: 'b', peerIds: ['a', 'b'] }, 'b'],
  ['nobody spoke: the first to join', { layout: 'spotlight', pinned: null, lastSpeaker: null, peerIds: ['a', 'b'] }, 'a'],
]) {
  test(`chooseMain: ${name}`, () => assert.equal(chooseMain(input), expected));
}

test('the spotlight keeps the last remote speaker through silence and the local speaker', () => {
  const s = new LayoutState('spotlight');
  s.addPeer('a');
  s.addPeer('b');
  s.setSpeaker('b', 'me');
  assert.equal(s.main, 'b');
  s.setSpeaker(null, 'me');
  assert.equal(s.main, 'b');
  s.setSpeaker('me', 'me');
  assert.equal(s.main, 'b');
  s.removePeer('b');
  assert.equal(s.main, 'a');
});

test('pinning toggles, switches grid to spotlight, and ends when the peer leaves', () => {
  const s = new LayoutState('grid');
  s.addPeer('a');
  s.addPeer('b');
  s.togglePin('b');
  assert.equal(s.layout, 'spotlight');
  assert.equal(s.main, 'b');
  s.setSpeaker('a', 'me');
  assert.equal(s.main, 'b', 'the pin beats the speaker');
  s.togglePin('b');
  assert.equal(s.pinned, null);
  assert.equal(s.main, 'a');
  s.togglePin('b');
  s.removePeer('b');
  assert.equal(s.pinned, null);
  s.setLayout('nonsense');
  assert.equal(s.layout, 'spotlight', 'unknown layouts are ignored');
  s.setLayout('sidebar');
  assert.equal(s.layout, 'sidebar');
});
