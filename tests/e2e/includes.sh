#!/bin/sh
# The include graph of generator/ (util/ and cmd/ with it) has no cycle: a stage's module never reaches
# back, through what it includes, into one that includes it (tests/e2e/include_graph.py, where a .c and
# its .h are one module). The checker is first shown to find cycles on small trees written here, so that a
# pass means something: through .c and .h files, through names found beside the includer or at the top,
# and not through a header of the same name in another folder.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

graph() { # graph FOLDER: the checker's output in $tmp/out, its status in $rc
	if python3 tests/e2e/include_graph.py "$1" >"$tmp/out" 2>&1; then rc=0; else rc=$?; fi
}
says() { # says TEXT: the checker's output is exactly TEXT
	test "$(cat "$tmp/out")" = "$1"
}
tree() { # tree FOLDER FILE:INCLUDE... : writes each FILE with an #include "INCLUDE" line (none when empty)
	root=$1
	shift
	for spec in "$@"; do
		file=${spec%%:*}
		mkdir -p "$(dirname "$root/$file")"
		touch "$root/$file"
		[ -z "${spec#*:}" ] || printf '#include "%s"\n' "${spec#*:}" >>"$root/$file"
	done
}

# a cycle of three modules through .c and .h files, with system headers and a module's own header around
tree "$tmp/three" a.c:a.h a.c:b.h a.h: b.h:c.h b.c: c.c:a.h c.h:
printf '#include <stdio.h>\n#include "missing.h"\n' >>"$tmp/three/a.c"
graph "$tmp/three"
check "self-check: a cycle through .c and .h files fails" test "$rc" -eq 1
check "self-check: and is named" says "include cycle: a -> b -> c -> a"

# a name is found beside the includer first, then at the top: cmd/run.c's "build.h" is the top's
tree "$tmp/folders" cmd/run.c:build.h cmd/run.h: build.c:cmd/run.h build.h:
graph "$tmp/folders"
check "self-check: a cycle between folders fails" test "$rc" -eq 1
check "self-check: and is named with the folders" says "include cycle: build -> cmd/run -> build"

# ... and a header beside the includer hides the top's of the same name: no cycle
tree "$tmp/beside" cmd/run.c:util.h cmd/util.h: util.h:cmd/run.h cmd/run.h:
graph "$tmp/beside"
check "self-check: a header beside the includer is the one included" test "$rc" -eq 0

# two cycles apart: each is named, the shortest way round; a private x_impl.h is part of module x
tree "$tmp/two" a.h:b.h b.h:a.h c.c:d.h c.h: d.c:e.h d.h: e.c:c.h e.c:d.h e.h: g.c:g_impl.h g_impl.h:g.h g.h:
graph "$tmp/two"
check "self-check: every group of modules in a cycle is named; x_impl.h is in module x" \
	says "$(printf 'include cycle: a -> b -> a\ninclude cycle: c -> d -> e -> c')"

# the real thing
graph generator
check "generator/ has no include cycle" test "$rc" -eq 0
[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/out"
check "generator/cmd/ is in the graph" python3 - <<'PY'
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, "tests/e2e")
import include_graph
edges = include_graph.graph("generator")
sys.exit(0 if "build" in edges.get("cmd/build", ()) and "cmd/cmd" in edges.get("main", ()) else 1)
PY
finish
