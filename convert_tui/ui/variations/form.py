"""The right pane for a draft: editable fields, their errors, and debounced saving to disk."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from convert_tui.api import errors
from convert_tui.state.failures import REFUSED_WRITE, refused_write
from convert_tui.ui.text import clean
from convert_tui.ui.variations.code import CodeField
from convert_tui.ui.variations.draft import (
    CODE_FIELDS,
    CODE_LABELS,
    VariationDraft,
    split_hint,
)

# The experience's arms (name, current share), read when the split preview is drawn.
Arms = Callable[[], list[tuple[str, float]]]

AUTOSAVE_SECONDS = 0.5  # after the last keystroke; each save is one atomic file write
TEXT_FIELDS = ("name", "url", "percentage")


class DraftForm(VerticalScroll):
    """Edits one `VariationDraft` in place; `on_change(draft)` runs (debounced) after edits."""

    def __init__(
        self, draft: VariationDraft, *, split_url: bool, used: float,
        on_change: Callable[[VariationDraft], None], id: str | None = None,
        arms: Arms = list,
    ) -> None:  # fmt: skip
        super().__init__(id=id, classes="draft-form")
        self.draft = draft
        self.split_url = split_url
        self.used = used
        self.on_change = on_change
        self.arms = arms
        self.last_code_field = "js"  # what `e` opens in $EDITOR from the list
        self.busy = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # Built with their content: `refresh(recompose=True)` does not run on_mount again.
        yield Static(self._banner(), id="draft-banner", classes="banner")
        error = self._server_error(self.draft.last_error)
        server = Static(error, id="server-error", classes="error")
        server.display = bool(self.draft.last_error)  # a restored draft that was refused
        yield server
        yield from self._row("name", "Name", self.draft.name, "e.g. Green CTA")
        yield Static(id="name-error", classes="error")
        if self.split_url:
            yield from self._row("url", "URL", self.draft.url, "https://… (required)")
            yield Static(id="url-error", classes="error")
        yield from self._row("percentage", "Traffic %", self.draft.percentage, "empty: even")
        yield Static(self._split(), id="percentage-hint", classes="hint")
        yield Static(id="percentage-error", classes="error")
        for field in CODE_FIELDS:
            yield Label(f"{CODE_LABELS[field]} ({field})", classes="code-label")
            yield CodeField(field, getattr(self.draft, field), read_only=False,
                            id=f"draft-{field}", classes="code")  # fmt: skip
            yield Static(id=f"{field}-error", classes="error")

    def _row(self, field: str, label: str, value: str, placeholder: str) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(label, classes="field-label")
            yield Input(value, placeholder=placeholder, id=f"draft-{field}", compact=True)

    # -- editing -----------------------------------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("draft-")
        if field in TEXT_FIELDS:
            setattr(self.draft, field, event.value)
            self._set_error(field, "")
            if field == "percentage":
                self.query_one("#percentage-hint", Static).update(self._split())
            self._changed()

    @on(TextArea.Changed)
    def _code_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if isinstance(area, CodeField) and not area.read_only:
            setattr(self.draft, area.field, area.text)
            self._set_error(area.field, "")
            self._changed()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, CodeField):
            self.last_code_field = event.widget.field

    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self.flush)

    def flush(self) -> None:
        """Write the draft now (also called before sending and when the screen closes)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.on_change(self.draft)

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def code_field(self, field: str) -> CodeField:
        return self.query_one(f"#draft-{field}", CodeField)

    # -- errors and status -------------------------------------------------------------------

    def _banner(self) -> Text:
        text = Text("DRAFT — not sent yet", "bold")
        if self.busy:
            text.append(" · sending…", "italic")
        else:
            text.append(" · ctrl+s adds it as a new variation · Tab: next field", "")
        if self.draft.source_name:
            text.append(f"\nCloned from {clean(self.draft.source_name, one_line=True)}.", "dim")
        return text

    def refresh_banner(self) -> None:
        self.query_one("#draft-banner", Static).update(self._banner())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.refresh_banner()

    def set_used(self, used: float) -> None:
        """The experience changed (a variation added or deleted): the 100% rule follows."""
        self.used = used
        self.query_one("#percentage-hint", Static).update(self._split())

    def _split(self) -> Text:
        """The split once saved, as the server will rebalance it (names are server text)."""
        arms = [(clean(name, one_line=True), pct) for name, pct in self.arms()]
        return Text(split_hint(arms, self.draft.percentage))

    def show_problems(self, problems: dict[str, str]) -> None:
        """Client-side checks: each message next to its field; focus the first bad one."""
        for field in (*TEXT_FIELDS, *CODE_FIELDS):
            self._set_error(field, problems.get(field, ""))
        first = next((f for f in (*TEXT_FIELDS, *CODE_FIELDS) if f in problems), None)
        if first is not None:
            self.query_one(f"#draft-{first}", Widget).focus()

    def show_failure(self, exc: BaseException) -> None:
        """The server refused: its message on top, its field errors next to the fields."""
        message = str(exc) if isinstance(exc, errors.ConvertError) else f"{type(exc).__name__}"
        if refused_write(exc):  # no retry can succeed with this key: say so, not "try again"
            message = REFUSED_WRITE
        fields = exc.fields if isinstance(exc, errors.ValidationError) else {}
        self.draft.last_error = message
        self.show_server_error(message)
        for field, problem in fields.items():
            if field in (*TEXT_FIELDS, *CODE_FIELDS):
                self._set_error(field, f"Server: {problem}")
        self.set_busy(False)

    def show_server_error(self, message: str) -> None:
        self._set_error("server", self._server_error(message))

    @staticmethod
    def _server_error(message: str) -> Text:
        if not message:
            return Text("")
        text = Text(f"Not saved: {clean(message, one_line=True)}")
        if message == REFUSED_WRITE:
            text.append("\nThe draft is kept.", "dim")
        else:
            text.append("\nFix it and press ctrl+s again; the draft is kept.", "dim")
        return text

    def _set_error(self, field: str, message: str | Text) -> None:
        found = list(self.query(f"#{field}-error").results(Static))
        if not found:
            return  # e.g. no URL field outside split URL experiences
        target = found[0]
        target.update(Text(message) if isinstance(message, str) else message)
        target.display = bool(str(message))
