"""Component glue for the `stats` tool (world `tool`): the logic is in `stats_core`.

A `StatsError` becomes the call's `err` text; any other exception (a bug) also becomes an `err`
naming it, so no input makes the guest trap.
"""

from componentize_py_types import Err
from wit_world import exports

import stats_core


class Stateless(exports.Stateless):
    def spec(self) -> str:
        return stats_core.spec_text()

    def call(self, name: str, arguments: str) -> str:
        try:
            return stats_core.call(name, arguments)
        except stats_core.StatsError as e:
            raise Err(str(e))
        except Exception as e:  # noqa: BLE001 - report a bug to the model, never trap
            raise Err(f"internal error in stats ({type(e).__name__}): {e}")
