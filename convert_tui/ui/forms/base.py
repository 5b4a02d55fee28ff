"""What every record form shares: field specs, record <-> values conversion, validation.

A form works on *values*: what its widgets hold (str for inputs and text areas, bool for
checkboxes, str | None for selects, list[str] for selection lists). Values are plain JSON, so a
draft is just the values. `FormSpec.to_record` turns values into the contract's fields; it never
raises (a value it cannot parse is passed through as typed) because validation is a separate,
earlier step (`FormSpec.validate`) whose messages are shown next to the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text

from convert_tui.ui.forms import checks
from convert_tui.ui.forms.checks import Invalid
from convert_tui.ui.text import editable_text, plain
from convert_tui.ui.widgets.rules import format_rules  # the explorer's formatter

if TYPE_CHECKING:
    from convert_tui.state import AppState, RecordKind

Values = dict[str, Any]
Errors = dict[str, str]
FieldKind = Literal[
    "text", "multiline", "code", "number", "integer", "choice", "flag", "lines", "rules",
    "multi", "computed",
]  # fmt: skip
TEXT_KINDS = ("text", "multiline", "code", "number", "integer", "lines", "rules")


@dataclass(frozen=True)
class Field:
    name: str  # widget id suffix and key in the values
    label: str
    kind: FieldKind = "text"
    api: str = ""  # the contract's field ("a.b" nests); a 422's `fields` land here. Default: name
    required: bool = False
    low: float | None = None  # number ranges, inclusive
    high: float | None = None
    choices: tuple[str, ...] = ()
    hint: str = ""  # a dim line under the widget (checkbox: its label)
    placeholder: str = ""
    create_only: bool = False  # shown, not editable, when editing
    height: int = 4  # text areas
    site_area: bool = False  # rules: only the site-area rule types
    flag01: bool = False  # a checkbox the contract stores as 0|1
    parse: Callable[[str], Any] | None = None  # custom parser for text kinds; raises Invalid

    @property
    def path(self) -> str:
        return self.api or self.name


class FormSpec:
    """One record kind's form. Subclasses list `FIELDS` and override the special cases."""

    kind: ClassVar[RecordKind]
    FIELDS: ClassVar[tuple[Field, ...]]

    def __init__(self, state: AppState, project_id: str | None, editing: bool) -> None:
        self.state, self.project_id, self.editing = state, project_id, editing

    # -- structure -----------------------------------------------------------------------------

    def fields(self) -> list[Field]:
        return list(self.FIELDS)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields() if f.name == name)

    def editable(self) -> list[Field]:
        return [
            f
            for f in self.fields()
            if f.kind != "computed" and not (f.create_only and self.editing)
        ]

    def options(self, field: Field) -> list[tuple[str, str]]:
        """(label, value) of a choice/multi field; subclasses add dynamic ones."""
        return [(choice, choice) for choice in field.choices]

    def labels(self, values: Values) -> dict[str, str]:
        """Labels that depend on other values (e.g. PIE vs ICE attributes)."""
        return {}

    def previews(self, values: Values) -> dict[str, Text]:
        """Live text under fields: rule trees, computed scores."""
        return {
            f.name: rules_preview(values.get(f.name, ""), f.site_area)
            for f in self.fields()
            if f.kind == "rules"
        }

    # -- conversion ----------------------------------------------------------------------------

    def to_values(self, record: Any | None) -> Values:
        """The widgets' values for `record` (None: a new record, blank or default values)."""
        return {
            f.name: to_value(f, dig(record, f.path)) for f in self.fields() if f.kind != "computed"
        }

    def to_record(self, values: Values) -> dict[str, Any]:
        """The contract's fields for these values (nested by the fields' dotted `api`)."""
        record: dict[str, Any] = {}
        for f in self.fields():
            if f.kind != "computed" and f.name in values:
                put(record, f.path, parse_lenient(f, values[f.name]))
        return record

    # -- validation ----------------------------------------------------------------------------

    def validate(self, values: Values) -> Errors:
        errors: Errors = {}
        for f in self.editable():
            try:
                check_value(f, values.get(f.name))
            except Invalid as exc:
                errors[f.name] = str(exc)
        for name, message in self.cross_check(values).items():
            errors.setdefault(name, message)
        return errors

    def cross_check(self, values: Values) -> Errors:
        """Rules between fields; only called with each field parseable or reported already."""
        return {}

    def number(self, values: Values, name: str) -> float | None:
        """A field's number, or None when blank or not (yet) valid."""
        try:
            value = checks.parse_number(str(values.get(name) or ""))
        except Invalid:
            return None
        return value

    def field_for(self, api_key: str) -> str | None:
        """The field a server/client error key (`site_area.include.OR[0]...`) belongs to."""
        key = api_key.replace("[", ".[")
        best: tuple[int, str] | None = None
        for f in self.fields():
            path = f.path
            inside = key == path or key.startswith(path + ".")
            if inside and (best is None or len(path) > best[0]):
                best = (len(path), f.name)
        return best[1] if best else None


# -- helpers -----------------------------------------------------------------------------------


def dig(record: Any, path: str) -> Any:
    """`a.b` of a model or dict; None when any step is missing."""
    value = record
    for part in path.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


def put(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        record = record.setdefault(part, {})
    record[last] = value


def to_value(field: Field, value: Any) -> Any:
    """A record's value as its widget holds it."""
    kind = field.kind
    if kind == "flag":
        return bool(value)
    if kind == "choice":
        return None if value in (None, "") else str(value)
    if kind == "multi":
        return [str(v) for v in value or []]
    if kind == "rules":
        return editable_text(checks.rules_text(value))
    if value is None:
        return ""
    if kind == "lines" and isinstance(value, list):
        return editable_text("\n".join(str(v) for v in value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 95.0 shows as 95
    return editable_text(str(value))


def parse_value(field: Field, raw: Any) -> Any:
    """A widget's value as the contract wants it; raises Invalid."""
    kind = field.kind
    if kind == "flag":
        return int(bool(raw)) if field.flag01 else bool(raw)
    if kind in ("choice", "multi"):
        return raw
    text = "" if raw is None else str(raw)
    if field.parse is not None:
        return field.parse(text)
    if kind in ("number", "integer"):
        return checks.parse_number(text, integer=kind == "integer", low=field.low, high=field.high)
    if kind == "rules":
        return checks.parse_rules(text, site_area=field.site_area)
    if kind == "lines":
        return checks.parse_lines(text)
    return text.strip() if kind == "text" else text


def parse_lenient(field: Field, raw: Any) -> Any:
    try:
        return parse_value(field, raw)
    except Invalid:
        return raw


def is_blank(raw: Any) -> bool:
    return raw is None or raw == [] or (isinstance(raw, str) and not raw.strip())


def check_value(field: Field, raw: Any) -> None:
    if field.required and is_blank(raw):
        verb = "choose" if field.kind in ("choice", "multi") else "type"
        raise Invalid(f"{field.label} is required: {verb} a value, then save.")
    parse_value(field, raw)


def rules_preview(text: str, site_area: bool) -> Text:
    """The rule tree as readable lines, or what is wrong with the JSON."""
    try:
        rules = checks.parse_rules(text, site_area=site_area)
    except Invalid as exc:
        return plain(f"✗ {exc}", "red", one_line=False)
    return format_rules(rules)


def display(field: Field, raw: Any, options: list[tuple[str, str]]) -> str:
    """A value as a person reads it (the conflict dialog, the restore question)."""
    if field.kind == "flag":
        return "yes" if raw else "no"
    names = dict((value, label) for label, value in options)
    if field.kind == "multi":
        return ", ".join(names.get(v, v) for v in raw or [])
    if field.kind == "choice":
        return names.get(raw, raw) if raw else ""
    return "" if raw is None else str(raw)
