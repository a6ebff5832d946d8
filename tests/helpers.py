"""Small helpers shared by tests: a tiny valid graph to copy and break."""
from __future__ import annotations

import shutil
from pathlib import Path

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parents[1]


def small_graph(tmp_path: Path) -> Path:
    """A copy of the valid base graph the case folders are built on (case 02 minus its bad record)."""
    target = tmp_path / "graph"
    shutil.copytree(CASES / "02-duplicate-key" / "graph", target)
    (target / "data" / "action" / "test-action-2.yaml").unlink()
    return target


def write_record(graph: Path, rtype: str, rid: str, body: str) -> Path:
    path = graph / "data" / rtype / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"id: {rid}\ntype: {rtype}\n{body}", encoding="utf-8")
    return path


def records_where(rs, rtype: str, **where) -> list:
    """Records of a type whose fields equal the given values (or, for list fields, contain them)."""
    def matches(value, wanted) -> bool:
        return value == wanted or (isinstance(value, list) and not isinstance(wanted, list) and wanted in value)
    return [r for r in rs.of_type(rtype) if all(matches(r.data.get(k), v) for k, v in where.items())]
