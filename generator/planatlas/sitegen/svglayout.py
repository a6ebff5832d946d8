"""Diagrams drawn at build time as inline SVG: a layered layout with no browser library.

Why: Mermaid drawing in the reader's browser cost 964 KB (compressed) on every page and
cut labels with "…". Here networkx gives the layers (longest path over the condensed
graph, so a cycle cannot break it), a few barycentre sweeps order each layer, labels are
wrapped (never cut: a node grows instead), every node links to its record (a transparent link layer over
the drawing, because an image may not contain links), and the drawing carries
`role="img"`, `<title>`, `<desc>` and an aria-label; the same content is a list beside it. Every text is XML-escaped here; ids in the output are generated, never data.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from markupsafe import Markup, escape

from planatlas.sitegen.escaping import plain

FONT = 13            # px, label text
SMALL = 11           # px, type line and edge labels
CHAR_W = 7.0         # average px per character at FONT (system sans-serif), for sizing
LINE_H = 17
WRAP = 26            # characters per label line
NODE_W = 200
PAD = 8
GAP_Y = 14           # between nodes in a layer
GAP_X = 130          # between layers (edge labels live here)
MARGIN = 10

# Fill colours by record type (text is #1b1d26 on all of them: contrast > 12:1).
FILL = {
    "plan": "#dfe3fb", "outcome": "#fde2cf", "enabler": "#fde2cf", "objective": "#fff1c2",
    "action": "#d9f2e0", "metric": "#e5dcf5", "organisation": "#d6ecf5", "board": "#d6ecf5",
    "partnership": "#cfe6e2", "membership": "#eceff1", "programme": "#f3e0ec", "change": "#eceff1",
    "place": "#e8f0d6", "source": "#eceff1", "principle": "#fff1c2",
}


@dataclass
class Box:
    rid: str
    lines: list[str]
    kind: str
    href: str | None
    current: bool
    layer: int = 0
    x: float = 0
    y: float = 0
    w: float = NODE_W
    h: float = 0


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Label lines: words kept whole (a long word widens the node rather than being cut)."""
    return textwrap.wrap(plain(text), width=width, break_long_words=False, break_on_hyphens=False) or [""]


def layers(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Layer of every node: longest path from a source over the condensation (cycles collapsed).

    Plain Python rather than networkx: a diagram has at most a few dozen nodes, and building
    networkx graphs for each of them was a fifth of the time spent drawing diagrams."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        if a != b and a in succ and b in succ:
            succ[a].append(b)
    comp = strong_components(nodes, succ)
    preds: dict[int, set[int]] = {c: set() for c in comp.values()}
    for a, bs in succ.items():
        for b in bs:
            if comp[a] != comp[b]:
                preds[comp[b]].add(comp[a])
    depth: dict[int, int] = {}

    def depth_of(c: int) -> int:          # the condensation is acyclic; diagrams are small (no deep recursion)
        if c not in depth:
            depth[c] = max((depth_of(p) + 1 for p in preds[c]), default=0)
        return depth[c]
    return {n: depth_of(comp[n]) for n in nodes}


def strong_components(nodes: list[str], succ: dict[str, list[str]]) -> dict[str, int]:
    """{node: its strongly connected component's number} (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp[member] = components
                    if member == node:
                        break
                components += 1
    return comp


def order_layers(by_layer: dict[int, list[str]], edges: list[tuple[str, str]], sweeps: int = 4) -> None:
    """Barycentre ordering, down and up a few times: fewer crossings, deterministic."""
    nbrs: dict[str, list[str]] = {}
    for a, b in edges:
        nbrs.setdefault(a, []).append(b)
        nbrs.setdefault(b, []).append(a)
    keys = sorted(by_layer)
    for sweep in range(sweeps):
        seq = keys[1:] if sweep % 2 == 0 else list(reversed(keys[:-1]))
        for k in seq:
            ref = by_layer.get(k - 1 if sweep % 2 == 0 else k + 1, [])
            pos = {n: i for i, n in enumerate(ref)}
            current = {n: i for i, n in enumerate(by_layer[k])}

            def bary(n: str) -> tuple[float, int]:
                ps = [pos[m] for m in nbrs.get(n, []) if m in pos]
                return (sum(ps) / len(ps) if ps else current[n], current[n])
            by_layer[k] = sorted(by_layer[k], key=bary)


def layout(boxes: dict[str, Box], edges: list[tuple[str, str]], mirror: bool) -> tuple[float, float]:
    """Place the boxes in columns (one per layer); returns the drawing's width and height."""
    lay = layers(list(boxes), edges)
    by_layer: dict[int, list[str]] = {}
    for n in boxes:  # insertion order = the builder's order: stable output
        by_layer.setdefault(lay[n], []).append(n)
    order_layers(by_layer, edges)
    n_layers = max(by_layer) + 1 if by_layer else 1
    col_w = {k: max(boxes[n].w for n in ns) for k, ns in by_layer.items()}
    heights = {k: sum(boxes[n].h for n in ns) + GAP_Y * (len(ns) - 1) for k, ns in by_layer.items()}
    total_h = max(heights.values(), default=0)
    x = MARGIN
    col_x = {}
    for k in range(n_layers):
        col_x[k] = x
        x += col_w.get(k, 0) + GAP_X
    width = x - GAP_X + MARGIN
    for k, ns in by_layer.items():
        y = MARGIN + (total_h - heights[k]) / 2
        for n in ns:
            b = boxes[n]
            b.layer = k
            b.x = col_x[k] + (col_w[k] - b.w) / 2
            if mirror:
                b.x = width - b.x - b.w
            b.y = y
            y += b.h + GAP_Y
    return width, total_h + 2 * MARGIN


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def render(title: str, desc: str, nodes: list[tuple[str, str, str, str | None]],
           edges: list[tuple[str, str, str]], current: str = "", mirror: bool = False,
           edge_labels: bool = True, svg_id: str = "d", aria_label: str = "") -> Markup:
    """An inline SVG. nodes: (id, type name, label, href or None); edges: (from, to, label)."""
    boxes: dict[str, Box] = {}
    for rid, kind, label, href in nodes:
        lines = wrap(label)
        w = max(NODE_W, max(len(s) for s in lines) * CHAR_W + 2 * PAD)
        boxes[rid] = Box(rid, lines, kind, href, rid == current, w=w,
                         h=PAD * 2 + SMALL + 4 + LINE_H * len(lines))
    plain_edges = [(a, b) for a, b, _l in edges if a in boxes and b in boxes]
    width, height = layout(boxes, plain_edges, mirror)
    degree: dict[str, int] = {}
    for a, b in plain_edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    t_id, d_id = f"{svg_id}-title", f"{svg_id}-desc"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pa-svg" role="img" width="{_f(width)}" '
           f'height="{_f(height)}" viewBox="0 0 {_f(width)} {_f(height)}" aria-labelledby="{t_id} {d_id}" '
           f'aria-label="{escape(plain(aria_label or title))}">',
           f'<title id="{t_id}">{escape(plain(title))}</title><desc id="{d_id}">{escape(plain(desc))}</desc>',
           f'<defs><marker id="{svg_id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#5a5f73"/></marker></defs>',
           '<g class="pa-edges">']
    labels = []
    for a, b, label in edges:
        if a not in boxes or b not in boxes:
            continue
        A, B = boxes[a], boxes[b]
        if A.layer == B.layer:   # same column (rare): loop out to the side
            x1, y1, x2, y2 = A.x + A.w, A.y + A.h / 2, B.x + B.w, B.y + B.h / 2
            c1 = c2 = max(x1, x2) + 40
        else:                    # from the side of A that faces B, to the side of B that faces A
            x1 = A.x + A.w if B.x > A.x else A.x
            x2 = B.x if B.x > A.x else B.x + B.w
            y1, y2 = A.y + A.h / 2, B.y + B.h / 2
            c1 = c2 = x1 + (x2 - x1) / 2
        out.append(f'<path d="M{_f(x1)},{_f(y1)} C{_f(c1)},{_f(y1)} {_f(c2)},{_f(y2)} {_f(x2)},{_f(y2)}" '
                   f'fill="none" stroke="#5a5f73" stroke-width="1.2" marker-end="url(#{svg_id}-arrow)"/>')
        if edge_labels and label:   # beside the end with fewer links, where fans spread out
            at_end = degree.get(a, 0) >= degree.get(b, 0)
            right = x2 > x1
            if at_end:
                lx, ly, anchor = x2 + (-6 if right else 6), y2 - 5, "end" if right else "start"
            else:
                lx, ly, anchor = x1 + (6 if right else -6), y1 - 5, "start" if right else "end"
            labels.append(f'<text x="{_f(lx)}" y="{_f(ly)}" text-anchor="{anchor}" font-size="{SMALL}" '
                          f'class="pa-edge-label">{escape(plain(label))}</text>')
    out.append("</g>")
    out.extend(labels)
    for b in boxes.values():
        body = [f'<rect x="{_f(b.x)}" y="{_f(b.y)}" width="{_f(b.w)}" height="{_f(b.h)}" rx="5" '
                f'fill="{FILL.get(b.kind, "#eceff1")}" stroke="{"#1a237e" if b.current else "#7b8094"}" '
                f'stroke-width="{"3" if b.current else "1"}"/>',
                f'<text x="{_f(b.x + PAD)}" y="{_f(b.y + PAD + SMALL - 1)}" font-size="{SMALL}" '
                f'class="pa-node-type">{escape(b.kind.capitalize())}</text>']
        for i, line in enumerate(b.lines):
            y = b.y + PAD + SMALL + 4 + LINE_H * (i + 1) - 4
            weight = ' font-weight="700"' if b.current else ""
            body.append(f'<text x="{_f(b.x + PAD)}" y="{_f(y)}" font-size="{FONT}"{weight}>{escape(line)}</text>')
        out.append(f"<g>{''.join(body)}</g>")
    out.append("</svg>")
    # Links: a transparent layer over the drawing, for the mouse. The drawing itself is one image
    # (role="img" may hold no links); keyboard and screen-reader users get the list beside it.
    links = [f'<a href="{escape(b.href)}" tabindex="-1"><title>{escape(" ".join(b.lines))}</title>'
             f'<rect x="{_f(b.x)}" y="{_f(b.y)}" width="{_f(b.w)}" height="{_f(b.h)}" fill="transparent"/></a>'
             for b in boxes.values() if b.href and not b.current]
    if links:
        out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="pa-svg-links" aria-hidden="true" '
                   f'focusable="false" viewBox="0 0 {_f(width)} {_f(height)}">{"".join(links)}</svg>')
    return Markup("".join(out))
