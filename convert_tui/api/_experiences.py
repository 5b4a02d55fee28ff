"""Operations on projects, experiences, variations and goals."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from convert_tui.api import _requests as rq
from convert_tui.api._core import ClientCore, Fields
from convert_tui.api._requests import IdLike
from convert_tui.api.pagination import MAX_PAGE_SIZE, paginate
from convert_tui.lazy import OnFirstUse

if TYPE_CHECKING:
    from convert_tui.api import models
else:
    models = OnFirstUse("convert_tui.api.models")  # (see _requests: loaded with the first record)


class ExperienceOperations(ClientCore):
    # --- projects -----------------------------------------------------------------------------

    async def list_projects(
        self, page: int = 1, results_per_page: int = 50
    ) -> list[models.Project]:
        body = rq.page_body("list_projects", page, results_per_page)
        return await self._many("list_projects", models.Project, body)

    async def first_projects_page(self) -> list[Any]:
        """Page 1 of the projects (as `iter_projects` asks for it) as the server sent it: JSON
        objects, not yet checked by the models, which need not even be loaded. The app shows
        them at start-up while the models load, then hands the page to `iter_projects`."""
        body = rq.page_body("list_projects", 1, MAX_PAGE_SIZE)
        data = await self._engine.call("list_projects", {}, body)
        return rq.json_array("list_projects", data, "Project")

    def iter_projects(
        self, *, page_size: int = MAX_PAGE_SIZE, first_page: Sequence[Any] | None = None
    ) -> AsyncIterator[models.Project]:
        """Every project, page by page. `first_page`: page 1 as `first_projects_page`
        returned it (checked here like any page, not asked for again)."""

        async def page(number: int, size: int) -> list[models.Project]:
            if number == 1 and first_page is not None:
                return rq.parse_list("list_projects", list(first_page), models.Project)
            return await self.list_projects(number, size)

        return paginate(
            page,
            operation="list projects",
            page_size=MAX_PAGE_SIZE if first_page is not None else page_size,
        )

    async def get_project(self, project_id: IdLike) -> models.Project:
        return await self._one("get_project", models.Project, project_id=project_id)

    async def create_project(self, project: models.Project | Fields) -> models.Project:
        record = self._record("create_project", project, models.Project)
        return await self._one("create_project", models.Project, rq.create_body(record))

    async def update_project(
        self, project_id: IdLike, changes: models.Project | Fields
    ) -> models.Project:
        record = self._record("update_project", changes, models.Project)
        return await self._one(
            "update_project", models.Project, rq.update_body(record), project_id=project_id
        )

    async def delete_project(self, project_id: IdLike) -> models.Deleted:
        return await self._one("delete_project", models.Deleted, project_id=project_id)

    # --- experiences --------------------------------------------------------------------------

    async def list_experiences(
        self,
        project_id: IdLike,
        page: int = 1,
        results_per_page: int = 50,
        *,
        experience_types: Sequence[models.ExperienceType] | None = None,
        experience_status: Sequence[models.ExperienceStatus] | None = None,
        search: str | None = None,
    ) -> list[models.Experience]:
        op = "list_experiences"
        body = rq.add_filters(
            rq.page_body(op, page, results_per_page),
            experience_types=rq.check_choices(
                op, "experience_types", experience_types, models.ExperienceType
            ),
            experience_status=rq.check_choices(
                op, "experience_status", experience_status, models.ExperienceStatus
            ),
            search=search,
        )
        return await self._many(op, models.Experience, body, project_id=project_id)

    def iter_experiences(
        self,
        project_id: IdLike,
        *,
        experience_types: Sequence[models.ExperienceType] | None = None,
        experience_status: Sequence[models.ExperienceStatus] | None = None,
        search: str | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> AsyncIterator[models.Experience]:
        return paginate(
            lambda page, size: self.list_experiences(
                project_id,
                page,
                size,
                experience_types=experience_types,
                experience_status=experience_status,
                search=search,
            ),
            operation="list experiences",
            page_size=page_size,
        )

    async def get_experience(self, project_id: IdLike, experience_id: IdLike) -> models.Experience:
        return await self._one(
            "get_experience",
            models.Experience,
            project_id=project_id,
            experience_id=experience_id,
        )

    async def create_experience(
        self, project_id: IdLike, experience: models.Experience | Fields
    ) -> models.Experience:
        # Variations are not part of a create (use add_variation); the server would ignore them.
        record = self._record("create_experience", experience, models.Experience)
        body = rq.create_body(record, exclude={"variations"})
        return await self._one("create_experience", models.Experience, body, project_id=project_id)

    async def update_experience(
        self,
        project_id: IdLike,
        experience_id: IdLike,
        changes: models.Experience | Fields,
    ) -> models.Experience:
        record = self._record("update_experience", changes, models.Experience)
        body = rq.update_body(record, exclude={"variations"})
        return await self._one(
            "update_experience",
            models.Experience,
            body,
            project_id=project_id,
            experience_id=experience_id,
        )

    async def delete_experience(self, project_id: IdLike, experience_id: IdLike) -> models.Deleted:
        return await self._one(
            "delete_experience",
            models.Deleted,
            project_id=project_id,
            experience_id=experience_id,
        )

    async def add_variation(
        self,
        project_id: IdLike,
        experience_id: IdLike,
        variation: models.Variation | Fields,
    ) -> models.Experience:
        record = self._record("add_variation", variation, models.Variation)
        return await self._one(
            "add_variation",
            models.Experience,
            rq.create_body(record),
            project_id=project_id,
            experience_id=experience_id,
        )

    async def delete_variation(
        self, project_id: IdLike, experience_id: IdLike, variation_id: IdLike
    ) -> models.Experience:
        return await self._one(
            "delete_variation",
            models.Experience,
            project_id=project_id,
            experience_id=experience_id,
            variation_id=variation_id,
        )

    # --- goals --------------------------------------------------------------------------------

    async def list_goals(
        self,
        project_id: IdLike,
        page: int = 1,
        results_per_page: int = 50,
        *,
        search: str | None = None,
    ) -> list[models.Goal]:
        op = "list_goals"
        body = rq.add_filters(rq.page_body(op, page, results_per_page), search=search)
        return await self._many(op, models.Goal, body, project_id=project_id)

    def iter_goals(
        self, project_id: IdLike, *, search: str | None = None, page_size: int = MAX_PAGE_SIZE
    ) -> AsyncIterator[models.Goal]:
        return paginate(
            lambda page, size: self.list_goals(project_id, page, size, search=search),
            operation="list goals",
            page_size=page_size,
        )

    async def get_goal(self, project_id: IdLike, goal_id: IdLike) -> models.Goal:
        return await self._one("get_goal", models.Goal, project_id=project_id, goal_id=goal_id)

    async def create_goal(self, project_id: IdLike, goal: models.Goal | Fields) -> models.Goal:
        record = self._record("create_goal", goal, models.Goal)
        return await self._one(
            "create_goal", models.Goal, rq.create_body(record), project_id=project_id
        )

    async def update_goal(
        self, project_id: IdLike, goal_id: IdLike, changes: models.Goal | Fields
    ) -> models.Goal:
        record = self._record("update_goal", changes, models.Goal)
        return await self._one(
            "update_goal",
            models.Goal,
            rq.update_body(record),
            project_id=project_id,
            goal_id=goal_id,
        )

    async def delete_goal(self, project_id: IdLike, goal_id: IdLike) -> models.Deleted:
        return await self._one(
            "delete_goal", models.Deleted, project_id=project_id, goal_id=goal_id
        )
