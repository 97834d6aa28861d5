// Tests of tool.js, run natively: `node --test` in this directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callTool, stateless } from './tool.js';

test('greets by name', () => {
  assert.equal(callTool('{{name}}_greet', { name: 'Ada', excited: true }), '{"greeting":"Hello, Ada!"}');
});

test('an empty name is an error for the model', () => {
  assert.throws(() => callTool('{{name}}_greet', { name: ' ' }), /must not be empty/);
});

test('the spec names every function', () => {
  assert.deepEqual(JSON.parse(stateless.spec()).map((f) => f.name), ['{{name}}_greet']);
});
