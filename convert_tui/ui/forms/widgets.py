"""Rendering a FormSpec: one labelled row per field, with its error and live preview.

Labels, hints, previews and option prompts are `rich.text.Text` (never markup): record names
from the API show literally.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from convert_tui.ui.forms.base import Errors, Field, FormSpec, Values
from convert_tui.ui.text import clean, plain

# Highlighting for the code-like fields (needs textual's [syntax] extra, a dependency).
LANGUAGES = {"rules": "json", "code": "javascript"}


class FlagBox(Checkbox):
    """A checkbox whose mark shows its state without colour (✓ or blank), e.g. over ssh."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()  # posts Changed


class PickList(SelectionList[str]):
    """A selection list whose marks show the choice without colour (✓ or blank), as FlagBox:
    Textual's own draws the same mark for both states and tells them apart by colour only."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        segments = list(line)
        if len(segments) < 2:
            return line
        value = self.get_option_at_index(index).value
        mark = "✓" if value in self.selected else " "
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, line.cell_length)


class FieldRow(Horizontal):
    """`label | control` plus, under the control, the error, the preview and the hint."""

    class Edited(Message):
        """The person changed this field (also sent when a value is set programmatically)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, field: Field, spec: FormSpec) -> None:
        super().__init__(id=f"row-{field.name}", classes=f"field -{field.kind}")
        self.field = field
        self.fixed = field.create_only and spec.editing
        self.options = spec.options(field)
        self.label = field.label  # may change with other values (PIE vs ICE attributes)
        self._fixed_value: Any = None

    def compose(self) -> ComposeResult:
        f = self.field
        yield Static(self._label(f.label), classes="field-label")
        with Vertical(classes="field-body"):
            yield self._control()
            error = Static("", classes="field-error")
            error.display = False
            yield error
            if f.kind == "rules":
                yield Static("", classes="field-preview")
            if f.hint and f.kind != "flag":
                yield Static(Text(f.hint), classes="field-hint")

    def _label(self, label: str) -> Text:
        text = Text(label)
        if self.field.required and not self.fixed:
            text.append(" *", "bold")
        return text

    def _control(self) -> Widget:
        f, cid = self.field, f"f-{self.field.name}"
        if self.fixed:
            return Static("", id=cid, classes="field-fixed")
        if f.kind in ("text", "number", "integer"):
            return Input(placeholder=f.placeholder, id=cid, compact=True, select_on_focus=False)
        if f.kind == "choice":
            options = [(Text(label), value) for label, value in self.options]
            return Select(options, prompt=f.placeholder or "(none)", id=cid, compact=True)
        if f.kind == "flag":
            return FlagBox(Text(f.hint or "yes"), id=cid, compact=True)
        if f.kind == "multi":
            return PickList(*self._selections([]), id=cid, compact=True)
        if f.kind == "computed":
            return Static("", id=cid, classes="field-preview")  # shows `previews()` only
        area = TextArea(
            id=cid,
            soft_wrap=f.kind != "code",  # rules wrap too: nothing hidden off to the right
            tab_behavior="focus",  # Tab moves between fields, as everywhere in the form
            placeholder=f.placeholder,
            compact=True,  # no box: at 80x24 every line counts
        )
        if f.kind in LANGUAGES and LANGUAGES[f.kind] in area.available_languages:
            area.language = LANGUAGES[f.kind]
        area.styles.height = f.height
        return area

    def _selections(self, chosen: list[str]) -> list[tuple[Text, str, bool]]:
        return [(Text(label), value, value in chosen) for label, value in self.options]

    @property
    def control(self) -> Widget:
        return self.query_one(f"#f-{self.field.name}")

    # -- value ---------------------------------------------------------------------------------

    def get(self) -> Any:
        control = self.control
        if self.fixed:
            return self._fixed_value
        if isinstance(control, Input):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, Select):
            return None if control.value is Select.NULL else control.value
        if isinstance(control, Checkbox):
            return control.value
        if isinstance(control, SelectionList):
            return [str(v) for v in control.selected]
        return None

    def set(self, value: Any) -> None:
        control = self.control
        if self.fixed:
            self._fixed_value = value
            assert isinstance(control, Static)
            control.update(Text(clean(value, one_line=True) or "—"))
        elif isinstance(control, Input):
            control.value = str(value or "")
        elif isinstance(control, TextArea):
            if control.text != (value or ""):
                control.load_text(str(value or ""))
        elif isinstance(control, Select):
            self._set_choice(control, value)
        elif isinstance(control, Checkbox):
            control.value = bool(value)
        elif isinstance(control, SelectionList):
            chosen = [str(v) for v in value or []]
            known = {v for _, v in self.options}
            # A linked record the project list does not have (not loaded): keep it choosable.
            self.options += [(f"id {v}", v) for v in chosen if v not in known]
            control.clear_options()
            control.add_options(self._selections(chosen))

    def _set_choice(self, control: Select[Any], value: Any) -> None:
        if value in (None, ""):
            control.clear()
            return
        if value not in {v for _, v in self.options}:
            # A value the server has and we do not know (a newer enum): keep it, don't blank it.
            self.options.append((f"{value} (unknown)", str(value)))
            control.set_options([(Text(label), v) for label, v in self.options])
        control.value = str(value)

    # -- feedback ------------------------------------------------------------------------------

    def show_error(self, message: str | None) -> None:
        error = self.query_one(".field-error", Static)
        error.update(plain(f"✗ {message}", one_line=False) if message else "")
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")

    @property
    def error(self) -> str | None:
        return str(self.query_one(".field-error", Static).content) or None

    def set_preview(self, text: Text) -> None:
        for preview in self.query(".field-preview").results(Static):
            preview.update(text)

    def set_label(self, label: str) -> None:
        self.label = label
        self.query_one(".field-label", Static).update(self._label(label))

    # A class, not `:focus-within`: Textual does not restyle the label (a sibling of the
    # focused control) when only the pseudo-class changes.
    def on_descendant_focus(self) -> None:
        self.add_class("-focused")

    def on_descendant_blur(self) -> None:
        self.remove_class("-focused")

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Edited(self.field.name))


class FormView(VerticalScroll):
    """All rows of one form; the screen reads and writes values through it."""

    def __init__(self, spec: FormSpec) -> None:
        super().__init__(id="form")
        self.spec = spec

    def compose(self) -> ComposeResult:
        for field in self.spec.fields():
            yield FieldRow(field, self.spec)

    def row(self, name: str) -> FieldRow:
        return self.query_one(f"#row-{name}", FieldRow)

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def values(self) -> Values:
        return {r.field.name: r.get() for r in self.rows() if r.field.kind != "computed"}

    def set_values(self, values: Values) -> None:
        for row in self.rows():
            if row.field.name in values:
                row.set(values[row.field.name])
        self.refresh_live(values)

    def refresh_live(self, values: Values | None = None) -> None:
        """Previews (rule trees, scores) and value-dependent labels."""
        values = self.values() if values is None else values
        for name, text in self.spec.previews(values).items():
            self.row(name).set_preview(text)
        for name, label in self.spec.labels(values).items():
            self.row(name).set_label(label)

    def show_errors(self, errors: Errors) -> None:
        for row in self.rows():
            row.show_error(errors.get(row.field.name))

    def focus_field(self, name: str) -> None:
        row = self.row(name)
        control = row.control
        if control.focusable:
            control.focus()
        self.scroll_to_widget(row, top=True, animate=False)
