"""A synthetic plan of N records, shaped like the real one, for benchmarks (seeded: same N, same files).

Shape (per "system" of about 200 records, repeated to reach N): a source document, organisations,
boards that are part of them, a partnership with memberships, a plan owned by the partnership,
outcomes → objectives (serving them) → actions (contributing to objectives, with owners, horizons,
statuses and depends-on chains), metrics measuring objectives with observations.  Every record is
valid and cites its source, so `planatlas validate` reports 0 errors.

    python benchmarks/synth.py 1000 /tmp/plan1000      # writes /tmp/plan1000/graph (and copies settings)
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORDS = ("care community hospital mental health children families prevention primary urgent workforce digital "
         "estates frailty stroke cancer maternity diabetes housing carers discharge access quality safety equity "
         "outcomes population neighbourhood integrated pathway screening vaccination recovery wellbeing").split()
TIMESCALES = ("short", "medium", "long", "ongoing")
STATUSES = ("planned", "in-progress", "done", "paused")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize()


class Writer:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.count = 0

    def record(self, rtype: str, rid: str, fields: dict) -> None:
        folder = self.data / rtype
        folder.mkdir(parents=True, exist_ok=True)
        body = {"id": rid, "type": rtype, **fields}
        text = f"# yaml-language-server: $schema=../../schema/{rtype}.schema.json\n" + \
            yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{rid}.yaml").write_text(text, encoding="utf-8")
        self.count += 1


def system(w: Writer, rng: random.Random, s: int, budget: int) -> None:
    """One system's records (about `budget`, at least 40)."""
    p = f"s{s}"
    src = f"{p}-src"
    cite = [{"document": src, "section": f"Section {rng.randint(1, 9)}"}]
    w.record("source", src, {"title": f"Synthetic plan document {s}", "file": f"synthetic-{s}.txt",
                             "sources": [{"document": src, "section": "Whole document"}]})
    orgs = [f"{p}-org-{i}" for i in range(6)]
    for i, o in enumerate(orgs):
        w.record("organisation", o, {"name": f"{sentence(rng, 2)} organisation {s}-{i}",
                                     "kind": rng.choice(("nhs-trust", "foundation-trust", "county-council")),
                                     "sources": cite})
    boards = [f"{p}-board-{i}" for i in range(4)]
    for i, b in enumerate(boards):
        w.record("board", b, {"name": f"{sentence(rng, 2)} board {s}-{i}", "kind": "board",
                              "part_of": orgs[i % len(orgs)], "sources": cite})
    part = f"{p}-partnership"
    w.record("partnership", part, {"name": f"Synthetic partnership {s}", "kind": "hcp", "sources": cite})
    for i, o in enumerate(orgs):
        w.record("membership", f"{p}-member-{i}", {"title": f"Organisation {i} in partnership {s}", "member": o,
                                                   "body": part, "role": "member", "sources": cite})
    plan = f"{p}-plan"
    w.record("plan", plan, {"title": f"Synthetic joint forward plan {s}", "kind": "delivery-plan",
                            "status": "published", "partnership": part, "owners": [part], "sources": cite})
    owners = orgs + boards + [part]
    left = max(budget - (1 + len(orgs) + len(boards) + 1 + len(orgs) + 1), 30)
    n_out = max(2, left // 40)
    n_obj = max(4, left // 8)
    n_met = max(2, left // 10)
    n_act = max(10, left - n_out - n_obj - n_met)
    outcomes = [f"{p}-outcome-{i}" for i in range(n_out)]
    for i, o in enumerate(outcomes):
        w.record("outcome", o, {"title": f"{sentence(rng, 4)}", "plan": plan, "number": i + 1,
                                "statement": sentence(rng, 20) + ".", "sources": cite})
    objectives = [f"{p}-objective-{i}" for i in range(n_obj)]
    for i, o in enumerate(objectives):
        w.record("objective", o, {"title": sentence(rng, 6), "plan": plan, "number": i + 1,
                                  "serves": [outcomes[i % n_out]], "owners": [rng.choice(owners)],
                                  "sources": cite})
    actions = [f"{p}-action-{i}" for i in range(n_act)]
    for i, a in enumerate(actions):
        fields = {"title": sentence(rng, 7), "text": sentence(rng, 30) + ".", "plan": plan,
                  "contributes_to": [objectives[i % n_obj]], "number": i + 1,
                  "timescale": rng.choice(TIMESCALES), "owners": sorted({rng.choice(owners) for _ in range(2)})}
        if rng.random() < 0.3:
            fields["status"] = rng.choice(STATUSES)
        if i > 0 and rng.random() < 0.25:
            fields["depends_on"] = [actions[rng.randrange(0, i)]]   # only earlier actions: acyclic
        fields["sources"] = cite
        w.record("action", a, fields)
    for i in range(n_met):
        obs = [{"kind": "baseline", "value": round(rng.uniform(10, 90), 1), "unit": "%", "period": "2022/23"},
               {"kind": "target", "value": round(rng.uniform(10, 90), 1), "unit": "%", "period": "2025/26"}]
        w.record("metric", f"{p}-metric-{i}", {"title": sentence(rng, 5), "plan": plan,
                                               "measures": [objectives[i % n_obj]], "direction": "higher",
                                               "owners": [rng.choice(owners)], "observations": obs,
                                               "sources": cite})


def generate(n: int, out: Path, seed: int = 14) -> Path:
    """Write out/graph with about n records (never fewer); returns the graph folder."""
    graph = Path(out) / "graph"
    if graph.exists():
        shutil.rmtree(graph)
    (graph / "data").mkdir(parents=True)
    shutil.copy(REPO / "graph" / "planatlas.yaml", graph / "planatlas.yaml")
    for sub in ("schema", "shapes", "ontology", "queries"):
        if (REPO / "graph" / sub).is_dir():
            shutil.copytree(REPO / "graph" / sub, graph / sub)
    rng = random.Random(seed)
    w = Writer(graph / "data")
    per_system = 200
    s = 0
    while w.count < n:
        system(w, rng, s, min(per_system, max(n - w.count, 40)))
        s += 1
    return graph


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    graph = generate(args.records, args.out, args.seed)
    print(f"{sum(1 for _ in (graph / 'data').rglob('*.yaml'))} records in {graph}")


if __name__ == "__main__":
    main()
