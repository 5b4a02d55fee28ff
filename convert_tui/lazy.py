"""Modules imported when first used.

Start-up speed: the first frame (the cached tree, or the first page of projects as the server
sent it) needs neither pydantic nor the models, so the modules on its path refer to them
through an `OnFirstUse` and the import happens at the first attribute read.
"""

from __future__ import annotations

import importlib
from typing import Any


class OnFirstUse:
    """Stands for the module `name`, imported at the first attribute read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)
