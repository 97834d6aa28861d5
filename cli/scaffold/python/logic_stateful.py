"""Tool Zero tool `{{name}}`: a notebook whose notes live in one session per episode.

Rules for a tool: be deterministic given (seed, calls); no ambient I/O (the sandbox grants no
files, network or environment; clocks and random are virtual and seeded per episode); raise
ToolError with a message that tells the model how to fix its call.
"""

import json

SPEC = [
    {
        "name": "{{name}}_add_note",
        "description": 'Adds a note to the notebook and returns {"count": notes now}.',
        "parameters": {
            "type": "object",
            "properties": {"text": {"type": "string", "description": "The note's text"}},
            "required": ["text"],
            "additionalProperties": False,
        },
    },
    {
        "name": "{{name}}_list_notes",
        "description": 'Lists the notes, oldest first: {"notes": [text, ...]}.',
        "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
    },
]


class ToolError(Exception):
    """A tool-level error: its message is shown to the model."""


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


class Notebook:
    """One episode's state. `seed` is the episode's seed: draw any random initial state from it."""

    def __init__(self, seed: int) -> None:
        self.notes: list[str] = []

    def load(self, config: str) -> None:
        """Loads the initial state from a task's `tool_config`: {"notes": [text, ...]}."""
        try:
            notes = json.loads(config)["notes"]
        except (ValueError, KeyError, TypeError):
            raise ToolError('config must be {"notes": [text, ...]}')
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise ToolError("every note must be a string")
        self.notes = list(notes)

    def state(self) -> str:
        """The observable state, compared by state-based checking."""
        return _dumps({"notes": self.notes})

    def call(self, name: str, arguments: str) -> str:
        """Calls function `name` with `arguments` (validated by the host against SPEC)."""
        args = json.loads(arguments)
        if name == "{{name}}_add_note":
            text = args["text"].strip()
            if not text:
                raise ToolError("text must not be empty; pass the note's text")
            self.notes.append(text)
            return _dumps({"count": len(self.notes)})
        if name == "{{name}}_list_notes":
            return _dumps({"notes": self.notes})
        raise ToolError(f"unknown function '{name}'")
