"""The `session` resource of `tz:tool/stateful`: one per episode, delegating to logic.Notebook."""

from componentize_py_types import Err
from wit_world.exports import stateful

import logic


class Session(stateful.Session):
    """One episode's state."""

    def __init__(self, seed: int) -> None:
        self.inner = logic.Notebook(seed)

    def load(self, config: str) -> None:
        try:
            self.inner.load(config)
        except logic.ToolError as e:
            raise Err(str(e))

    def state(self) -> str:
        return self.inner.state()

    def call(self, name: str, arguments: str) -> str:
        try:
            return self.inner.call(name, arguments)
        except logic.ToolError as e:
            raise Err(str(e))
        except Exception as e:  # a bug: tell the model instead of trapping the instance
            raise Err(f"internal error in {{name}} ({type(e).__name__}): {e}")
