"""Small helpers shared by tests: the one way to make a test graph (a valid base, records from dicts)."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

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


def graph_from_dicts(tmp_path: Path, records: list[dict], base: bool = True) -> Path:
    """A graph folder holding the valid base graph (unless base=False) and these records, each a dict
    with at least 'id' and 'type', written as YAML to data/<type>/<id>.yaml (the factory of the suite)."""
    target = small_graph(tmp_path) if base else tmp_path / "graph"
    (target / "data").mkdir(parents=True, exist_ok=True)
    for rec in records:
        path = target / "data" / rec["type"] / f"{rec['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"id": rec["id"], "type": rec["type"], **{k: v for k, v in rec.items() if k not in ("id", "type")}}
        path.write_text(yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def link_project(folder: Path) -> Path:
    """Make folder a planatlas project like a checkout after `make setup`: mkdocs.yml, site_src/ and
    node_modules/ linked from this repository (commands read them from the folder they run in)."""
    for name in ("mkdocs.yml", "site_src", "node_modules"):
        if not (folder / name).exists():
            (folder / name).symlink_to(REPO / name)
    return folder
