#!/usr/bin/env python3
"""Finds cycles in the include graph of a C source tree: python3 include_graph.py FOLDER (tests/e2e/includes.sh).

A module is a .c file and its .h, named by its path under FOLDER without the extension ("build",
"util/strbuf", "cmd/build"); x.c or x.h including "y.h" is an edge x -> y. A private header x_impl.h,
which the files of a module implemented in several .c files share (gitinfo_impl.h), belongs to module x
when x.h exists. An #include "name" is looked up beside the including file, then in FOLDER (the
compiler's -I); a name found in neither (a system header) is no edge. Prints one cycle, shortest first,
of each group of modules that include one another ("include cycle: build -> render -> contrib -> build")
and exits 1, or says there is none and exits 0.
"""
import os
import re
import sys
from collections import deque

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module(root, path):
    name = os.path.splitext(os.path.relpath(path, root))[0].replace(os.sep, "/")
    if name.endswith("_impl") and path.endswith(".h") and os.path.isfile(path[: -len("_impl.h")] + ".h"):
        return name[: -len("_impl")]
    return name


def graph(root):
    edges = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, name)
            src = module(root, path)
            edges.setdefault(src, set())
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for inc in INCLUDE.findall(text):
                for base in (folder, root):
                    target = os.path.normpath(os.path.join(base, inc))
                    if os.path.isfile(target):
                        dst = module(root, target)
                        if dst != src:
                            edges[src].add(dst)
                        break
    for targets in list(edges.values()):
        for t in targets:
            edges.setdefault(t, set())
    return edges


def components(edges):
    """Tarjan's strongly connected components, iteratively (no recursion limit to hit)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    on_stack.discard(n)
                    comp.append(n)
                    if n == node:
                        break
                out.append(sorted(comp))
    return out


def shortest_cycle(edges, comp):
    """The shortest cycle through the first module (by name) of a component, found breadth first."""
    members = set(comp)
    start = comp[0]
    prev = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(edges[node]):
            if nxt == start:
                path = [node]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if nxt in members and nxt not in prev:
                prev[nxt] = node
                queue.append(nxt)
    return [start, start]


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print("usage: include_graph.py FOLDER", file=sys.stderr)
        return 2
    edges = graph(argv[1])
    cycles = [shortest_cycle(edges, c) for c in components(edges) if len(c) > 1]
    for c in sorted(cycles):
        print("include cycle: " + " -> ".join(c))
    if not cycles:
        print("no include cycle among %d modules" % len(edges))
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
