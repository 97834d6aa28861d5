// Tool Zero tool `{{name}}` (stateful): a notebook whose notes live in one session per
// episode, built to a component with componentize-js. componentize-js bundles this one file:
// no imports. `node --test` runs tool.test.mjs.
//
// Rules for a tool: be deterministic given (seed, calls); no ambient I/O (the sandbox grants
// no files, network or environment; clocks and random are virtual and seeded per episode);
// throw a string that tells the model how to fix its call (it becomes the `err` result; an
// uncaught Error would trap the instance, so `guard` turns a bug into an `err` too).

const SPEC = [
  {
    name: '{{name}}_add_note',
    description: 'Adds a note to the notebook and returns {"count": notes now}.',
    parameters: {
      type: 'object',
      properties: { text: { type: 'string', description: "The note's text" } },
      required: ['text'],
      additionalProperties: false,
    },
  },
  {
    name: '{{name}}_list_notes',
    description: 'Lists the notes, oldest first: {"notes": [text, ...]}.',
    parameters: { type: 'object', properties: {}, additionalProperties: false },
  },
];

/** One episode's state. `seed` (a BigInt) is the episode's seed: draw any random initial state from it. */
export class Session {
  constructor(seed) {
    this.notes = [];
  }

  /** Loads the initial state from a task's `tool_config`: {"notes": [text, ...]}. */
  load(config) {
    let notes;
    try {
      notes = JSON.parse(config).notes;
    } catch {
      throw 'config must be {"notes": [text, ...]}';
    }
    if (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string')) {
      throw 'config must be {"notes": [text, ...]} with every note a string';
    }
    this.notes = [...notes];
  }

  /** The observable state, compared by state-based checking. */
  state() {
    return JSON.stringify({ notes: this.notes });
  }

  /** Calls function `name` with `args` (a JSON text validated by the host against SPEC). */
  call(name, args) {
    const a = JSON.parse(args);
    if (name === '{{name}}_add_note') {
      const text = a.text.trim();
      if (!text) throw "text must not be empty; pass the note's text";
      this.notes.push(text);
      return JSON.stringify({ count: this.notes.length });
    }
    if (name === '{{name}}_list_notes') return JSON.stringify({ notes: this.notes });
    throw `unknown function '${name}'`;
  }
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

/** Exports `tz:tool/stateful`. */
export const stateful = {
  spec() {
    return JSON.stringify(SPEC);
  },
  Session: class {
    constructor(seed) {
      this.inner = new Session(seed);
    }
    load(config) {
      return guard(() => this.inner.load(config));
    }
    state() {
      return this.inner.state();
    }
    call(name, args) {
      return guard(() => this.inner.call(name, args));
    }
  },
};
