"""Tool Zero tool `{{name}}` (stateless): the component glue for componentize-py.

The logic is in logic.py, plain Python tested natively with `python3 -m unittest`.
"""

import json

from componentize_py_types import Err
from wit_world import exports

import logic


class Stateless(exports.Stateless):
    """Exports `tz:tool/stateless`."""

    def spec(self) -> str:
        return json.dumps(logic.SPEC)

    def call(self, name: str, arguments: str) -> str:
        try:
            return logic.call(name, json.loads(arguments))
        except logic.ToolError as e:
            raise Err(str(e))
        except Exception as e:  # a bug: tell the model instead of trapping the instance
            raise Err(f"internal error in {{name}} ({type(e).__name__}): {e}")
