"""The experience form: texts, type (create only), status, thresholds, site area, goals."""

from __future__ import annotations

from typing import Any, Literal, get_args

from convert_tui.api.models import ExperienceStatus, ExperienceType
from convert_tui.ui.forms import checks
from convert_tui.ui.forms.base import Errors, Field, FormSpec, Values, dig
from convert_tui.ui.text import clean

SITE_AREA_HINT = "JSON; url / url_with_query / query_string / page_tag_* rules only"


def _url(text: str) -> str:
    text = text.strip()
    if any(ch.isspace() for ch in text):
        raise checks.Invalid("A URL has no spaces: e.g. https://shop.example/product/1")
    if len(text) > 2000:
        raise checks.Invalid("The URL is longer than 2000 characters: shorten it.")
    return text


def _count(name: str, label: str, placeholder: str = "0 = none", number: bool = False) -> Field:
    kind: Literal["number", "integer"] = "number" if number else "integer"
    return Field(name, label, kind, low=0, placeholder=placeholder)


class ExperienceForm(FormSpec):
    kind = "experience"
    FIELDS = (
        Field("name", "Name", required=True),
        Field("experience_description", "Description", "multiline", height=2),
        Field("experience_type", "Type", "choice", choices=get_args(ExperienceType),
              required=True, create_only=True, hint="Cannot be changed after creation"),
        Field("experience_status", "Status", "choice", choices=get_args(ExperienceStatus),
              required=True),
        Field("editor_url", "Editor URL", placeholder="https://shop.example/", parse=_url),
        _count("minrun", "Min. run (days)", "e.g. 7"),
        _count("maxrun", "Max. run (days)"),
        _count("minvis", "Min. visitors/var."),
        _count("maxvis", "Max. visitors/var."),
        _count("minconv", "Min. conversions"),
        _count("minordv", "Min. order value", number=True),
        _count("maxordv", "Max. order value", number=True),
        Field("confidence", "Confidence (%)", "number", low=0, high=100, placeholder="e.g. 95"),
        Field("keep_winner", "Keep winner", "flag", hint="Serve the winner when it is decided"),
        Field("stop_looser", "Stop losers", "flag", hint="Stop variations that lose"),
        Field("site_include", "Site area: include", "rules", api="site_area.include",
              site_area=True, height=4, hint=SITE_AREA_HINT),
        Field("site_exclude", "Site area: exclude", "rules", api="site_area.exclude",
              site_area=True, height=3),
        Field("goals", "Goals", "multi", hint="Space toggles; none for personalization"),
        Field("primary_goal", "Primary goal", "choice", placeholder="(first selected)"),
        Field("audiences", "Audiences", "multi"),
    )  # fmt: skip

    def options(self, field: Field) -> list[tuple[str, str]]:
        kids = self.state.project_children.get(self.project_id or "")
        if field.name in ("goals", "primary_goal"):
            goals = kids.goals if kids else ()
            return [(clean(g.goal_name, one_line=True), str(g.goal_id)) for g in goals]
        if field.name == "audiences":
            auds = kids.audiences if kids else ()
            return [(clean(a.audience_name, one_line=True), str(a.audience_id)) for a in auds]
        return super().options(field)

    def to_values(self, record: Any | None) -> Values:
        values = super().to_values(record)
        goals = dig(record, "goals") or []
        values["goals"] = [str(g.goal_id) for g in goals]
        values["primary_goal"] = next((str(g.goal_id) for g in goals if g.is_primary), None)
        values["audiences"] = [str(a.audience_id) for a in dig(record, "audiences") or []]
        if record is None:
            values.update(experience_type="a/b", experience_status="draft")
        return values

    def to_record(self, values: Values) -> dict[str, Any]:
        record = super().to_record(values)
        goals = list(record.get("goals") or [])
        primary = record.pop("primary_goal", None)
        primary = primary if primary in goals else (goals[0] if goals else None)
        record["goals"] = [{"goal_id": g, "is_primary": g == primary} for g in goals]
        record["audiences"] = [{"audience_id": a} for a in record.get("audiences") or []]
        if self.editing:
            record.pop("experience_type", None)  # fixed after creation: never sent
        return record

    def cross_check(self, values: Values) -> Errors:
        errors: Errors = {}
        for low, high, what in (
            ("minrun", "maxrun", "running days"),
            ("minvis", "maxvis", "visitors"),
            ("minordv", "maxordv", "order value"),
        ):
            lo, hi = self.number(values, low), self.number(values, high)
            if lo is not None and hi and hi < lo:
                errors[high] = f"The maximum {what} is below the minimum ({lo:g}): raise it or 0."
        goals = values.get("goals") or []
        if values.get("experience_type") == "personalization" and goals:
            errors["goals"] = "Personalization experiences have no goals: unselect them."
        primary = values.get("primary_goal")
        if primary and goals and primary not in goals:
            errors["primary_goal"] = "The primary goal must be one of the selected goals."
        return errors
