"""Check narration files against the scenes that speak them, before any render.

Scenes are read with :mod:`ast`, not imported, so the check needs neither
manim nor a voice and runs in well under a second. It reads these conventions:

- ``scenes/<video>.py`` speaks ``narration/<video>.md``.
- An act class sets ``act_id = "..."``.
- A cue is spoken with ``with self.cue("id") as tracker:``.
- Inside that block, ``self.wait_until_bookmark("mark")``,
  ``self.play_to("mark", ...)``, ``tracker.time_until("mark")`` and
  ``tracker.span("a", "b")`` wait for marks.
- A module-level ``ACTS = (...)`` tuple lists the acts in playing order.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from padim_studio.narration.script import Problem, Script, parse_script

_MARK_METHODS = {"wait_until_bookmark": 1, "time_until": 1, "time_until_bookmark": 1, "span": 2, "play_to": 1}


@dataclass
class SceneUse:
    """The cues, marks and act order that one scene file uses."""

    path: Path
    act_of_class: dict[str, str] = field(default_factory=dict)
    # (cue id, act id or None, line)
    cues: list[tuple[str, str | None, int]] = field(default_factory=list)
    # (cue id, mark, line)
    marks: list[tuple[str, str, int]] = field(default_factory=list)
    # (act ids in ACTS order, line)
    act_order: tuple[list[str], int] | None = None


def _string_args(call: ast.Call, count: int) -> list[str]:
    values = []
    for argument in call.args[:count]:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            values.append(argument.value)
    return values


def _cue_of_with(node: ast.With) -> tuple[str, str | None, int] | None:
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "cue":
            names = _string_args(call, 1)
            if names:
                tracker = item.optional_vars.id if isinstance(item.optional_vars, ast.Name) else None
                return names[0], tracker, call.lineno
    return None


class _SceneVisitor(ast.NodeVisitor):
    def __init__(self, use: SceneUse) -> None:
        self.use = use
        self.act_id: str | None = None
        self.open_cue: str | None = None

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        outer = self.act_id
        self.act_id = None
        for statement in node.body:
            if (
                isinstance(statement, ast.Assign)
                and any(isinstance(target, ast.Name) and target.id == "act_id" for target in statement.targets)
                and isinstance(statement.value, ast.Constant)
            ):
                self.act_id = statement.value.value
                self.use.act_of_class[node.name] = statement.value.value
        self.generic_visit(node)
        self.act_id = outer

    def visit_With(self, node: ast.With) -> None:
        found = _cue_of_with(node)
        if found is None:
            self.generic_visit(node)
            return
        cue_id, _, line = found
        self.use.cues.append((cue_id, self.act_id, line))
        outer, self.open_cue = self.open_cue, cue_id
        for statement in node.body:
            self.visit(statement)
        self.open_cue = outer

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr in _MARK_METHODS and self.open_cue:
            for mark in _string_args(node, _MARK_METHODS[node.func.attr]):
                self.use.marks.append((self.open_cue, mark, node.lineno))
        self.generic_visit(node)


def read_scene_file(path: Path) -> SceneUse:
    """Collect the cues, marks and act order a scene file uses."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    use = SceneUse(path=Path(path))
    _SceneVisitor(use).visit(tree)
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "ACTS" for target in statement.targets)
            and isinstance(statement.value, (ast.Tuple, ast.List))
        ):
            names = [element.id for element in statement.value.elts if isinstance(element, ast.Name)]
            use.act_order = ([use.act_of_class.get(name, name) for name in names], statement.lineno)
    return use


def check_video(narration_path: Path, scene_path: Path) -> list[Problem]:
    """Return every problem between one narration file and its scene file."""
    script: Script = parse_script(narration_path)
    problems = list(script.problems)
    if not scene_path.is_file():
        return problems + [Problem(narration_path, 1, None, f"no scene file {scene_path} speaks this narration")]
    use = read_scene_file(scene_path)
    cues = {cue.id: cue for cue in script.all_cues()}

    for cue_id, act_id, line in use.cues:
        cue = cues.get(cue_id)
        if cue is None:
            problems.append(Problem(scene_path, line, cue_id, f"cue {cue_id!r} is used here but missing from {narration_path}"))
        elif act_id is not None and cue.act_id != act_id:
            problems.append(
                Problem(scene_path, line, cue_id, f"cue {cue_id!r} belongs to act {cue.act_id!r} in {narration_path}, not {act_id!r}")
            )
    used = {cue_id for cue_id, _, _ in use.cues}
    for cue in script.all_cues():
        if cue.id not in used:
            problems.append(Problem(narration_path, cue.line, cue.id, f"cue {cue.id!r} is not used by any scene in {scene_path}"))

    for cue_id, mark, line in use.marks:
        cue = cues.get(cue_id)
        if cue is not None and mark not in cue.marks:
            known = ", ".join(sorted(cue.marks)) or "none"
            problems.append(
                Problem(scene_path, line, cue_id, f"bookmark {mark!r} is waited for but cue {cue_id!r} has no such mark (its marks: {known})")
            )

    narration_acts = [act.id for act in script.acts]
    if use.act_order is not None:
        order, line = use.act_order
        if order != narration_acts:
            problems.append(
                Problem(scene_path, line, None, f"ACTS order {order} differs from the acts of {narration_path}: {narration_acts}")
            )
    scene_acts = set(use.act_of_class.values())
    for act in script.acts:
        if act.id not in scene_acts:
            problems.append(Problem(narration_path, act.line, None, f"act {act.id!r} has no scene class with act_id = {act.id!r}"))
    return problems


def check_all(narration_dir: Path, scenes_dir: Path) -> list[Problem]:
    """Check every ``narration/*.md`` against ``scenes/<same stem>.py``."""
    problems: list[Problem] = []
    for narration_path in sorted(Path(narration_dir).glob("*.md")):
        problems.extend(check_video(narration_path, Path(scenes_dir) / f"{narration_path.stem}.py"))
    return problems
