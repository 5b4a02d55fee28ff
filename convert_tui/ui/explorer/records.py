"""Rich renderables for each kind of record. Every API string goes through `plain()`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from convert_tui.state import record_id, record_name
from convert_tui.ui import time_zone
from convert_tui.ui.text import clean, name_or, plain
from convert_tui.ui.widgets.rules import format_rules

if TYPE_CHECKING:
    from convert_tui.reporting.status_rows import StatusRow

Row = tuple[str, RenderableType | str | int | float | bool | None]


def fields_table(rows: Iterable[Row]) -> Table:
    """Label / value grid. Values that are not renderables are shown literally."""
    table = Table.grid(padding=(0, 1), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(Text(label), _value(value))
    return table


def _value(value: Any) -> RenderableType:
    if value is None or value == "":
        return Text("—", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, Text | Table | Group):
        return value
    return plain(value, one_line=False)


def title(text: Text, kind: str) -> Text:
    out = Text.assemble((f"{kind.upper()} ", "dim"))
    out.append_text(text)
    out.stylize("bold", len(kind) + 1)
    return out


def when(timestamp: Any) -> str | None:
    """Start/end times are UNIX seconds; 0 means 'not yet'."""
    try:
        seconds = float(timestamp)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    return time_zone.from_timestamp(seconds)  # local or UTC: config.toml [time]


def traffic_split(experience: Any) -> Text:
    parts = []
    for v in experience.variations or []:
        pct = "?" if v.percentage is None else f"{v.percentage:g}%"
        parts.append(f"{clean(v.name or v.id, one_line=True)} {pct}")
    return Text(" / ".join(parts)) if parts else Text("—", style="dim")


def primary_goal(experience: Any) -> Text | None:
    goal = next((g for g in experience.goals or [] if g.is_primary), None)
    return name_or(goal.goal_name, f"goal {goal.goal_id}") if goal else None


def result_line(experience: Any, report: Any, now: float | None = None) -> Text:
    """The verdict on the primary goal, in the words of the report view, `status` and the
    overview (one status row: reporting.status_rows), with the alerts as tags."""
    # (here, not at the top: the tree's first frame needs none of the status rows' modules)
    from convert_tui.reporting.status_rows import status_row

    return row_line(status_row(None, experience, report, now=now, project_id=""))


def row_line(row: StatusRow) -> Text:
    """A status row's verdict on its primary goal, with the alerts as tags."""
    from convert_tui.ui.widgets.verdict import VERDICT_STYLES, alert_tags

    if not row.has_report and row.verdict != "no goals":
        return Text("…", style="dim")  # its report is on its way (a quiet mark, no message)
    verdict = (row.verdict_long or row.verdict_short).splitlines()[0]
    line = name_or(row.goal_name, "primary goal") if row.goal_name else Text()
    if row.goal_name:
        line.append(": ")
    line.append(clean(verdict, one_line=True), VERDICT_STYLES.get(row.verdict, ""))
    if row.alerts:
        line.append(" ")
        line.append_text(alert_tags(row.alerts))
    return line


def project_view(project: Any) -> RenderableType:
    settings = project.reporting_settings
    websites = Text("\n").join(plain(w) for w in project.websites or []) or None
    rows: list[Row] = [
        ("Id", project.id),
        ("Status", project.status),
        ("Created", project.created_at),
        ("Websites", websites),
        ("jQuery", bool(project.include_jquery) if project.include_jquery is not None else None),
        ("Cross-domain", _flag(project.allow_crossdomain_tracking)),
        ("Anonymize", _flag(project.data_anonymization)),
    ]
    parts: list[RenderableType] = [
        title(name_or(project.name, "(unnamed project)"), "project"),
        fields_table(rows),
    ]
    if settings is not None:
        parts += [Text("\nReporting settings", "bold underline"), _settings_table(settings)]
    if project.tracking_snippet:
        parts += [
            Text("\nTracking snippet", "bold underline"),
            plain(project.tracking_snippet, one_line=False),
        ]
    return Group(*parts)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _settings_table(settings: Any) -> Table:
    names = [
        ("Min order value", "min_order_value"),
        ("Max order value", "max_order_value"),
        ("Min running days", "min_running_time"),
        ("Min visitors/var.", "min_variation_visitors"),
        ("Min conv./var.", "min_variation_conversions"),
        ("Tested quota", "tested_visitors_quota"),
        ("Max visitors/var.", "max_variation_visitors"),
    ]
    return fields_table((label, getattr(settings, attr, None)) for label, attr in names)


def experience_view(
    experience: Any, report: Any, loading_report: bool = False, now: float | None = None
) -> RenderableType:
    if loading_report:
        result = Text("loading report…", "dim")
    else:
        result = result_line(experience, report, now)
    rows: list[Row] = [
        ("Id", experience.id),
        ("Type", experience.experience_type),
        ("Status", status_text(experience.experience_status)),
        ("Started", when(experience.start_time) or "not started"),
        ("Ended", when(experience.end_time)),
        ("Traffic", traffic_split(experience)),
        ("Primary goal", primary_goal(experience)),
        ("Result", result),
    ]
    parts: list[RenderableType] = [
        title(name_or(experience.name, "(unnamed experience)"), "experience"),
        fields_table(rows),
    ]
    if experience.experience_description:
        parts += [Text(""), plain(experience.experience_description, one_line=False)]
    parts.append(Text("\nEnter: open details", "dim"))
    return Group(*parts)


STATUS_STYLES = {
    "active": "bold green",
    "paused": "yellow",
    "scheduled": "cyan",
    "completed": "blue",
    "archived": "dim",
    "draft": "italic",
}


def status_text(status: Any) -> Text:
    if status is None:
        return Text("—", style="dim")
    return Text(clean(status, one_line=True), style=STATUS_STYLES.get(str(status), ""))


def goal_view(goal: Any) -> RenderableType:
    dom = Text("\n").join(
        plain(f"{d.event or '?'} on {d.selector or '?'}") for d in goal.dom_interaction or []
    )
    rows: list[Row] = [
        ("Id", goal.goal_id),
        ("Type", goal.goal_type),
        ("Description", plain(goal.description, one_line=False) if goal.description else None),
        ("DOM events", dom or None),
    ]
    return Group(
        title(name_or(goal.goal_name, "(unnamed goal)"), "goal"),
        fields_table(rows),
        Text("\nTriggering rule", "bold underline"),
        format_rules(goal.triggering_rule),
    )


def audience_view(audience: Any) -> RenderableType:
    rows: list[Row] = [
        ("Id", audience.audience_id),
        ("Type", audience.audience_type),
        ("Segment", audience.audience_type == "segmentation"),
        (
            "Description",
            plain(audience.description, one_line=False) if audience.description else None,
        ),
    ]
    return Group(
        title(name_or(audience.audience_name, "(unnamed audience)"), "audience"),
        fields_table(rows),
        Text("\nFiring rule", "bold underline"),
        format_rules(audience.firing_rule),
    )


def hypothesis_view(hypothesis: Any) -> RenderableType:
    attributes = hypothesis.prioritization_score_attributes
    attrs = None
    if attributes is not None:
        dumped = attributes.model_dump(exclude_none=True, warnings=False)
        attrs = ", ".join(
            f"{k} {v:g}" if isinstance(v, int | float) else f"{k} {v}" for k, v in dumped.items()
        )
    score = hypothesis.prioritization_score
    rows: list[Row] = [
        ("Id", hypothesis.id),
        ("Status", status_text(hypothesis.status)),
        (
            "Score",
            None if score is None else f"{score:g} ({hypothesis.prioritization_score_type or '?'})",
        ),
        ("Attributes", attrs),
        ("Dates", _dates(hypothesis.start_date, hypothesis.end_date)),
        ("Tags", ", ".join(clean(t.name, one_line=True) for t in hypothesis.tags or []) or None),
        ("Created", hypothesis.created_at),
        (
            "Objective",
            plain(hypothesis.objective, one_line=False) if hypothesis.objective else None,
        ),
        ("Summary", plain(hypothesis.summary, one_line=False) if hypothesis.summary else None),
    ]
    return Group(
        title(name_or(hypothesis.name, "(unnamed hypothesis)"), "hypothesis"), fields_table(rows)
    )


def _dates(start: Any, end: Any) -> str | None:
    if not start and not end:
        return None
    return f"{start or '…'} → {end or '…'}"


GROUP_TITLES = {
    "experience": "experiences", "goal": "goals", "audience": "audiences",
    "hypothesis": "hypotheses",
}  # fmt: skip


def _group_details(
    kind: str, record: Any, report: Any, row: StatusRow | None, now: float, status: bool
) -> Text:
    """The dim line under a record's name: its type, status, and result when known (its
    report was loaded here, or the overview analysed it: `row`)."""
    parts: list[Text] = []
    if kind == "experience":
        parts.append(Text(str(record.experience_type or "?")))
        if status:
            parts.append(status_text(record.experience_status))
        if report is not None:
            parts.append(result_line(record, report, now))
        elif row is not None and row.has_report:
            parts.append(row_line(row))
    elif kind in ("goal", "audience"):
        parts.append(Text(str(getattr(record, f"{kind}_type", None) or "?")))
    else:
        parts.append(status_text(record.status))
        if record.prioritization_score is not None:
            kind_ = record.prioritization_score_type or "score"
            parts.append(Text(f"{kind_} {record.prioritization_score}"))
    line = Text("  ")
    line.append_text(Text(" · ", "dim").join(parts))
    return line


def group_view(
    kind: str, status: str | None, project: str, found: list[Any], reports: dict[str, Any],
    now: float, rows: Mapping[str, StatusRow] | None = None,
) -> RenderableType:  # fmt: skip
    """A group node's records: what is running, and how it does once a report was loaded or
    the overview analysed it (`rows`: its status rows of the project, by experience id)."""
    rows = rows or {}
    heading = Text(f"{GROUP_TITLES.get(kind, kind).upper()}", "bold")
    if status is not None:
        heading.append(f" · {status}")
    heading.append(f" ({len(found)}) in ")
    heading.append_text(plain(project))
    lines: list[RenderableType] = [heading]
    if not found:
        lines.append(Text("None.", "dim"))
    for record in found:
        key = record_id(kind, record)
        report = reports.get(key)
        row = rows.get(key) if kind == "experience" else None
        lines.append(name_or(record_name(kind, record), f"({kind})"))
        lines.append(_group_details(kind, record, report, row, now, status is None))
    started = [r for r in found if kind == "experience" and r.start_time]
    if any(not _result_known(record_id(kind, r), reports, rows) for r in started):
        lines.append(Text("\nA result shows here once the cursor has rested on its experience.",
                          "dim italic"))  # fmt: skip
    return Group(*lines)


def _result_known(key: str, reports: Mapping[str, Any], rows: Mapping[str, StatusRow]) -> bool:
    row = rows.get(key)
    return key in reports or (row is not None and row.has_report)
