"""Bad input from every side: a server's answers, a user's arguments, hostile names.

- Whatever JSON a server answers, the client gives a model or a DecodeError (and an error
  answer gives a one-line ConvertError); whatever the client accepts can be analysed, printed
  and written back.
- Whatever text, huge strings, control characters or unicode reach the sandbox's body fields
  and ids, it answers 4xx, never 5xx.
- A bad id, date or profile on the command line is one line on stderr and the documented code.
- Names holding terminal escapes or rich markup are printed literally by `status` and `report`.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from convert_tui import reporting
from convert_tui.api import ConvertClient, errors, models
from convert_tui.api import _requests as rq
from convert_tui.api._transport import decode_json, encode_json
from convert_tui.reporting import status_cells
from convert_tui.reporting.status_rows import row_json, status_row

PROJECT = "10001"
EXPERIENCE = "1000001"  # active a/b with a revenue goal (seed 1)

MODELS: list[type[models.ApiModel]] = sorted(
    (
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, models.ApiModel)
    ),
    key=lambda model: model.__name__,
)


def _field_names(model: type[BaseModel], seen: set[str]) -> None:
    for name, field in model.model_fields.items():
        seen.add(name)
        for inner in _nested_models(field.annotation):
            if inner.__name__ not in seen:
                seen.add(inner.__name__)
                _field_names(inner, seen)


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested_models(arg)]


FIELD_NAMES: set[str] = set()
for _model in MODELS:
    _field_names(_model, FIELD_NAMES)

# Names that could confuse a model that keeps unknown fields as attributes.
RISKY_KEYS = ["__class__", "__dict__", "model_config", "model_fields", "__pydantic_extra__"]
RISKY_KEYS += ["model_extra", "copy", "json", "dict", "__init__", "", "\x00", "\ud800"]

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "\x1b[2J",
    "\x1b]52;c;ZXZpbA==\x07",
    "\u202eevil",
    "\ud800",
    "[bold]x[/]",
    "x" * 100_000,
    "é" * 3000,
    "１２３",  # fullwidth digits
    "²",  # a digit to str.isdigit() that int() refuses
    "\r\n",
    "7",
    "-1",
    "1e999",
    "NaN",
    "null",
    "../10001",
]
text = st.text(max_size=30) | st.sampled_from(HOSTILE_TEXT)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.integers(min_value=-5, max_value=200)
    | st.floats()  # NaN and infinities too: Python's json module reads them
    | text
)
keys = st.sampled_from(sorted(FIELD_NAMES)) | st.sampled_from(RISKY_KEYS) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=30,
)
json_records = st.dictionaries(keys, json_values, max_size=10)
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def assert_one_readable_line(error: errors.ConvertError) -> None:
    line = str(error)
    assert line and line.isprintable() and len(line) <= 300, repr(line)


# --- the client's decoders ----------------------------------------------------------------------


@PROPERTY
@given(model=st.sampled_from(MODELS), data=json_records | json_values)
def test_any_json_answer_becomes_a_model_or_a_decode_error(
    model: type[models.ApiModel], data: Any
) -> None:
    answer = json.dumps(data).encode()  # as a server sends it: NaN and surrogates escaped
    for parse in (rq.parse_one, rq.parse_list):
        try:
            result = parse("get_project", decode_json(answer, operation="get project"), model)
        except errors.DecodeError as exc:
            assert_one_readable_line(exc)
            continue
        for record in result if isinstance(result, list) else [result]:
            assert isinstance(record, model)
            # What was read can be edited and written back: the update body is encodable,
            # and writing it says nothing on stderr (a warning would land in a CLI's output).
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                encode_json(rq.update_body(record))
                record.model_dump_json(warnings=False)


json_bodies = json_values.map(lambda value: json.dumps(value).encode())


@PROPERTY
@given(
    status=st.integers(min_value=300, max_value=599),
    body=st.binary(max_size=200) | json_bodies,
    retry_after=st.none() | text,
    date=st.none() | text,
)
def test_any_error_answer_becomes_one_readable_line(
    status: int, body: bytes, retry_after: str | None, date: str | None
) -> None:
    headers = {
        name: value
        for name, value in (("retry-after", retry_after), ("date", date))
        if value is not None
    }
    error = errors.error_for_response(
        status=status, content=body, headers=headers, operation="get project", secrets=("s3",)
    )
    assert isinstance(error, errors.ConvertError) and error.status == status
    assert_one_readable_line(error)


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=300) | json_bodies)
def test_any_200_body_reaching_the_client_gives_a_result_or_a_convert_error(body: bytes) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))

    async def read_all() -> None:
        async with ConvertClient("app", "secret", transport=transport, max_retries=0) as client:
            for call in (
                client.get_project(PROJECT),
                client.list_experiences(PROJECT),
                client.get_full_report(PROJECT, EXPERIENCE),
                client.list_hypotheses(PROJECT),
            ):
                try:
                    await call
                except errors.ConvertError as exc:
                    assert isinstance(exc, errors.DecodeError), exc
                    assert_one_readable_line(exc)

    asyncio.run(read_all())


numbers = (
    st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.sampled_from([0, 1, -1, 10**20, "7", "", "1e999", "nan"])
    | st.none()
)
ids = st.integers(min_value=0, max_value=4) | st.sampled_from(["1", "2", "x"])
report_variations = st.fixed_dictionaries(
    {"variation_id": ids, "visitors": numbers, "conversions": numbers},
    optional={
        "is_baseline": st.booleans() | st.none(),
        "revenue": numbers,
        "products": numbers,
        "revenue_sum_squares": numbers,
        "variation_name": text | st.none(),
        "daily": st.lists(
            st.fixed_dictionaries(
                {"date": text}, optional={"visitors": numbers, "conversions": numbers}
            ),
            max_size=3,
        ),
    },
)
report_goals = st.fixed_dictionaries(
    {"goal_id": ids},
    optional={
        "goal_name": text,
        "goal_type": st.sampled_from(["revenue", "visits_page", "from-the-future"]),
        "is_primary": st.booleans(),
        "variations": st.lists(report_variations, max_size=4),
    },
)
reports = st.fixed_dictionaries({}, optional={"goals": st.lists(report_goals, max_size=3)})
experiences = st.none() | st.fixed_dictionaries(
    {},
    optional={
        **{
            name: numbers
            for name in ("confidence", "minvis", "minconv", "minrun", "start_time", "end_time")
        },
        "name": text,
        "variations": st.lists(
            st.fixed_dictionaries(
                {"id": ids}, optional={"percentage": numbers, "is_baseline": st.booleans()}
            ),
            max_size=4,
        ),
        "goals": st.lists(
            st.fixed_dictionaries({"goal_id": ids}, optional={"is_primary": st.booleans()}),
            max_size=3,
        ),
    },
)


@PROPERTY
@given(report=reports, experience=experiences, correction=st.sampled_from(["none", "sidak"]))
def test_any_report_the_client_accepts_can_be_analysed_and_printed(
    report: Any, experience: Any, correction: str
) -> None:
    try:
        parsed = rq.parse_one("get_full_report", report, models.Report)
        exp = rq.parse_one("get_experience", experience or {}, models.Experience)
    except errors.DecodeError:
        return
    if experience is None:
        exp = None
    analysis = reporting.analyse_report(parsed, exp, correction=correction, now=1.79e9)
    document = reporting.report_document(analysis, EXPERIENCE, exp)
    json.dumps(document, allow_nan=False)  # what `report --json` prints
    reporting.report_csv(document)
    if exp is not None:  # what `status --json` and `status` print
        row = status_row(None, exp, parsed, project_id="1", now=1.79e9)
        json.dumps(row_json(row), allow_nan=False)
        names = status_cells.columns_for(200)
        assert "\n" not in status_cells.line(row, names, status_cells.widths_for(names, 200))


async def test_a_lone_surrogate_in_an_answer_reads_as_a_replacement_character() -> None:
    # "\ud800" is a valid JSON escape but not text: it could be neither printed nor sent back.
    answers = [b'{"id": 1, "name": "a\\ud800b \\ud83d\\ude00"}', b'{"id": "1"}']
    sent: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(200, content=answers[len(sent) - 1])

    transport = httpx.MockTransport(answer)
    async with ConvertClient("app", "secret", transport=transport) as client:
        project = await client.get_project(PROJECT)
        assert project.name == "a\ufffdb \U0001f600"  # the emoji's pair is kept
        await client.update_project(PROJECT, project)
    assert json.loads(sent[1])["name"] == "a\ufffdb \U0001f600"


def test_a_number_kept_out_of_range_goes_back_and_to_the_cache_without_a_warning() -> None:
    """A server's 1.2e16 in a 0/1 flag is kept as it came (models: lenient reading) and sent
    back as it came; pydantic's serializer used to warn on stderr about the float in an int
    field (a CLI's output then carried a UserWarning; hypothesis found it)."""
    from convert_tui.state.cache import tree_data

    answer = {"id": 7, "name": "Shop", "data_anonymization": 1.220384716334248e16}
    project = rq.parse_one("get_project", answer, models.Project)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rq.update_body(project)["data_anonymization"] == 1.220384716334248e16
        assert rq.create_body(project)["data_anonymization"] == 1.220384716334248e16
        cached = tree_data((project,), {}, {})
    assert cached["projects"][0]["data_anonymization"] == 1.220384716334248e16
