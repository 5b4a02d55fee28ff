"""Operations on hypotheses, audiences and reports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING

from convert_tui.api import _requests as rq
from convert_tui.api._core import ClientCore, Fields
from convert_tui.api._requests import IdLike
from convert_tui.api.pagination import MAX_PAGE_SIZE, paginate
from convert_tui.lazy import OnFirstUse

if TYPE_CHECKING:
    from convert_tui.api import models
else:
    models = OnFirstUse("convert_tui.api.models")  # (see _requests: loaded with the first record)


class ResearchOperations(ClientCore):
    # --- hypotheses ---------------------------------------------------------------------------

    async def list_hypotheses(
        self,
        project_id: IdLike,
        page: int = 1,
        results_per_page: int = 50,
        *,
        search: str | None = None,
        status: Sequence[models.ExperienceStatus] | None = None,
        score_min: float | None = None,
        score_max: float | None = None,
    ) -> list[models.Hypothesis]:
        """`score_min`/`score_max` are 0..5: the score divided by 2, as the contract says."""
        op = "list_hypotheses"
        body = rq.add_filters(
            rq.page_body(op, page, results_per_page),
            search=search,
            status=rq.check_choices(op, "status", status, models.ExperienceStatus),
            scoreMin=rq.check_range(op, "score_min", score_min, 0, 5),
            scoreMax=rq.check_range(op, "score_max", score_max, 0, 5),
        )
        return await self._many(op, models.Hypothesis, body, project_id=project_id)

    def iter_hypotheses(
        self,
        project_id: IdLike,
        *,
        search: str | None = None,
        status: Sequence[models.ExperienceStatus] | None = None,
        score_min: float | None = None,
        score_max: float | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> AsyncIterator[models.Hypothesis]:
        return paginate(
            lambda page, size: self.list_hypotheses(
                project_id,
                page,
                size,
                search=search,
                status=status,
                score_min=score_min,
                score_max=score_max,
            ),
            operation="list hypotheses",
            page_size=page_size,
        )

    async def get_hypothesis(self, project_id: IdLike, hypothesis_id: IdLike) -> models.Hypothesis:
        return await self._one(
            "get_hypothesis",
            models.Hypothesis,
            project_id=project_id,
            hypothesis_id=hypothesis_id,
        )

    async def create_hypothesis(
        self, project_id: IdLike, hypothesis: models.Hypothesis | Fields
    ) -> models.Hypothesis:
        record = self._record("create_hypothesis", hypothesis, models.Hypothesis)
        body = rq.create_body(rq.with_derived_score(record))
        return await self._one("create_hypothesis", models.Hypothesis, body, project_id=project_id)

    async def update_hypothesis(
        self,
        project_id: IdLike,
        hypothesis_id: IdLike,
        changes: models.Hypothesis | Fields,
    ) -> models.Hypothesis:
        record = self._record("update_hypothesis", changes, models.Hypothesis)
        body = rq.update_body(rq.with_derived_score(record))
        return await self._one(
            "update_hypothesis",
            models.Hypothesis,
            body,
            project_id=project_id,
            hypothesis_id=hypothesis_id,
        )

    async def change_hypothesis_status(
        self, project_id: IdLike, hypothesis_id: IdLike, status: models.ExperienceStatus
    ) -> models.Hypothesis:
        op = "change_hypothesis_status"
        self._engine.check_writable(op)
        rq.check_choices(op, "status", [status], models.ExperienceStatus)
        return await self._one(
            op,
            models.Hypothesis,
            {"status": status},
            project_id=project_id,
            hypothesis_id=hypothesis_id,
        )

    async def delete_hypothesis(self, project_id: IdLike, hypothesis_id: IdLike) -> models.Deleted:
        return await self._one(
            "delete_hypothesis",
            models.Deleted,
            project_id=project_id,
            hypothesis_id=hypothesis_id,
        )

    # --- audiences ----------------------------------------------------------------------------

    async def list_audiences(
        self,
        project_id: IdLike,
        page: int = 1,
        results_per_page: int = 50,
        *,
        search: str | None = None,
        is_segment: bool | None = None,
        is_used: bool | None = None,
    ) -> list[models.Audience]:
        op = "list_audiences"
        body = rq.add_filters(
            rq.page_body(op, page, results_per_page),
            search=search,
            isSegment=is_segment,
            isUsed=is_used,
        )
        return await self._many(op, models.Audience, body, project_id=project_id)

    def iter_audiences(
        self,
        project_id: IdLike,
        *,
        search: str | None = None,
        is_segment: bool | None = None,
        is_used: bool | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> AsyncIterator[models.Audience]:
        return paginate(
            lambda page, size: self.list_audiences(
                project_id, page, size, search=search, is_segment=is_segment, is_used=is_used
            ),
            operation="list audiences",
            page_size=page_size,
        )

    async def get_audience(self, project_id: IdLike, audience_id: IdLike) -> models.Audience:
        return await self._one(
            "get_audience", models.Audience, project_id=project_id, audience_id=audience_id
        )

    async def create_audience(
        self, project_id: IdLike, audience: models.Audience | Fields
    ) -> models.Audience:
        record = self._record("create_audience", audience, models.Audience)
        return await self._one(
            "create_audience", models.Audience, rq.create_body(record), project_id=project_id
        )

    async def update_audience(
        self, project_id: IdLike, audience_id: IdLike, changes: models.Audience | Fields
    ) -> models.Audience:
        record = self._record("update_audience", changes, models.Audience)
        return await self._one(
            "update_audience",
            models.Audience,
            rq.update_body(record),
            project_id=project_id,
            audience_id=audience_id,
        )

    async def delete_audience(self, project_id: IdLike, audience_id: IdLike) -> models.Deleted:
        return await self._one(
            "delete_audience", models.Deleted, project_id=project_id, audience_id=audience_id
        )

    # --- reports ------------------------------------------------------------------------------

    async def get_partial_report(
        self,
        project_id: IdLike,
        experience_id: IdLike,
        goal_id: IdLike,
        start_timestamp: int | None = None,
        end_timestamp: int | None = None,
    ) -> models.Report:
        op = "get_partial_report"
        return await self._one(
            op,
            models.Report,
            rq.time_range_body(op, start_timestamp, end_timestamp),
            project_id=project_id,
            experience_id=experience_id,
            goal_id=goal_id,
        )

    async def get_full_report(
        self,
        project_id: IdLike,
        experience_id: IdLike,
        start_timestamp: int | None = None,
        end_timestamp: int | None = None,
    ) -> models.Report:
        op = "get_full_report"
        return await self._one(
            op,
            models.Report,
            rq.time_range_body(op, start_timestamp, end_timestamp),
            project_id=project_id,
            experience_id=experience_id,
        )
