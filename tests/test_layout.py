"""The package layout draws the pipeline: each part imports only the parts before it.

Every import of every module counts, those inside functions too, so a cycle
cannot hide behind a lazy import.
"""

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[1] / "sim"

# the pipeline, first to last; a part may import parts of its own step or earlier ones
PIPELINE = (
    ("version", "clock", "errors", "tables", "output", "blocks", "cores", "executors"),
    ("network",),
    ("scenario",),
    ("demand",),
    ("traffic",),
    ("simulate",),
    ("behaviour",),
    ("kpis",),
    ("compare",),
    ("report",),
    ("sweep",),
    ("calibrate",),
    ("runner", "tripload", "cli", "__init__"),
)
STEP = {part: step for step, parts in enumerate(PIPELINE) for part in parts}


def _part(module: str) -> str:
    """The pipeline part of a module of sim: "sim.demand.city" -> "demand"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path, root: Path) -> set[str]:
    """The modules of sim that a file imports (relative imports made absolute)."""
    package = list(path.relative_to(root.parent).parts[:-1])  # what `from .` points at
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
            found.update([module] if node.module else
                         [f"{module}.{alias.name}" for alias in node.names])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sim":
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "sim")
    return found


def _edges(root: Path = SIM) -> dict[str, set[str]]:
    """part -> the other parts its modules import."""
    edges: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        source = _part(module.removesuffix(".__init__"))
        edges.setdefault(source, set()).update(
            _part(target) for target in _imports(path, root) if _part(target) != source)
    return edges


def test_every_part_of_sim_has_its_place_in_the_pipeline():
    assert set(_edges()) - {"__init__"} <= set(STEP), "add a new part to PIPELINE"


def test_no_part_imports_a_later_part():
    upward = sorted((source, target) for source, targets in _edges().items()
                    for target in targets if STEP[target] > STEP[source])
    assert upward == []


def test_no_import_cycle_between_parts():
    edges, state, cycles = _edges(), {}, []

    def visit(part: str, trail: list[str]) -> None:
        state[part] = "open"
        for target in sorted(edges.get(part, ())):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[part] = "done"
    for part in sorted(edges):
        if part not in state:
            visit(part, [part])
    assert cycles == []


def test_the_pipeline_check_sees_an_upward_import(tmp_path):
    """The check is not vacuous: a lazy import of the report in network is found."""
    fake = tmp_path / "sim"
    (fake / "network").mkdir(parents=True)
    (fake / "network" / "__init__.py").write_text("")
    (fake / "network" / "draw.py").write_text("def f():\n    from ..report import plots\n")
    assert _edges(fake)["network"] == {"report"}
