"""Start-up driver: run one app on a real terminal (a pty) and report when a frame was painted.

    python -m benchmarks.startup_driver bare                 # Header, a one-node Tree, Footer
    python -m benchmarks.startup_driver bare-live            # the same, live projects over https
    python -m benchmarks.startup_driver convert MODE [ARGS]  # `convert-tui ARGS`, MODE below

MODE says which frame ends the run: `frame` (the first one painted), `projects` (the first
with project nodes in the tree, cached or live), `checked` (the first with the projects the
server sent in this run, checked by the models and held by the state) or `settled`
(checked, the project reopened with its children, nothing loading: fills a cache);
`overview` (the first with the overview's rows, cached or live) or `overview-settled`
(every report in: fills the overview's cache). `bare-table` is a bare app with a DataTable
(the overview's floor). Every bare app pauses the cyclic GC while it starts, as the product
does (`_pause_gc_as_the_product`). The time of that frame (`time.time()`) is written as one line to
the file descriptor named by BENCH_REPORT_FD, then the app exits. Nothing is added to the
production code: the app's own `_display` (what writes a frame to the terminal) is wrapped
on the instance.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def _report(value: str) -> None:
    fd = int(os.environ.get("BENCH_REPORT_FD", "2"))
    os.write(fd, f"{value}\n".encode())


def _watch_frames(app: Any, done: Any) -> None:
    """Call `done(app)` after each painted frame; the first True ends the run."""
    original = app._display
    finished = False

    def display(screen: Any, renderable: Any) -> None:
        nonlocal finished
        original(screen, renderable)
        if finished or renderable is None or not app._running or app._batch_count:
            return
        if done(app):
            finished = True
            _report(repr(time.time()))
            app.call_later(app.exit)

    app._display = display


def _pause_gc_as_the_product() -> None:
    """The product's own shortcut, so the bare apps take it too: convert-tui pauses the cyclic
    GC while it starts, before Textual is imported (commands.tui.build_app). Without it a bare
    app paid ~6% more to its first frame, a floor padded by what the product skips."""
    import gc

    gc.disable()


def _bare() -> None:
    _pause_gc_as_the_product()
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Tree

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            tree: Tree[None] = Tree("Account")
            tree.root.add_leaf("one node")
            yield tree
            yield Footer()

    app = BareApp()
    _watch_frames(app, lambda _app: True)
    app.run()


def _bare_table() -> None:
    """The floor under the overview's cached frame: a bare app showing a DataTable."""
    _pause_gc_as_the_product()
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class BareTableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Experience", "Visitors", "Verdict")
            table.add_row("one row", "1,000", "not yet")

    app = BareTableApp()
    _watch_frames(app, lambda _app: True)
    app.run()


def _bare_live() -> None:
    """The floor under the checked live frame: the bare app, which on mount sends one signed
    https request (bare httpx) for page 1 of the projects, checks it with a pydantic model
    (loaded then, as the product loads its models after that answer) and shows the names in
    its tree. With the product's shortcuts: the cyclic GC paused during start-up
    (commands.tui), the TLS context chosen and built by the product's own code once the app is
    mounted (commands.tui.resolve: `tls.prepare`, `tls.context`), httpx without its
    command-line tool."""
    _pause_gc_as_the_product()
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Tree

    class BareLiveApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Tree("Account")
            yield Footer()

        async def on_mount(self) -> None:
            from benchmarks.status_floor import first_page_names
            from convert_tui.api import tls

            tls.prepare()
            tls.context()
            tree = self.query_one(Tree)
            for name in await first_page_names():
                tree.root.add_leaf(name)
            tree.root.expand()
            self.loaded = True

    app = BareLiveApp()
    _watch_frames(app, lambda app: getattr(app, "loaded", False))
    app.run()


def _tree_has_projects(app: Any) -> bool:
    from convert_tui.ui.explorer.tree import ExplorerTree

    try:
        tree = app.screen.query_one(ExplorerTree)
    except Exception:
        return False
    return any(n.data is not None and n.data.kind == "project" for n in tree.root.children)


def _overview_shows(app: Any, *, settled: bool) -> bool:
    """The overview shows rows (`settled`: every report in, live: fills its cache)."""
    from convert_tui.ui.overview.screen import OverviewScreen

    screen = app.screen
    if not isinstance(screen, OverviewScreen) or not screen.shown:
        return False
    state = app.state
    return not settled or (state.overview_loaded and not state.overview_pending)


def _convert(mode: str, argv: list[str]) -> None:
    from convert_tui.cli import build_parser
    from convert_tui.commands.tui import build_app

    app = build_app(build_parser(argv).parse_args(argv), deferred=True)  # as `convert-tui` does

    def done(app: Any) -> bool:
        if mode == "frame":
            return True
        if mode.startswith("overview"):
            return _overview_shows(app, settled=mode == "overview-settled")
        if not _tree_has_projects(app):
            return False
        if mode == "projects":
            return True
        checked = app.state.last_refresh is not None  # the state holds the checked records
        if mode == "checked" or not checked:
            return checked
        # settled: nothing loading, and the project reopened (settings) shows its children
        from convert_tui.ui.explorer.tree import ExplorerTree

        cursor = app.screen.query_one(ExplorerTree).cursor_node
        ref = cursor.data if cursor is not None else None
        if ref is None or ref.kind != "project" or not cursor.is_expanded:
            return False
        return not app.state.loading and ref.project_id in app.state.project_children

    _watch_frames(app, done)
    app.run()


def main() -> None:
    which = sys.argv[1]
    if which == "bare":
        _bare()
    elif which == "bare-table":
        _bare_table()
    elif which == "bare-live":
        _bare_live()
    else:
        _convert(sys.argv[2], sys.argv[3:])


if __name__ == "__main__":
    main()
