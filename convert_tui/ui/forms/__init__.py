"""Create/edit forms, one module per record kind, hosted by ui/screens/form.py."""

from __future__ import annotations

from convert_tui.ui.forms.audience import AudienceForm
from convert_tui.ui.forms.base import FormSpec
from convert_tui.ui.forms.experience import ExperienceForm
from convert_tui.ui.forms.goal import GoalForm
from convert_tui.ui.forms.hypothesis import HypothesisForm
from convert_tui.ui.forms.project import ProjectForm

FORMS: dict[str, type[FormSpec]] = {
    "project": ProjectForm,
    "experience": ExperienceForm,
    "goal": GoalForm,
    "audience": AudienceForm,
    "hypothesis": HypothesisForm,
}

__all__ = ["FORMS", "FormSpec"]
