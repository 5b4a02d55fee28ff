"""The variation editor of one experience: browse variations, clone/add drafts, delete.

v1 can only add or delete a variation, so existing variations are shown read-only and every
change starts as a draft ("clone as new" or a blank one) that is added with ctrl+s. Drafts live
on disk until they are saved or discarded (see widgets/variation_draft.py).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, OptionList, Static

from convert_tui.api import models
from convert_tui.ui import actions
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.text import clean
from convert_tui.ui.variations.draft import (
    DraftShelf,
    VariationDraft,
    arms_of,
    fmt_pct,
    split_now,
    to_variation,
    traffic_used,
    validate,
)
from convert_tui.ui.variations.form import DraftForm
from convert_tui.ui.variations.list import DRAFT_PREFIX, VARIATION_PREFIX, VariationList
from convert_tui.ui.variations.view import VariationView, describe
from convert_tui.ui.widgets.header import StatusHeader

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp

# Actions that change data (hidden and refused in read-only mode), and their keys.
MUTATIONS = {"clone", "new", "delete", "save", "edit_external"}
MUTATION_KEYS = {"c", "n", "d", "e"}
FIELD_NAMES = {"name": "Name", "url": "URL", "percentage": "Traffic %"}


class VariationEditorScreen(Screen[None]):
    CSS_PATH = "variations.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the list, then to the experience",
                id="variations.back"),
        Binding("c", "clone", "Clone as new", tooltip="Copy this variation into a new draft",
                id="variations.clone"),
        Binding("n", "new", "New", tooltip="Start a blank variation draft", id="variations.new"),
        Binding("d", "delete", "Delete", tooltip="Delete this variation / discard this draft",
                id="variations.delete"),
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Add this draft as a variation",
                id="variations.save"),
        Binding("e", "edit_external", "$EDITOR", tooltip="Edit the draft's code in $EDITOR",
                id="variations.editor"),
    ]  # fmt: skip

    def __init__(self, project_id: str, experience_id: str) -> None:
        super().__init__()
        self.project_id = project_id
        self.experience_id = experience_id
        self.shelf = DraftShelf(project_id, experience_id)
        self.forms: dict[str, DraftForm] = {}  # draft id -> its mounted form, in creation order
        # Forms are mounted, rebuilt and removed one at a time: the experience may load (and
        # a rebuild run) while a form is half built, which must then wait, not query it.
        self._forms_lock = asyncio.Lock()

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    @property
    def experience(self) -> models.Experience | None:
        state = self.convert_app.state
        return cast(
            "models.Experience | None",
            state.find("experience", self.project_id, self.experience_id),
        )

    @property
    def split_url(self) -> bool:
        exp = self.experience
        return exp is not None and exp.experience_type == "split_url"

    def compose(self) -> ComposeResult:
        yield StatusHeader(self.convert_app.state)
        yield Static(id="var-title")
        with Horizontal(id="var-panes"):
            yield VariationList(id="var-list")
            with ContentSwitcher(id="var-right", initial="var-empty"):
                yield Static(id="var-empty")
                yield VariationView(id="var-view")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        state = self.convert_app.state
        for name in ("experiences", "project_children"):
            self.watch(state, name, lambda _: self.rebuild(), init=False)
        self.watch(state, "loading", lambda _: self._update_title(), init=False)
        self.watch(state, "read_only", lambda _: self.rebuild(), init=False)
        state.load_experience(self.project_id, self.experience_id)
        restored = self.shelf.load_all()
        for draft in restored:
            await self._add_form(draft)
        self.rebuild()
        self.query_one(VariationList).focus()
        if restored:
            count = f"{len(restored)} unsaved draft{'s' if len(restored) > 1 else ''}"
            self.notify(
                f"{count} of this experience kept from last time (under DRAFTS). "
                "ctrl+s adds a draft, d discards it.",
                title="Drafts restored", markup=False, timeout=8,
            )  # fmt: skip

    def on_unmount(self) -> None:
        # Typing less than the autosave delay before leaving must not be lost.
        for form in self.forms.values():
            if form.pending:
                self.shelf.save(form.draft)

    # -- view ----------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Redraw from the state (the experience) and the drafts; the forms follow shortly."""
        if not self.is_attached:
            return
        exp = self.experience
        variations = list(exp.variations or []) if exp else []
        self.query_one(VariationList).show(variations, [f.draft for f in self.forms.values()])
        self._update_title()
        self.show_selected()
        self.call_later(self._update_forms)

    async def _update_forms(self) -> None:
        """The forms follow the experience: its traffic left, its type (the URL field)."""
        async with self._forms_lock:
            exp = self.experience
            if exp is None or not self.is_attached:
                return
            for form in list(self.forms.values()):
                if form.split_url != self.split_url:
                    # Drafts restored before the experience (and its type) was known.
                    form.split_url = self.split_url
                    await form.recompose()
                form.set_used(traffic_used(exp))

    def _update_title(self) -> None:
        exp = self.experience
        self.query_one("#var-title", Static).update(self._title(exp, traffic_used(exp)))

    def _title(self, exp: models.Experience | None, used: float) -> Text:
        text = Text("VARIATIONS ", "dim")
        if exp is None:
            key = f"experience:{self.project_id}/{self.experience_id}"
            loading = key in self.convert_app.state.loading
            gone = "this experience is not loaded (deleted elsewhere?); r reloads"
            return text.append("loading the experience…" if loading else gone, "italic")
        text.append(clean(exp.name, one_line=True) or "(unnamed experience)", "bold")
        text.append(f"  {clean(exp.experience_type, one_line=True)}", "dim")
        text.append(f" · traffic {split_now(exp)}", "dim")  # (adding rebalances it)
        if self.convert_app.state.read_only:
            text.append("  READ-ONLY", "bold reverse")
        return text

    def show_selected(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        option_id = self._highlighted_id()
        variation, draft_id = self._variation(option_id), self._draft_id(option_id)
        if variation is not None:
            view = self.query_one(VariationView)
            view.show(variation, split_url=self.split_url, can_clone=self._writable())
            switcher.current = "var-view"
        elif draft_id is not None:
            switcher.current = f"draft-{draft_id}"
        else:
            loading = self.experience is None
            hint = "Loading…" if loading else "No variation selected. n: start a new one."
            self.query_one("#var-empty", Static).update(Text(hint, "dim"))
            switcher.current = "var-empty"
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#var-list")
    def _highlighted(self) -> None:
        self.show_selected()

    @on(OptionList.OptionSelected, "#var-list")
    def _selected(self) -> None:
        """Enter: into the right pane (a draft's first field, a variation's code)."""
        pane = self.query_one(ContentSwitcher).visible_content
        if pane is not None:
            focusable = [w for w in pane.query("*") if w.focusable]
            if focusable:
                focusable[0].focus()

    def _variation(self, option_id: str) -> models.Variation | None:
        if not option_id.startswith(VARIATION_PREFIX):
            return None
        vid = option_id.removeprefix(VARIATION_PREFIX)
        exp = self.experience
        return next((v for v in (exp.variations or []) if str(v.id) == vid), None) if exp else None

    def _draft_id(self, option_id: str) -> str | None:
        draft_id = option_id.removeprefix(DRAFT_PREFIX)
        return draft_id if option_id.startswith(DRAFT_PREFIX) and draft_id in self.forms else None

    def current_form(self) -> DraftForm | None:
        draft_id = self._draft_id(self._highlighted_id())
        return self.forms.get(draft_id) if draft_id else None

    def _highlighted_id(self) -> str:
        found = self.query(VariationList)  # empty before compose (bindings may be checked)
        return (found.first().highlighted_id or "") if found else ""

    def _writable(self) -> bool:
        return not self.convert_app.state.read_only

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in MUTATIONS:
            return True
        if not self._writable():
            return False  # hidden; on_key explains why the key does nothing
        option_id = self._highlighted_id()
        if action == "clone":
            return self._variation(option_id) is not None
        if action == "new":
            return self.experience is not None
        if action == "delete":
            return self._variation(option_id) is not None or self._draft_id(option_id) is not None
        return self._draft_id(option_id) is not None  # save, edit_external

    def on_key(self, event: events.Key) -> None:
        actions.refuse_read_only_key(self.convert_app, event, MUTATION_KEYS)
        if event.key == "ctrl+s" and not self._writable():
            event.stop()
            self.convert_app.state.refuse_read_only("Saving a variation")

    def action_back(self) -> None:
        if self.query_one(VariationView).end_search():  # Esc ends a code search first
            return
        focused = self.focused
        if focused is not None and focused is not self.query_one(VariationList):
            self.query_one(VariationList).focus()  # out of the form first
            return
        self.dismiss()

    async def action_clone(self) -> None:
        variation = self._variation(self._highlighted_id())
        if variation is None:
            return
        await self._start_draft(VariationDraft.clone_of(variation))

    async def action_new(self) -> None:
        await self._start_draft(VariationDraft())  # traffic: an even split

    async def _start_draft(self, draft: VariationDraft) -> None:
        self.shelf.save(draft)  # on disk from the first moment
        await self._add_form(draft)
        self.rebuild()
        self.query_one(VariationList).select(DRAFT_PREFIX + draft.draft_id)
        self.show_selected()
        self.forms[draft.draft_id].query_one("#draft-name").focus()

    async def _add_form(self, draft: VariationDraft) -> None:
        async with self._forms_lock:
            form = DraftForm(
                draft, split_url=self.split_url, used=traffic_used(self.experience),
                on_change=self._draft_changed, id=f"draft-{draft.draft_id}",
                arms=lambda: arms_of(self.experience),
            )  # fmt: skip
            await self.query_one(ContentSwitcher).add_content(form)
            self.forms[draft.draft_id] = form  # listed once it is whole

    def _draft_changed(self, draft: VariationDraft) -> None:
        self.shelf.save(draft)
        self._relabel(draft)

    def _relabel(self, draft: VariationDraft) -> None:
        # The autosave can fire while the screen is being taken down, its list already gone.
        for listing in self.query(VariationList):
            listing.relabel_draft(draft)

    def action_edit_external(self) -> None:
        form = self.current_form()
        if form is not None:
            field = form.code_field(form.last_code_field)
            field.focus()
            field.action_open_external()

    # -- save ----------------------------------------------------------------------------

    def action_save(self) -> None:
        form, exp = self.current_form(), self.experience
        if form is None or form.busy:
            return
        if exp is None:
            self.notify("The experience is still loading; try again in a moment.")
            return
        problems = validate(form.draft, split_url=self.split_url)
        form.show_problems(problems)
        if problems:
            fields = ", ".join(FIELD_NAMES.get(field, field) for field in problems)
            self.notify(f"Not sent: fix {fields} first.", severity="warning", markup=False)
            return
        form.flush()  # on disk before the request: a crash mid-request keeps the draft
        known = {str(v.id) for v in exp.variations or []}
        form.set_busy(True)
        form.show_server_error("")
        worker = self.convert_app.state.add_variation(
            self.project_id, self.experience_id,
            to_variation(form.draft, split_url=self.split_url),
            on_success=partial(self._saved, form.draft.draft_id, known),
            on_error=partial(self._save_failed, form.draft.draft_id),
        )  # fmt: skip
        if worker is None:  # refused (read-only, not connected): nothing was sent
            form.set_busy(False)

    def _saved(self, draft_id: str, known: set[str], exp: models.Experience) -> None:
        self.shelf.delete(draft_id)
        added = [v for v in exp.variations or [] if str(v.id) not in known]
        self.call_later(self._drop_form, draft_id, added[-1].id if added else None)

    async def _drop_form(self, draft_id: str, select_variation: str | None = None) -> None:
        async with self._forms_lock:
            form = self.forms.pop(draft_id, None)
            if not self.is_attached:
                return
            switcher = self.query_one(ContentSwitcher)
            if switcher.current == f"draft-{draft_id}":
                switcher.current = "var-empty"
            if form is not None:
                await form.remove()
        self.rebuild()
        if select_variation is not None:
            self.query_one(VariationList).select(VARIATION_PREFIX + str(select_variation))
            self.show_selected()
        self.query_one(VariationList).focus()

    def _save_failed(self, draft_id: str, exc: BaseException) -> None:
        form = self.forms.get(draft_id)
        if form is None:
            return
        form.show_failure(exc)  # also records the message in the draft
        self.shelf.save(form.draft)  # with the server's message, for the next session too
        self._relabel(form.draft)

    # -- delete / discard ------------------------------------------------------------------

    def action_delete(self) -> None:
        option_id = self._highlighted_id()
        draft_id, variation = self._draft_id(option_id), self._variation(option_id)
        if draft_id is not None:
            self._confirm_discard(draft_id)
        elif variation is not None:
            self._confirm_delete(variation)

    def _confirm_discard(self, draft_id: str) -> None:
        draft = self.forms[draft_id].draft
        name = clean(draft.title, one_line=True)
        body = Text("Its text is removed from this computer. Nothing was sent to Convert.")

        def answered(yes: bool | None) -> None:
            if yes:
                self.shelf.delete(draft_id)
                self.call_later(self._drop_form, draft_id)

        dialog = ConfirmDialog(f"Discard draft '{name}'?", body, confirm_label="Discard")
        self.app.push_screen(dialog, answered)

    def _confirm_delete(self, variation: models.Variation) -> None:
        exp = self.experience
        exp_name = (
            clean(exp.name if exp else "", one_line=True) or f"experience {self.experience_id}"
        )
        name = describe(variation)
        body = Text.assemble((name, "bold"), f"  (id {clean(variation.id, one_line=True)}) · ")
        body.append(f"{fmt_pct(variation.percentage)} of the traffic\nin ")
        body.append(exp_name, "bold")
        body.append("\n\nThis cannot be undone; its code goes with it (c clones it first).")
        if variation.is_baseline:
            body.append(
                "\n\nThis is the BASELINE: the original every other variation is measured "
                "against. Deleting it breaks the experience's comparison (Convert may refuse).",
                "bold red",
            )
        vid = str(variation.id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.convert_app.state.delete_variation(self.project_id, self.experience_id, vid)

        title = f"Delete variation '{name}' from '{exp_name}'?"
        label = "Delete baseline" if variation.is_baseline else "Delete"
        self.app.push_screen(ConfirmDialog(title, body, confirm_label=label), answered)
