"""Tool Zero tool `{{name}}` (stateful): the component glue for componentize-py.

componentize-py takes the `session` resource's class from the module named after the WIT
interface: `Session` in stateful.py. The logic is in logic.py, plain Python tested natively
with `python3 -m unittest`.
"""

import json

from wit_world import exports

import logic


class Stateful(exports.Stateful):
    """Exports `tz:tool/stateful` (its sessions: stateful.Session)."""

    def spec(self) -> str:
        return json.dumps(logic.SPEC)
