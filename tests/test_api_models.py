"""Models: coercions, leniency on read, strictness on build, and round-trips of unknown fields."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError as PydanticValidationError

from convert_tui.api import ConvertClient, errors, models
from convert_tui.api._lenient import READ_CONTEXT


def read(model: type[models.ApiModel], data: Any) -> Any:
    return model.model_validate(data, context=READ_CONTEXT)


def test_ids_coerced_to_str() -> None:
    hypothesis = read(models.Hypothesis, {"id": 12, "project_id": 3, "tags": [{"id": 9}]})
    assert hypothesis.id == "12"
    assert hypothesis.project_id == "3"
    assert hypothesis.tags[0].id == "9"
    goal = models.Goal(goal_id=5)
    assert goal.goal_id == "5"
    experience = read(
        models.Experience, {"goals": [{"goal_id": 1}], "audiences": [{"audience_id": 2}]}
    )
    assert experience.goals[0].goal_id == "1"
    assert experience.audiences[0].audience_id == "2"


def test_bool_is_not_an_id() -> None:
    with pytest.raises(PydanticValidationError):
        models.Project(id=True)


def test_numeric_strings_accepted() -> None:
    hypothesis = read(models.Hypothesis, {"prioritization_score": "7.3"})
    assert hypothesis.prioritization_score == 7.3
    experience = read(models.Experience, {"minrun": "7", "confidence": "95.5", "start_time": ""})
    assert experience.minrun == 7 and isinstance(experience.minrun, int)
    assert experience.confidence == 95.5
    assert experience.start_time is None
    project = read(
        models.Project, {"include_jquery": "1", "reporting_settings": {"min_order_value": "10.5"}}
    )
    assert project.include_jquery == 1
    assert project.reporting_settings.min_order_value == 10.5


def test_ints_stay_ints_so_round_trip_is_faithful() -> None:
    experience = read(models.Experience, {"start_time": 0, "confidence": 95})
    assert experience.model_dump(mode="json", exclude_unset=True) == {
        "start_time": 0,
        "confidence": 95,
    }


def test_unknown_enum_values_survive_reading() -> None:
    experience = read(models.Experience, {"experience_type": "multipage", "experience_status": "x"})
    assert experience.experience_type == "multipage"
    assert read(models.Goal, {"goal_type": "new_kind"}).goal_type == "new_kind"
    assert read(models.Audience, {"audience_type": "other"}).audience_type == "other"
    assert read(models.Project, {"include_jquery": 7}).include_jquery == 7


def test_enums_and_ranges_strict_when_building() -> None:
    with pytest.raises(PydanticValidationError):
        models.Experience(experience_type="multipage")
    with pytest.raises(PydanticValidationError):
        models.Project(include_jquery=7)
    with pytest.raises(PydanticValidationError):
        models.Variation(percentage=101)
    with pytest.raises(PydanticValidationError):
        models.PieAttributes(potential=11)
    experience = models.Experience(experience_status="draft")
    with pytest.raises(PydanticValidationError):
        experience.experience_status = "bogus"  # type: ignore[assignment]


def test_garbage_still_rejected_on_read() -> None:
    with pytest.raises(PydanticValidationError):
        read(models.Experience, {"minrun": "lots"})
    with pytest.raises(PydanticValidationError):
        read(models.Experience, {"experience_type": 5.5, "variations": "nope"})


def test_site_area_allows_only_site_area_rule_types_when_building() -> None:
    def rule_object(rule_type: str) -> dict[str, Any]:
        rule = {"rule_type": rule_type, "matching": {"match_type": "contains", "negated": False}}
        return {"OR": [{"AND": [{"OR_WHEN": [{**rule, "value": "/shop"}]}]}]}

    area = models.SiteArea.model_validate({"include": rule_object("url")})
    assert area.include is not None
    matching = area.include.rules()[0].matching
    assert matching is not None and matching.match_type == "contains"
    with pytest.raises(PydanticValidationError):
        models.SiteArea.model_validate({"include": rule_object("cookie")})
    # The server's word is kept on read.
    assert read(models.SiteArea, {"exclude": rule_object("cookie")}).exclude is not None


def test_hypothesis_attributes_pick_pie_or_ice() -> None:
    pie = read(
        models.Hypothesis,
        {"prioritization_score_attributes": {"potential": 8, "importance": "7", "ease": 6}},
    )
    assert isinstance(pie.prioritization_score_attributes, models.PieAttributes)
    ice = read(
        models.Hypothesis,
        {"prioritization_score_attributes": {"impact": 9, "confidence": 7, "ease": 7}},
    )
    assert isinstance(ice.prioritization_score_attributes, models.IceAttributes)
    assert ice.prioritization_score_attributes.confidence == 7


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((8, 7, 6), 7.0),
        ((9, 7, 7), 7.7),
        ((10, 10, 9), 9.7),
        ((7.5, 7, 7.25), 7.3),
        ((0, 0, 0), 0.0),
    ],
)
def test_hypothesis_score_is_mean_rounded_to_one_decimal(
    values: tuple[float, float, float], expected: float
) -> None:
    potential, importance, ease = values
    pie = models.PieAttributes(potential=potential, importance=importance, ease=ease)
    assert models.hypothesis_score(pie) == expected
    ice = models.IceAttributes(impact=potential, confidence=importance, ease=ease)
    assert ice.score() == expected


def test_hypothesis_score_needs_every_attribute() -> None:
    assert models.PieAttributes(potential=5, ease=5).score() is None


def test_report_shape_from_contract() -> None:
    report = read(
        models.Report,
        {
            "experience_id": 100,
            "start_timestamp": 1764000000,
            "end_timestamp": "1764600000",
            "goals": [
                {
                    "goal_id": "200",
                    "goal_name": "Purchase",
                    "goal_type": "revenue",
                    "is_primary": True,
                    "variations": [
                        {
                            "variation_id": 300,
                            "variation_name": "Original",
                            "is_baseline": True,
                            "visitors": 10234,
                            "conversions": "512",
                            "revenue": 40960.5,
                            "products": 731,
                            "revenue_sum_squares": 412345.2,
                            "daily": [
                                {
                                    "date": "2026-11-01",
                                    "visitors": 401,
                                    "conversions": 19,
                                    "revenue": 1520.0,
                                }
                            ],
                        }
                    ],
                }
            ],
        },
    )
    variation = report.goals[0].variations[0]
    assert report.experience_id == "100" and report.end_timestamp == 1764600000
    assert variation.variation_id == "300" and variation.conversions == 512
    assert variation.daily[0].date == "2026-11-01"
    with pytest.raises(PydanticValidationError):
        read(models.Report, {"goals": [{"goal_id": "1", "variations": [{"variation_id": "2"}]}]})


def test_a_daily_count_with_fields_of_a_newer_server_still_reads() -> None:
    # Daily counts are read-only and many: their unknown fields are dropped, never an error.
    day = {"date": "2026-11-01", "visitors": "401", "conversions": 19, "bounces": 7, "x": [1]}
    variation = {"variation_id": "1", "visitors": 401, "conversions": 19, "daily": [day]}
    report = read(models.Report, {"goals": [{"goal_id": "2", "variations": [variation]}]})
    daily = report.goals[0].variations[0].daily[0]
    assert (daily.date, daily.visitors, daily.conversions) == ("2026-11-01", 401, 19)
    assert daily.revenue is None


def test_experience_baseline_and_audience_segment() -> None:
    experience = read(
        models.Experience,
        {"variations": [{"id": 1, "is_baseline": False}, {"id": 2, "is_baseline": True}]},
    )
    assert experience.baseline is not None and experience.baseline.id == "2"
    assert read(models.Audience, {"audience_type": "segmentation"}).is_segment


SERVER_EXPERIENCE = {
    "id": 100,
    "name": "Checkout test",
    "experience_type": "a/b",
    "experience_status": "paused",
    "confidence": 95,
    "future_flag": {"nested": [1, 2, 3]},
    "site_area": {
        "include": {
            "OR": [
                {
                    "AND": [
                        {
                            "OR_WHEN": [
                                {
                                    "rule_type": "url",
                                    "matching": {
                                        "match_type": "contains",
                                        "negated": False,
                                        "case": "i",
                                    },
                                    "value": "/checkout",
                                    "rule_extra": True,
                                }
                            ]
                        }
                    ]
                }
            ]
        }
    },
    "goals": [{"goal_id": 7, "goal_name": "Buy", "is_primary": True, "weight": 2}],
    "variations": [{"id": 1, "name": "Original", "is_baseline": True, "color": "blue"}],
}


async def test_unknown_fields_round_trip_read_edit_update() -> None:
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            sent.append(request.content)
        return httpx.Response(200, json=SERVER_EXPERIENCE)

    transport = httpx.MockTransport(handler)
    async with ConvertClient(
        "app", "secret", "http://sandbox/api/v1", transport=transport
    ) as client:
        experience = await client.get_experience(1, 100)
        experience.name = "Checkout test v2"
        updated = await client.update_experience(1, 100, experience)
    body = json.loads(sent[0])
    assert body["name"] == "Checkout test v2"
    assert body["future_flag"] == {"nested": [1, 2, 3]}
    assert body["goals"][0]["weight"] == 2
    rule = body["site_area"]["include"]["OR"][0]["AND"][0]["OR_WHEN"][0]
    assert rule["rule_extra"] is True and rule["matching"]["case"] == "i"
    assert body["id"] == "100" and body["confidence"] == 95
    # Variations are not updatable in v1; the contract says the server ignores them.
    assert "variations" not in body
    assert updated.model_extra == {"future_flag": {"nested": [1, 2, 3]}}


async def test_update_sends_only_fields_set_and_create_drops_none() -> None:
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"goal_id": "9"})

    transport = httpx.MockTransport(handler)
    async with ConvertClient(
        "app", "secret", "http://sandbox/api/v1", transport=transport
    ) as client:
        await client.update_goal(1, 9, models.Goal(goal_name="Renamed"))
        await client.update_goal(1, 9, {"description": "d", "custom": 1})
        await client.create_goal(
            1, models.Goal(goal_name="New", description=None, goal_type="revenue")
        )
    assert bodies[0] == {"goal_name": "Renamed"}
    assert bodies[1] == {"description": "d", "custom": 1}
    assert bodies[2] == {"goal_name": "New", "goal_type": "revenue"}


async def test_hypothesis_score_derived_from_attributes_when_sent() -> None:
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"id": 1, "prioritization_score": "7.7"})

    transport = httpx.MockTransport(handler)
    async with ConvertClient(
        "app", "secret", "http://sandbox/api/v1", transport=transport
    ) as client:
        created = await client.create_hypothesis(
            1,
            {
                "name": "Bigger button",
                "prioritization_score_type": "ICE",
                "prioritization_score_attributes": {"impact": 9, "confidence": 7, "ease": 7},
            },
        )
        await client.update_hypothesis(1, 1, {"name": "only the name"})
    assert bodies[0]["prioritization_score"] == 7.7
    assert bodies[1] == {"name": "only the name"}
    assert created.prioritization_score == 7.7


async def test_invalid_dict_refused_before_sending() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(handler)
    async with ConvertClient(
        "app", "secret", "http://sandbox/api/v1", transport=transport
    ) as client:
        with pytest.raises(errors.ValidationError) as caught:
            await client.update_project(1, {"include_jquery": 7})
        with pytest.raises(errors.ValidationError):
            await client.update_experience(1, 2, {"experience_status": "nope"})
        with pytest.raises(errors.ValidationError):
            await client.list_experiences(1, experience_types=["a/c"])  # type: ignore[list-item]
        with pytest.raises(errors.ValidationError):
            await client.list_projects(results_per_page=101)
        with pytest.raises(errors.ValidationError):
            await client.list_hypotheses(1, score_min=6)
        with pytest.raises(errors.ValidationError):
            await client.change_hypothesis_status(1, 2, "done")  # type: ignore[arg-type]
    assert "include_jquery" in caught.value.fields
    assert caught.value.status is None
    assert sent == []


def test_records_built_without_lists_do_not_share_them() -> None:
    # The models default lists to a plain `[]`: each record must still get its own, or a
    # rule added to one new audience would appear in every other one.
    first, second = models.RuleObject(), models.RuleObject()
    first.OR.append(models.RuleGroup())
    assert second.OR == [] and models.RuleObject().OR == []
    report = models.Report.model_validate_json(b'{"goals": [{"goal_id": "1"}]}')
    report.goals[0].variations.append(
        models.ReportVariation(variation_id="1", visitors=1, conversions=0)
    )
    assert (
        models.Report.model_validate_json(b'{"goals": [{"goal_id": "1"}]}').goals[0].variations
        == []
    )
    assert models.ReportVariation(variation_id="2", visitors=1, conversions=0).daily == []


@pytest.mark.parametrize(
    ("sent", "read"),
    [(5, 5), (7.5, 7.5), ("7.3", 7.3), ("12", 12), (None, None), ("", None), ("  ", None)],
)
def test_a_days_revenue_reads_as_every_optional_number_does(sent: Any, read: Any) -> None:
    day = {"date": "2026-01-01", "visitors": 3, "conversions": 1, "revenue": sent}
    report = {"goals": [{"goal_id": "1", "variations": [{"variation_id": "2", "visitors": 3,
              "conversions": 1, "revenue": sent, "daily": [day]}]}]}  # fmt: skip
    checked = models.Report.model_validate_json(json.dumps(report), context=READ_CONTEXT)
    variation = checked.goals[0].variations[0]
    assert variation.daily[0].revenue == read == variation.revenue
    assert type(variation.daily[0].revenue) is type(variation.revenue)


def test_a_days_revenue_that_is_no_number_is_a_wrong_answer() -> None:
    day = {"date": "2026-01-01", "revenue": "abc"}
    report = {"goals": [{"goal_id": "1", "variations": [{"variation_id": "2", "visitors": 3,
              "conversions": 1, "daily": [day]}]}]}  # fmt: skip
    with pytest.raises(PydanticValidationError, match=r"daily\.0\.revenue"):
        models.Report.model_validate(report, context=READ_CONTEXT)
