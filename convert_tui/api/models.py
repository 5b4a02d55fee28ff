"""Pydantic models for every schema of the Convert API v1 contract (the one models module).

Choices, so the TUI survives a real server that differs from the reference:
- `extra="allow"` everywhere (but the read-only `DailyCount`): unknown fields are kept on read
  and sent back on write.
- Ids are strings; integer ids (the reference shows both) are converted.
- Numbers accept numeric strings (`prioritization_score` arrives as "7.3"); an empty string
  reads as None. Ints stay ints so a record round-trips without turning `0` into `0.0`.
- Enums and ranges are strict for what *we* build (constructor, assignment, dicts passed to the
  client), so a typo is caught before any request. When validating a server answer (the client
  passes `READ_CONTEXT`), an unknown enum string or out-of-range number is kept as it came:
  a new status value on the server must not make a whole list unreadable. Code matching on an
  enum should therefore keep an `else` branch.
"""

# No `from __future__ import annotations`: pydantic would then compile and evaluate every
# annotation string at import (~1.5 ms of every start that reads a record).

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    ValidationInfo,
    WrapValidator,
    field_validator,
)
from pydantic import Tag as UnionTag
from pydantic.dataclasses import dataclass as pydantic_dataclass

from convert_tui.api._lenient import (
    blank_only,
    blank_to_none,
    id_to_str,
    keep_out_of_range_number,
    keep_unknown_string,
    reading_server_answer,
)
from convert_tui.api.enums import (
    SITE_AREA_RULE_TYPES as SITE_AREA_RULE_TYPES,
)
from convert_tui.api.enums import (
    AudienceType as AudienceType,
)
from convert_tui.api.enums import (
    ExperienceStatus as ExperienceStatus,
)
from convert_tui.api.enums import (
    ExperienceType as ExperienceType,
)
from convert_tui.api.enums import (
    GoalType as GoalType,
)
from convert_tui.api.enums import (
    MatchType as MatchType,
)
from convert_tui.api.enums import (
    ProjectStatus as ProjectStatus,
)
from convert_tui.api.enums import (
    ScoreType as ScoreType,
)

# --- field types --------------------------------------------------------------------------------


Id = Annotated[str, BeforeValidator(id_to_str)]
# int first: a smart union keeps 5 as int and "7.3"/7.5 as float. None is inside the Annotated
# so that a blank string, turned into None first, is accepted.
OptionalNumber = Annotated[int | float | None, BeforeValidator(blank_to_none)]


# The same values for a report's revenue of each day, the most numerous number read: the blank
# string is a member of the union instead of a function run before it, so a number or null is
# checked without calling Python (only a string reaches `blank_only`): ~12% faster reports.
# (Not for every OptionalNumber: a four-member union costs more to set up than it saves on the
# few numbers of a record.)
if TYPE_CHECKING:
    DayAmount = int | float | None
else:
    DayAmount = int | float | None | Annotated[str, AfterValidator(blank_only)]

Flag = Annotated[int, Field(ge=0, le=1), WrapValidator(keep_out_of_range_number)]
Percentage = Annotated[int | float, Field(ge=0, le=100), WrapValidator(keep_out_of_range_number)]
ScoreAttribute = Annotated[int | float, Field(ge=0, le=10), WrapValidator(keep_out_of_range_number)]


ExperienceTypeField = Annotated[ExperienceType, WrapValidator(keep_unknown_string)]
ExperienceStatusField = Annotated[ExperienceStatus, WrapValidator(keep_unknown_string)]
ProjectStatusField = Annotated[ProjectStatus, WrapValidator(keep_unknown_string)]
GoalTypeField = Annotated[GoalType, WrapValidator(keep_unknown_string)]
AudienceTypeField = Annotated[AudienceType, WrapValidator(keep_unknown_string)]
ScoreTypeField = Annotated[ScoreType, WrapValidator(keep_unknown_string)]
MatchTypeField = Annotated[MatchType, WrapValidator(keep_unknown_string)]


class ApiModel(BaseModel):
    """Base of every model: keeps unknown fields, validates edits, tolerates numbers as text."""

    model_config = ConfigDict(
        extra="allow",
        validate_assignment=True,
        coerce_numbers_to_str=True,
        # Validators are built on first use, not at import: a command pays only for the
        # models it reads (`status` reads 3 of the 25), and start-up stays short.
        defer_build=True,
    )
    # Lists default to a plain `[]`, which pydantic copies for each record. (With
    # `default_factory=list`, building a validator read the builtin's signature by tokenizing
    # its text: ~3 ms of the first record read.)


# --- rules --------------------------------------------------------------------------------------


class RuleMatching(ApiModel):
    match_type: MatchTypeField | None = None
    negated: bool | None = None


class Rule(ApiModel):
    rule_type: str | None = None
    matching: RuleMatching | None = None
    value: str | int | float | bool | None = None


class RuleWhen(ApiModel):
    OR_WHEN: list[Rule] = []


class RuleGroup(ApiModel):
    AND: list[RuleWhen] = []


class RuleObject(ApiModel):
    """`{"OR": [{"AND": [{"OR_WHEN": [Rule, ...]}, ...]}, ...]}`."""

    OR: list[RuleGroup] = []

    def rules(self) -> list[Rule]:
        """Every rule of the tree, in order."""
        return [rule for group in self.OR for when in group.AND for rule in when.OR_WHEN]


# --- projects -----------------------------------------------------------------------------------


class ReportingSettings(ApiModel):
    min_order_value: OptionalNumber = None
    max_order_value: OptionalNumber = None
    min_running_time: OptionalNumber = None
    min_variation_visitors: OptionalNumber = None
    min_variation_conversions: OptionalNumber = None
    tested_visitors_quota: OptionalNumber = None
    max_variation_visitors: OptionalNumber = None


class Project(ApiModel):
    id: Id | None = None
    account_id: Id | None = None
    tracking_snippet: str | None = None
    name: str | None = None
    status: ProjectStatusField | None = None
    created_at: str | None = None
    reporting_settings: ReportingSettings | None = None
    include_jquery: Flag | None = None
    allow_crossdomain_tracking: Flag | None = None
    data_anonymization: Flag | None = None
    websites: list[str] | None = None
    global_javascript: str | None = None


# --- experiences --------------------------------------------------------------------------------


class SiteArea(ApiModel):
    include: RuleObject | None = None
    exclude: RuleObject | None = None

    @field_validator("include", "exclude")
    @classmethod
    def _only_site_area_rule_types(
        cls, value: RuleObject | None, info: ValidationInfo
    ) -> RuleObject | None:
        if value is None or reading_server_answer(info):
            return value
        for rule in value.rules():
            if rule.rule_type is not None and rule.rule_type not in SITE_AREA_RULE_TYPES:
                raise ValueError(f"rule type {rule.rule_type!r} is not allowed in a site area")
        return value


class ExperienceGoal(ApiModel):
    goal_id: Id | None = None
    goal_name: str | None = None
    is_primary: bool | None = None


class ExperienceAudience(ApiModel):
    audience_id: Id | None = None
    audience_name: str | None = None


class Variation(ApiModel):
    id: Id | None = None
    name: str | None = None
    url: str | None = None
    js: str | None = None
    customjs: str | None = None
    css: str | None = None
    percentage: Percentage | None = None
    is_baseline: bool | None = None


class Experience(ApiModel):
    id: Id | None = None
    name: str | None = None
    experience_description: str | None = None
    experience_type: ExperienceTypeField | None = None
    experience_status: ExperienceStatusField | None = None
    start_time: OptionalNumber = None
    end_time: OptionalNumber = None
    global_js: str | None = None
    editor_url: str | None = None
    keep_winner: bool | None = None
    stop_looser: bool | None = None
    minrun: OptionalNumber = None
    maxrun: OptionalNumber = None
    minordv: OptionalNumber = None
    maxordv: OptionalNumber = None
    minconv: OptionalNumber = None
    minvis: OptionalNumber = None
    maxvis: OptionalNumber = None
    confidence: OptionalNumber = None
    site_area: SiteArea | None = None
    goals: list[ExperienceGoal] | None = None
    audiences: list[ExperienceAudience] | None = None
    variations: list[Variation] | None = None

    @property
    def baseline(self) -> Variation | None:
        """The original: the first variation flagged `is_baseline`."""
        return next((v for v in self.variations or [] if v.is_baseline), None)


# --- goals --------------------------------------------------------------------------------------


class DomInteraction(ApiModel):
    event: str | None = None
    selector: str | None = None


class Goal(ApiModel):
    goal_id: Id | None = None
    goal_name: str | None = None
    description: str | None = None
    goal_type: GoalTypeField | None = None
    triggering_rule: RuleObject | None = None
    dom_interaction: list[DomInteraction] | None = None


# --- hypotheses ---------------------------------------------------------------------------------


def round_score(value: float) -> float:
    """Round half up to one decimal (7.25 -> 7.3), unlike round()'s half-to-even on floats."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class PieAttributes(ApiModel):
    potential: ScoreAttribute | None = None
    importance: ScoreAttribute | None = None
    ease: ScoreAttribute | None = None

    def score(self) -> float | None:
        return hypothesis_score(self)


class IceAttributes(ApiModel):
    impact: ScoreAttribute | None = None
    confidence: ScoreAttribute | None = None
    ease: ScoreAttribute | None = None

    def score(self) -> float | None:
        return hypothesis_score(self)


def hypothesis_score(attributes: PieAttributes | IceAttributes) -> float | None:
    """Mean of the three attributes, rounded to one decimal; None while any is missing."""
    if isinstance(attributes, PieAttributes):
        values = (attributes.potential, attributes.importance, attributes.ease)
    else:
        values = (attributes.impact, attributes.confidence, attributes.ease)
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) != len(values):
        return None
    return round_score(sum(numbers) / len(numbers))


def _attributes_kind(value: Any) -> str:
    # Both shapes share `ease` and allow extras, so pick by the keys only ICE has.
    if isinstance(value, IceAttributes):
        return "ICE"
    if isinstance(value, PieAttributes):
        return "PIE"
    if isinstance(value, dict) and ("impact" in value or "confidence" in value):
        return "ICE"
    return "PIE"


ScoreAttributes = Annotated[
    Annotated[PieAttributes, UnionTag("PIE")] | Annotated[IceAttributes, UnionTag("ICE")],
    Discriminator(_attributes_kind),
]


class Tag(ApiModel):
    id: Id | None = None
    name: str | None = None


class Hypothesis(ApiModel):
    id: Id | None = None
    project_id: Id | None = None
    name: str | None = None
    objective: str | None = None
    # A numeric string in answers, a number in requests: read as a number, sent as a number.
    prioritization_score: OptionalNumber = None
    prioritization_score_type: ScoreTypeField | None = None
    prioritization_score_attributes: ScoreAttributes | None = None
    status: ExperienceStatusField | None = None
    start_date: str | None = None
    end_date: str | None = None
    tags: list[Tag] | None = None
    summary: str | None = None
    created_at: str | None = None

    def computed_score(self) -> float | None:
        """The score the attributes imply (the stored one may be stale)."""
        attributes = self.prioritization_score_attributes
        return None if attributes is None else hypothesis_score(attributes)


# --- audiences ----------------------------------------------------------------------------------


class Audience(ApiModel):
    audience_id: Id | None = None
    audience_name: str | None = None
    description: str | None = None
    firing_rule: RuleObject | None = None
    audience_type: AudienceTypeField | None = None

    @property
    def is_segment(self) -> bool:
        return self.audience_type == "segmentation"


# --- reports (raw counts; statistics are computed by convert_tui.stats) --------------------------


@pydantic_dataclass(
    slots=True, config=ConfigDict(extra="ignore", coerce_numbers_to_str=True, defer_build=True)
)
class DailyCount:
    # Read only, and the most numerous record (a report holds one per variation and day): a
    # slotted dataclass, not a model, checks a report ~20% faster (no __dict__, no fields-set
    # or extras per day), and unknown fields are dropped (~25% more).
    date: str
    visitors: int = 0
    conversions: int = 0
    revenue: DayAmount = None


class ReportVariation(ApiModel):
    variation_id: Id
    variation_name: str | None = None
    is_baseline: bool | None = None
    # Required: a report row without counts is a wrong-shaped answer, not zero traffic.
    visitors: int
    conversions: int
    # Revenue goals only.
    revenue: OptionalNumber = None
    products: int | None = None
    revenue_sum_squares: OptionalNumber = None
    daily: list[DailyCount] = []


class ReportGoal(ApiModel):
    goal_id: Id
    goal_name: str | None = None
    goal_type: GoalTypeField | None = None
    is_primary: bool | None = None
    variations: list[ReportVariation] = []


class Report(ApiModel):
    """A full report, or a partial one (a single entry in `goals`)."""

    experience_id: Id | None = None
    start_timestamp: int | None = None
    end_timestamp: int | None = None
    goals: list[ReportGoal] = []


# --- misc ---------------------------------------------------------------------------------------


class Deleted(ApiModel):
    deleted: bool
    id: Id | None = None
