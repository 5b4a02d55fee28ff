"""Issue 13, item 12: with NO_COLOR every text is drawn in the terminal's default foreground
(Textual's grey conversion drew a losing verdict 237 on 233), and verdicts read by words and
symbols alone."""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_explorer import SIZE, settle
from test_ui_report import demo_experiences, open_report


def drawn_segments(app: Any) -> list[Any]:
    """Every segment of the screen as it goes to the terminal (line filters applied)."""
    return [seg for strip in app.screen._compositor.render_strips() for seg in strip]


async def test_no_color_draws_the_losing_verdict_in_the_default_foreground(
    make_ui_app: Any, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    loser = next((p, e) for p, e, kind in demo_experiences(sandbox) if kind == "loser")
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_report(pilot, loser)
        segments = drawn_segments(app)
        text = "".join(seg.text for seg in segments)
        assert "Loser" in text and "▼ yes" in text  # the words and the mark, no colour needed
        coloured = {
            seg.text.strip(): seg.style.color
            for seg in segments
            if seg.text.strip() and seg.style and seg.style.color and not seg.style.color.is_default
        }
        assert not coloured, list(coloured.items())[:5]
