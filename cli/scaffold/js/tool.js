// Tool Zero tool `{{name}}` (stateless), built to a component with componentize-js.
// componentize-js bundles this one file: no imports. `node --test` runs tool.test.mjs.
//
// Rules for a tool: be deterministic given (seed, calls); no ambient I/O (the sandbox grants
// no files, network or environment; clocks and random are virtual and seeded per episode);
// throw a string that tells the model how to fix its call (it becomes the `err` result; an
// uncaught Error would trap the instance, so `guard` turns a bug into an `err` too).

const SPEC = [
  {
    name: '{{name}}_greet',
    description: 'Greets a person by name and returns {"greeting": text}.',
    parameters: {
      type: 'object',
      properties: {
        name: { type: 'string', description: "The person's name, e.g. 'Ada'" },
        excited: { type: 'boolean', description: "End with '!' instead of '.' (default false)" },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
];

/** Calls function `name` with `args` (already validated by the host against SPEC). */
export function callTool(name, args) {
  if (name === '{{name}}_greet') {
    const who = args.name.trim();
    if (!who) throw "name must not be empty; pass the person's name";
    return JSON.stringify({ greeting: `Hello, ${who}${args.excited ? '!' : '.'}` });
  }
  throw `unknown function '${name}'`;
}

/** Runs `f`, turning anything thrown that is not a string (a bug) into an `err` text. */
function guard(f) {
  try {
    return f();
  } catch (e) {
    if (typeof e === 'string') throw e;
    throw `internal error in {{name}}: ${e}`;
  }
}

/** Exports `tz:tool/stateless`. */
export const stateless = {
  spec() {
    return JSON.stringify(SPEC);
  },
  call(name, args) {
    return guard(() => callTool(name, JSON.parse(args)));
  },
};
