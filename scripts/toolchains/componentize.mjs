// Builds a JavaScript tool to a WebAssembly component with componentize-js (StarlingMonkey),
// called through its API (the jco CLI's `componentize` fails on these machines).
//
//   node componentize.mjs SOURCE.js WIT_DIR WORLD OUT.wasm
//
// The `http` and `fetch-event` features are disabled so the component imports no wasi:http
// (the Tool Zero host grants no network). Paths may be absolute or relative to the cwd.
import { componentize } from '@bytecodealliance/componentize-js';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { resolve } from 'node:path';

const [source, witDir, world, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node componentize.mjs SOURCE.js WIT_DIR WORLD OUT.wasm');
  process.exit(2);
}
const { component } = await componentize(await readFile(source, 'utf8'), {
  sourceName: 'tool.js',
  witPath: resolve(witDir),
  worldName: world,
  disableFeatures: ['http', 'fetch-event'],
});
const tmp = `${out}.tmp`;
await writeFile(tmp, component);
await rename(tmp, out);
