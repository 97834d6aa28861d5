"""Tool Zero tool `{{name}}`: the functions and their JSON Schema spec (plain Python).

Rules for a tool: be deterministic given (seed, calls); no ambient I/O (the sandbox grants no
files, network or environment; clocks and random are virtual and seeded per episode); raise
ToolError with a message that tells the model how to fix its call.
"""

import json

SPEC = [
    {
        "name": "{{name}}_greet",
        "description": 'Greets a person by name and returns {"greeting": text}.',
        "parameters": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "The person's name, e.g. 'Ada'"},
                "excited": {
                    "type": "boolean",
                    "description": "End with '!' instead of '.' (default false)",
                },
            },
            "required": ["name"],
            "additionalProperties": False,
        },
    }
]


class ToolError(Exception):
    """A tool-level error: its message is shown to the model."""


def call(name: str, args: dict) -> str:
    """Calls function `name` with `args` (already validated by the host against SPEC)."""
    if name == "{{name}}_greet":
        who = args["name"].strip()
        if not who:
            raise ToolError("name must not be empty; pass the person's name")
        end = "!" if args.get("excited", False) else "."
        return json.dumps({"greeting": f"Hello, {who}{end}"}, separators=(",", ":"))
    raise ToolError(f"unknown function '{name}'")
