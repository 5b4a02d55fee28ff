"""Loading every project's children (the tree's filter, the palette) is one bounded,
cancellable job with progress, not a worker per project (#12 item 5: 100,000 projects froze
the TUI for minutes, each project's worker cancelling and restarting the others)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.ui import profile_for
from test_ui_explorer import settle

from convert_tui.ui.app import ConvertApp

PROJECTS = 60


async def test_one_bounded_job_loads_every_project_in_batches(
    sandbox_factory: Any, config_dir: Path
) -> None:
    many = sandbox_factory(projects=PROJECTS, experiences=PROJECTS * 2, latency_ms=20)
    app = ConvertApp(profile_for(many.base_url, secret=many.secret))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        state = app.state
        assert len(state.projects) == PROJECTS
        replaced: list[int] = []
        progress: list[Any] = []
        state.watch(state, "project_children", lambda v: replaced.append(len(v)), init=False)
        state.watch(state, "all_children_progress", lambda v: progress.append(v), init=False)
        state.load_all_children()
        await pilot.pause(0.05)
        groups = [w.group for w in app.workers if w.group.startswith(("children", "all-"))]
        assert groups == ["all-children"]  # one job, no worker per project
        await settle(pilot)
        assert len(state.project_children) == PROJECTS
        assert len(replaced) < PROJECTS / 4  # applied in batches: a redraw per batch
        assert (0, PROJECTS) in progress and progress[-1] is None


async def test_the_job_is_cancelled_by_a_new_connection(
    sandbox_factory: Any, config_dir: Path
) -> None:
    slow = sandbox_factory(projects=PROJECTS, experiences=PROJECTS, latency_ms=200)
    app = ConvertApp(profile_for(slow.base_url, secret=slow.secret))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.state.load_all_children()
        await pilot.pause(0.3)
        assert app.state.all_children_progress is not None
        app.state.workers.cancel_group(app.state, "all-children")
        await pilot.pause(0.1)
        assert app.state.all_children_progress is None
        assert len(app.state.project_children) < PROJECTS


async def test_the_filter_searches_what_is_loaded_and_says_what_is_still_loading(
    sandbox_factory: Any, config_dir: Path
) -> None:
    from test_ui_explorer import tree_of, visible_labels

    slow = sandbox_factory(projects=PROJECTS, experiences=PROJECTS, latency_ms=100)
    app = ConvertApp(profile_for(slow.base_url, secret=slow.secret))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "z", "q", "x")  # matches nothing anywhere
        await pilot.pause(0.6)
        shown = " ".join(visible_labels(tree_of(pilot)))
        assert "still loading" in shown and "searching…" in shown and f"of {PROJECTS}" in shown
        assert app.state.all_children_progress is not None
        await settle(pilot)
        shown = " ".join(visible_labels(tree_of(pilot)))
        assert "No matches" in shown and "searching" not in shown
        assert len(app.state.project_children) == PROJECTS
