// Tests of tool.js, run natively: `node --test` in this directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from './tool.js';

test('notes added are listed in order and are the state', () => {
  const s = new Session(0n);
  s.load('{"notes": ["first"]}');
  assert.equal(s.call('{{name}}_add_note', '{"text": "second"}'), '{"count":2}');
  assert.equal(s.call('{{name}}_list_notes', '{}'), '{"notes":["first","second"]}');
  assert.equal(s.state(), '{"notes":["first","second"]}');
});

test('an empty note and a bad config are errors', () => {
  const s = new Session(0n);
  assert.throws(() => s.call('{{name}}_add_note', '{"text": ""}'), /must not be empty/);
  assert.throws(() => s.load('{"notes": [1]}'), /every note a string/);
});
