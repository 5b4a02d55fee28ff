"""In-memory store with optional JSON persistence (atomic writes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from convert_tui.config.atomic import atomic_write as write_atomically
from convert_tui.sandbox import demo_data
from convert_tui.sandbox.config import SandboxConfig
from convert_tui.sandbox.responses import ApiError

FORMAT = "convert-tui-sandbox"
VERSION = 1
KINDS = ("experiences", "goals", "audiences", "hypotheses")
Record = dict[str, Any]


class SandboxDataError(ValueError):
    """The data file exists but is not sandbox data."""


class ProjectData:
    """A project's children, each kind an insertion-ordered dict id -> record."""

    def __init__(self, raw: dict[str, Any] | None = None) -> None:
        raw = raw or {}
        self.experiences: dict[str, Record] = dict(raw.get("experiences") or {})
        self.goals: dict[str, Record] = dict(raw.get("goals") or {})
        self.audiences: dict[str, Record] = dict(raw.get("audiences") or {})
        self.hypotheses: dict[str, Record] = dict(raw.get("hypotheses") or {})
        # Hidden per-experience report behaviour (never sent to clients).
        self.profiles: dict[str, Record] = dict(raw.get("profiles") or {})

    def kind(self, name: str) -> dict[str, Record]:
        table: dict[str, Record] = getattr(self, name)
        return table

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: list(self.kind(k).values()) for k in KINDS}
        out["profiles"] = self.profiles
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ProjectData:
        data = cls()
        for kind in KINDS:
            key = "goal_id" if kind == "goals" else "audience_id" if kind == "audiences" else "id"
            data.kind(kind).update({str(r[key]): r for r in raw.get(kind, [])})
        data.profiles = dict(raw.get("profiles") or {})
        return data


class Store:
    def __init__(self, cfg: SandboxConfig) -> None:
        self.cfg = cfg
        self.seed = cfg.seed
        self.today = cfg.anchor_date()
        self.path = Path(cfg.data_file) if cfg.data_file else None
        self.projects: dict[str, Record] = {}
        self._data: dict[str, ProjectData] = {}
        # Projects whose children are not generated yet: id -> (index, experience count).
        self._lazy: dict[str, tuple[int, int]] = {}
        self.next_id = demo_data.first_free_id(cfg.projects)
        if self.path is not None and self.path.exists():
            self._load(self.path)
            return
        for index in range(max(0, cfg.projects)):
            record = demo_data.make_project(self.seed, index, self.today)
            self.projects[record["id"]] = record
            count = demo_data.experiences_in(index, cfg.experiences, cfg.projects)
            self._lazy[record["id"]] = (index, count)
        if self.path is not None:
            self.save()

    # --- access ------------------------------------------------------------------------------

    def project(self, pid: str) -> Record:
        record = self.projects.get(pid)
        if record is None:
            raise ApiError(404, f"Project {pid} not found")
        return record

    def data(self, pid: str) -> ProjectData:
        self.project(pid)
        data = self._data.get(pid)
        if data is None:
            index, count = self._lazy.pop(pid, (-1, 0))
            raw = demo_data.make_children(self.seed, index, count, self.today) if index >= 0 else {}
            data = self._data[pid] = ProjectData(raw)
        return data

    def get(self, pid: str, kind: str, rid: str) -> Record:
        record = self.data(pid).kind(kind).get(rid)
        if record is None:
            label = kind[:-1] if kind != "hypotheses" else "hypothesis"
            raise ApiError(404, f"The {label} {rid} was not found in project {pid}")
        return record

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def add_project(self, record: Record) -> None:
        self.projects[record["id"]] = record
        self._data[record["id"]] = ProjectData()

    def delete_project(self, pid: str) -> None:
        self.project(pid)
        del self.projects[pid]
        self._data.pop(pid, None)
        self._lazy.pop(pid, None)

    # --- persistence ------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "seed": self.seed,
            "next_id": self.next_id,
            "projects": list(self.projects.values()),
            "data": {pid: self.data(pid).to_json() for pid in self.projects},
        }

    def save(self) -> None:
        """Write everything when persistence is on; a no-op in memory."""
        if self.path is None:
            return
        atomic_write(self.path, json.dumps(self.snapshot(), ensure_ascii=True, indent=1).encode())

    def _load(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_bytes())
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise SandboxDataError(f"{path} is not a convert-tui sandbox data file")
            self.seed = int(raw.get("seed", self.seed))
            self.next_id = int(raw["next_id"])
            self.projects = {str(p["id"]): p for p in raw["projects"]}
            self._data = {
                pid: ProjectData.from_json(raw["data"].get(pid, {})) for pid in self.projects
            }
        except SandboxDataError:
            raise
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SandboxDataError(f"cannot read sandbox data {path}: {exc}") from exc


def atomic_write(path: Path, payload: bytes) -> None:
    """Readers never see half a file: the shared crash-safe writer, after making the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, payload)
