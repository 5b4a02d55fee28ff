"""`[keymap]` of config.toml: binding ids -> keys, checked, then given to Textual's
`App.set_keymap`.

Every Binding in ui/ has an `id` ("screen.action", e.g. `tree.down`). An entry is left out (its
default key stays) and reported with its line when its id is unknown, a key is malformed, or its
keys would put two actions on one key where they are both reachable (one binding chain below).
"""

from __future__ import annotations

import difflib
import importlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import Keys

from convert_tui.config.config_file import KeymapEntry

# Where bindings meet: each chain is what one focused widget hears, outermost first (the app is
# added for non-modal screens). A new screen or a widget with BINDINGS adds its chain here
# (tests/test_keymap.py fails for a class with bindings that no chain names).
APP = "convert_tui.ui.app:ConvertApp"
CHAINS: dict[str, tuple[str, ...]] = {
    "the explorer tree": (APP, "convert_tui.ui.explorer.screen:MainScreen",
                          "convert_tui.ui.explorer.tree:ExplorerTree"),
    "the explorer's detail pane": (APP, "convert_tui.ui.explorer.screen:MainScreen",
                                   "convert_tui.ui.explorer.detail:DetailPane"),
    "the overview": (APP, "convert_tui.ui.overview.screen:OverviewScreen",
                     "convert_tui.ui.overview.table:RowTable"),
    "the overview's column chooser": ("convert_tui.ui.overview.columns:ColumnsDialog",),
    "the experience screen": (APP, "convert_tui.ui.screens.experience:ExperienceScreen"),
    "the report view": (APP, "convert_tui.ui.report.screen:ReportScreen"),
    "the variation list": (APP, "convert_tui.ui.variations.screen:VariationEditorScreen",
                           "convert_tui.ui.variations.list:VariationList"),
    "the variation code": (APP, "convert_tui.ui.variations.screen:VariationEditorScreen",
                           "convert_tui.ui.variations.code:CodeField"),
    "the variation code view": (APP, "convert_tui.ui.variations.screen:VariationEditorScreen",
                                "convert_tui.ui.variations.view:VariationView"),
    "the record form": (APP, "convert_tui.ui.screens.form:RecordFormScreen"),
    "the login screen": (APP, "convert_tui.ui.screens.login:LoginScreen"),
    "the help screen": ("convert_tui.ui.screens.help:HelpScreen",),
    "a choice dialog": ("convert_tui.ui.dialogs.choice:ChoiceDialog",),
    "a confirmation": ("convert_tui.ui.dialogs.confirm:ConfirmDialog",),
    "a typed-name confirmation": ("convert_tui.ui.dialogs.type_name:TypeNameDialog",),
    "the date range dialog": ("convert_tui.ui.dialogs.date_range:DateRangeDialog",),
    "the save-conflict dialog": ("convert_tui.ui.forms.conflict:ConflictDialog",),
}  # fmt: skip
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value) | {"space"}


@dataclass(frozen=True)
class Bound:
    """One binding as a chain sees it."""

    id: str | None
    action: str
    keys: tuple[str, ...]


def _load(path: str) -> type:
    module, _, name = path.partition(":")
    found: type = getattr(importlib.import_module(module), name)
    return found


def _bindings(cls: type) -> list[Binding]:
    merged = cls._merge_bindings()  # type: ignore[attr-defined]  # DOMNode's, with inherited
    return [b for bindings in merged.key_to_bindings.values() for b in bindings]


def chain_bindings() -> dict[str, list[Bound]]:
    """Each chain's bindings with their default keys (the app's only for non-modal screens)."""
    chains: dict[str, list[Bound]] = {}
    for name, paths in CHAINS.items():
        seen: dict[tuple[str | None, str], set[str]] = {}
        for path in paths:
            for binding in _bindings(_load(path)):
                seen.setdefault((binding.id, binding.action), set()).add(binding.key)
        chains[name] = [Bound(i, a, tuple(sorted(k))) for (i, a), k in seen.items()]
    return chains


def known_bindings() -> dict[str, Bound]:
    """Every binding id -> its binding (for `?`, the README and the checks)."""
    return {b.id: b for chain in chain_bindings().values() for b in chain if b.id}


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual can bind (None: it is)."""
    *mods, base = key.split("+")
    if bad := [m for m in mods if m not in MODIFIERS]:
        return f"{'+'.join(bad)!r} is not a modifier (ctrl, shift, alt, meta, super, hyper)"
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    if base in _NAMED_KEYS:
        return None
    try:
        unicodedata.lookup(base.replace("_", " "))  # Textual's names: question_mark, ...
    except KeyError:
        return f"{base!r} is not a key name (e.g. j, ctrl+n, f5, escape, question_mark)"
    return None


def split_keys(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


def well_formed(entries: Iterable[KeymapEntry]) -> dict[str, str]:
    """The entries whose keys all parse (no screen imported: usable before the first frame)."""
    keymap: dict[str, str] = {}
    for entry in entries:
        keys = split_keys(entry.keys)
        if keys and not any(key_problem(k) for k in keys):
            keymap[entry.binding_id] = ",".join(keys)
    return keymap


def check_keymap(
    entries: Iterable[KeymapEntry], chains: Mapping[str, list[Bound]] | None = None
) -> tuple[dict[str, str], list[str]]:
    """(the keymap to apply, one message per entry left out: line, what is wrong, the fix)."""
    chains = chain_bindings() if chains is None else chains
    known = {b.id: b for chain in chains.values() for b in chain if b.id}
    keymap: dict[str, str] = {}
    lines: dict[str, int | None] = {}
    problems: list[str] = []

    def report(entry: KeymapEntry, what: str) -> None:
        where = f"config.toml line {entry.line}" if entry.line else "config.toml [keymap]"
        problems.append(f"{where}: {entry.binding_id} = {entry.keys!r}: {what}")

    for entry in entries:
        if entry.binding_id not in known:
            near = difflib.get_close_matches(entry.binding_id, list(known), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            report(
                entry, f"no binding has this id; {hint}press ? to see every id. Default keys kept."
            )
            continue
        keys = split_keys(entry.keys)
        bad = next((p for k in keys if (p := key_problem(k))), None) if keys else "no key given"
        if bad:
            report(entry, f"{bad}. Default key kept.")
            continue
        keymap[entry.binding_id] = ",".join(keys)
        lines[entry.binding_id] = entry.line
    # A clash drops the entry written last; the clash check runs again without it.
    while clash := _first_clash(keymap, chains):
        binding_id, other, key, chain = clash
        entry = KeymapEntry(binding_id, keymap.pop(binding_id), lines[binding_id])
        move = f", or move {other} too" if "Textual's" not in other else ""
        report(entry, f"{key!r} is already {other} in {chain}; choose another key{move}. "
               "Default key kept.")  # fmt: skip
    return keymap, problems


def _first_clash(
    keymap: Mapping[str, str], chains: Mapping[str, list[Bound]]
) -> tuple[str, str, str, str] | None:
    """(the rebound id to drop, the other binding, the key, the chain) of the first clash."""
    order = list(keymap)
    clashes: list[tuple[int, tuple[str, str, str, str]]] = []
    for chain, bound in chains.items():
        by_key: dict[str, list[Bound]] = {}
        for b in bound:
            keys = split_keys(keymap[b.id]) if b.id is not None and b.id in keymap else b.keys
            for key in keys:
                by_key.setdefault(_long(key), []).append(b)
        for key, owners in by_key.items():
            distinct = {(b.id, b.action) for b in owners}
            rebound = [b for b in owners if b.id in keymap]
            if len(distinct) > 1 and rebound:
                last = max(rebound, key=lambda b: order.index(b.id or ""))
                other = next(b for b in owners if b is not last)
                name = other.id or f"Textual's {other.action}"
                clashes.append((order.index(last.id or ""), (last.id or "", name, key, chain)))
    return max(clashes)[1] if clashes else None


def _long(key: str) -> str:
    """'?' and 'question_mark' are one key (as Textual normalizes them)."""
    *mods, base = key.split("+")
    if len(base) == 1 and not base.isalnum():
        base = unicodedata.name(base, base).lower().replace(" ", "_").replace("-", "_")
    return "+".join([*mods, base])
