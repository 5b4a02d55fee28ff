"""Shapes of the demo copy tables (plain tuples keep the tables short)."""

from __future__ import annotations

# (name, description, css selector, page path, [(variation name, inserted text, css)])
Idea = tuple[str, str, str, str, list[tuple[str, str, str]]]
# (name, goal_type, description, url fragment of the triggering rule, dom_interaction or None)
GoalDef = tuple[str, str, str, str, list[dict[str, str]] | None]
# (rule_type, match_type, value, negated)
Rule = tuple[str, str, str, bool]
# (name, audience_type, description, rules)
AudienceDef = tuple[str, str, str, list[Rule]]
# (name, objective, summary, tag names)
Hyp = tuple[str, str, str, list[str]]
