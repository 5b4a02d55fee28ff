"""Modules imported when first used.

Start-up speed: the first frame and the first request need neither pydantic nor the models,
so the modules on their path refer to them through an `OnFirstUse`, and packages list what
they export but load it at the first read (`attributes_on_first_use`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


class OnFirstUse:
    """Stands for the module `name`, imported at the first attribute read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


def attributes_on_first_use(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A package's module `__getattr__` (PEP 562): `name` is imported at its first read from
    the submodule `homes[name]` of `package` ("": `name` is that submodule itself), then kept
    as a plain attribute of the package."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f"{package}.{home or name}")
        value = getattr(module, name) if home else module
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
