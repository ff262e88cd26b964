#!/usr/bin/env python3
"""Prints the folder (namespace) dependency graph of src/ImagePipeline.Core and its cycles.

A folder is the namespace under ImagePipeline (Providers.* and Notifications.* collapse to their top folder,
Workflow.Steps stays separate). An edge A -> B means a file in A has `using ImagePipeline.B`. Nested namespaces
see their parents without a `using` (Workflow.Steps sees Workflow), so that edge is added implicitly.
Exits 1 when a cycle other than the one kept on purpose appears: Workflow <-> Workflow.Steps (the orchestration
and its step contracts are one unit; a nested namespace sees its parent). Resilience lives under Providers (its
pipelines key on provider exceptions), so it is part of Providers, not a folder in a cycle with it. The enforced
directions and the same cycle rule live in tests/ImagePipeline.Core.Tests/Architecture/FolderDependencyTests.cs."""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "src" / "ImagePipeline.Core"
SPLIT = {"Workflow.Steps"}
KEPT = [["Workflow", "Workflow.Steps"]]


def folder(ns):
    ns = ns.removeprefix("ImagePipeline").lstrip(".")
    if not ns:
        return "(root)"
    for keep in SPLIT:
        if ns == keep or ns.startswith(keep + "."):
            return keep
    return ns.split(".")[0]


edges = {}
for path in sorted(ROOT.rglob("*.cs")):
    if "/obj/" in str(path) or "/bin/" in str(path):
        continue
    text = path.read_text(encoding="utf-8-sig")
    m = re.search(r"^namespace\s+([\w.]+)\s*;", text, re.M)
    if not m:
        continue
    ns = m.group(1)
    src = folder(ns)
    deps = edges.setdefault(src, {})
    for used in re.findall(r"^using\s+(ImagePipeline[\w.]*)\s*;", text, re.M):
        dst = folder(used)
        if dst != src:
            deps.setdefault(dst, []).append(path.relative_to(ROOT).as_posix())
    parent = ns.rsplit(".", 1)[0]
    while parent.startswith("ImagePipeline.") and folder(parent) != src:
        deps.setdefault(folder(parent), []).append("(nested namespace) " + path.relative_to(ROOT).as_posix())
        parent = parent.rsplit(".", 1)[0]

print("Folder dependency graph (A -> B: files in A use B):")
for src in sorted(edges):
    print(f"  {src} -> {', '.join(sorted(edges[src])) or '-'}")

# Strongly connected components (Tarjan); every component with more than one folder is a cycle knot.
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
nodes = sorted(set(edges) | {d for v in edges.values() for d in v})


def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in sorted(edges.get(v, {})):
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in nodes:
    if v not in index:
        strong(v)

knots = [c for c in sccs if len(c) > 1]
print()
print(f"Cycles: {len(knots)} strongly connected group(s) ({sum(k in KEPT for k in knots)} kept on purpose)")
for comp in knots:
    print(f"  {{{', '.join(comp)}}}")
    for a in comp:
        for b in comp:
            if b in edges.get(a, {}):
                files = sorted(set(edges[a][b]))
                more = f" (+{len(files) - 3})" if len(files) > 3 else ""
                print(f"    {a} -> {b}: {', '.join(files[:3])}{more}")
sys.exit(1 if any(k not in KEPT for k in knots) else 0)
