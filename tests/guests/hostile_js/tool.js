// A hostile JavaScript tool for the sandbox tests (env/tests/sandbox/hostile_js.rs).
//
// Each function tries something a sandbox must stop or make deterministic: ambient APIs
// (fetch, process, require), busy waiting on the clock (JavaScript has no blocking sleep),
// clocks, random, loops, allocation, recursion, huge output, stdout floods and uncaught
// errors. Built by scripts/build-test-guests.sh (componentize-js, world `tool`); never
// shipped. componentize-js runs this module's top level at build time (a Wizer snapshot);
// calling Math.random() or crypto.getRandomValues() there fails the build ("cannot call
// arbitrary imported functions during Wizer initialization"), so nothing random is frozen.

const FUNCTIONS = [
  'ambient',
  'fetch',
  'sleep_ms',
  'busy_wait_ms',
  'clock',
  'random',
  'spin',
  'alloc',
  'recurse',
  'output_bytes',
  'print_stdout',
  'throw_error',
  'throw_string',
  'trivial',
];

// Read at build time, when the Wizer snapshot is taken: frozen in the component.
const BUILD_TIME_NOW = Date.now();

const kinds = (names) =>
  Object.fromEntries(names.map((n) => [n, typeof globalThis[n]]));

const impl = {
  ambient: () =>
    JSON.stringify(
      kinds(['fetch', 'process', 'require', 'Deno', 'Bun', 'XMLHttpRequest', 'WebSocket']),
    ),
  // `fetch` exists, but with the `http` feature disabled its wasi:http calls are trapping
  // stubs: the catch below is never reached, the call traps.
  fetch: () => {
    try {
      fetch('http://127.0.0.1:22/');
      return 'fetch started';
    } catch (e) {
      throw `refused: ${e}`;
    }
  },
  sleep_ms: (n) => {
    const start = Date.now();
    while (Date.now() - start < n) {}
    return `slept ${Date.now() - start} ms`;
  },
  busy_wait_ms: (n) => {
    const start = performance.now();
    while (performance.now() - start < n) {}
    return 'waited';
  },
  clock: () =>
    JSON.stringify({
      date_now: Date.now(),
      performance_now: performance.now(),
      iso: new Date().toISOString(),
      build_time_now: BUILD_TIME_NOW,
    }),
  random: () =>
    JSON.stringify({
      math_random: Math.random(),
      crypto: Array.from(crypto.getRandomValues(new Uint8Array(16))),
    }),
  spin: () => {
    for (;;) {}
  },
  alloc: () => {
    const keep = [];
    for (;;) {
      const block = new Uint8Array(1 << 20);
      block.fill(1);
      keep.push(block);
    }
  },
  recurse: () => {
    const down = (k) => down(k + 1) + 1;
    return `depth result ${down(0)}`;
  },
  output_bytes: (n) => 'x'.repeat(n),
  print_stdout: (n) => {
    for (let i = 0; i < n; i++) {
      console.log('spam spam spam spam spam spam spam spam');
    }
    return 'printed';
  },
  throw_error: () => {
    throw new Error('hostile error');
  },
  throw_string: () => {
    throw 'a tool error, thrown as a string';
  },
  trivial: () => 'ok',
};

export const stateless = {
  spec() {
    return JSON.stringify(
      FUNCTIONS.map((name) => ({
        name,
        description: `hostile: ${name}`,
        parameters: {
          type: 'object',
          properties: { n: { type: 'integer', minimum: 0 } },
        },
      })),
    );
  },
  call(name, args) {
    const f = impl[name];
    if (!f) {
      throw `unknown function ${name}`;
    }
    return f(JSON.parse(args).n ?? 0);
  },
};
