#!/bin/sh
# Nothing lost, nothing mixed: every step that writes the output or the cache (each file written, folder
# made, link, rename and removal, counted by $JISITE_FAULT: generator/util/faults.h) is made to fail in
# turn, in a full build and in incremental ones, and builds are killed with SIGKILL at 20 steps spread
# over their run. After each: the output folder is byte for byte the tree before or a clean build of the
# new input (the tree before when the build failed), the next build gives the clean build, nothing but
# the output and its spare is left beside it, and a build after one more change gives its clean build.
# FAULTS_MOST (make test-sanitize sets it) makes a spread of at most that many steps of each kind fail.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=1801440000
export SOURCE_DATE_EPOCH
unset JISITE_FAULT
mkdir "$tmp/template"
cp -R tests/sites/good/. "$tmp/template"
cp -R themes "$tmp/template/themes"
site="$tmp/site"

edit() { # edit N: the Nth change of the input, each of another kind
	case $1 in
	1) printf '\nA sentence more.\n' >> "$site/content/about.md" ;;
	2) sed -i 's/^title: .*/title: "Renamed note"/' "$site/content/notes/first-note/index.md" ;;
	3) printf '\n/* one rule more */ body { margin: 0 }\n' >> "$site/themes/default/static/style.css" ;;
	esac
}

# state N: a fresh copy of the site, built, then changed and built again N times (N = 0: the first build
# only), then changed once more: the next build is the one under test.
state() {
	rm -rf "$site"
	cp -R "$tmp/template" "$site"
	"$JISITE" build -C "$site" --jobs 1 2>/dev/null || return 1
	i=1
	while [ "$i" -le "$1" ]; do
		edit "$i"
		"$JISITE" build -C "$site" --jobs 1 2>/dev/null || return 1
		i=$((i + 1))
	done
	edit "$i"
}

# references N: the output before the build under test, in $tmp/before, a clean build of the input it
# reads, in $tmp/after, and a clean build after the change that follows, in $tmp/after2
references() {
	rm -rf "$tmp/before" "$tmp/after" "$tmp/after2"
	state "$1" || return 1
	cp -R "$site/public" "$tmp/before"
	"$JISITE" build -C "$site" --no-cache --jobs 1 --out "$tmp/after" 2>/dev/null || return 1
	edit $(($1 + 2))
	"$JISITE" build -C "$site" --no-cache --jobs 1 --out "$tmp/after2" 2>/dev/null
}

leftovers() { # what is beside the output or in the cache folder that should not be
	ls -A "$site" | grep -v -x -e content -e themes -e translations -e site.yaml -e public -e .public.spare -e .public.lock \
		-e .jisite-cache
	ls -A "$site/.jisite-cache" | grep -e '\.tmp-'
}

# trial NAME STATE BUILD-ARGS FAULT: the build under test with JISITE_FAULT=FAULT, then the checks
trial() {
	if ! state "$2"; then
		fail "$1: the builds before it"
		return
	fi
	if (cd "$site" && JISITE_FAULT="$4" setsid "$JISITE" build $3 --jobs 1 >/dev/null 2>"$tmp/stderr") 2>/dev/null
	then
		rc=0
	else
		rc=$?
	fi
	problem=""
	if [ "$rc" -eq 0 ]; then
		diff -r "$site/public" "$tmp/after" >/dev/null || problem="it succeeded, and its output is not the clean build's"
	elif [ "$rc" -eq 1 ]; then
		diff -r "$site/public" "$tmp/before" >/dev/null || problem="it failed, and the output changed"
		grep -q 'the previous output is unchanged' "$tmp/stderr" || problem="it failed without saying the output is unchanged"
	elif [ "$rc" -eq 137 ]; then
		diff -r "$site/public" "$tmp/before" >/dev/null || diff -r "$site/public" "$tmp/after" >/dev/null ||
			problem="killed, it left an output that is neither the one before nor the new one"
	else
		problem="it exited $rc"
	fi
	if [ -z "$problem" ] && ! "$JISITE" build -C "$site" --jobs 1 2>"$tmp/stderr2"; then
		problem="the next build failed: $(cat "$tmp/stderr2")"
	fi
	if [ -z "$problem" ] && ! diff -r "$site/public" "$tmp/after" >/dev/null; then
		problem="the next build is not the clean build"
	fi
	if [ -z "$problem" ] && [ -n "$(leftovers)" ]; then
		problem="left behind: $(leftovers | tr '\n' ' ')"
	fi
	# and the spare it left serves the next change: an incremental build gives the clean build
	edit $(($2 + 2))
	if [ -z "$problem" ] && ! "$JISITE" build -C "$site" --jobs 1 2>"$tmp/stderr2"; then
		problem="the build after one more change failed: $(cat "$tmp/stderr2")"
	fi
	if [ -z "$problem" ] && ! diff -r "$site/public" "$tmp/after2" >/dev/null; then
		problem="the build after one more change is not the clean build"
	fi
	if [ -n "$problem" ]; then
		fail "$1: $problem"
		sed 's/^/    /' "$tmp/stderr"
	else
		passed=$((passed + 1))
	fi
}

# steps STATE BUILD-ARGS: the steps of each kind the build under test takes, as "KIND=N ... any=N"
steps() {
	state "$1" >/dev/null 2>&1
	(cd "$site" && JISITE_FAULT=count "$JISITE" build $2 --jobs 1 2>&1 >/dev/null) | sed -n 's/^jisite-faults: //p'
}

# spread N MAX: up to MAX numbers from 1 to N, evenly spread, the last one N
spread() {
	awk -v n="$1" -v m="$2" 'BEGIN { if (n < m) m = n; for (j = 1; j <= m; j++) print int((n * j + m - 1) / m) }' |
		uniq
}

# Each rename, removal and file written by three builds fails in turn, and a spread of the folders made
# and links: a full build over an earlier output (which then becomes the spare); an incremental build that
# makes its spare from the output (the first after the first build); one that brings its spare up to date
for case in "full, the old output made the spare:0:--no-cache" "incremental, a spare made from the output:0:" \
	"incremental, the spare brought up to date:1:"; do
	name=${case%%:*}
	rest=${case#*:}
	st=${rest%%:*}
	args=${rest#*:}
	counts=$(steps "$st" "$args")
	if ! references "$st" || [ -z "$counts" ]; then
		fail "$name: the builds before it"
		continue
	fi
	before=$passed
	for kind in rename unlink write mkdir link; do
		n=$(echo "$counts" | tr ' ' '\n' | sed -n "s/^$kind=//p")
		case $kind in mkdir|link) most=8 ;; *) most=${FAULTS_MOST:-1000} ;; esac
		for k in $(spread "$n" "$most"); do
			trial "$name, $kind $k of $n fails" "$st" "$args" "$kind:$k"
		done
	done
	echo "ok - $name ($counts): $((passed - before)) steps failed in turn, each safely"
done

# killed at 20 steps spread over the runs of a full and an incremental build
for case in "full:0:--no-cache" "incremental:1:"; do
	name=${case%%:*}
	rest=${case#*:}
	st=${rest%%:*}
	args=${rest#*:}
	n=$(steps "$st" "$args" | sed 's/.*any=//')
	references "$st"
	before=$passed
	for k in $(spread "$n" 10); do
		trial "$name, killed at step $k of $n" "$st" "$args" "kill:any:$k"
	done
	echo "ok - $name: killed at 10 of its $n steps, each safely ($((passed - before)) passed)"
done

# a worker that ends with a status and no message (as a sanitizer's halt_on_error does) fails the build
state 0
rm -rf "$tmp/before"
cp -R "$site/public" "$tmp/before"
JISITE_VERIFY_CACHE=1 JISITE_FAULT=exit:write:2 "$JISITE" build -C "$site" --jobs 2 >/dev/null 2>"$tmp/stderr"
check "a worker that stops with a status fails the build" test $? -eq 1
check "the build names it" grep -qx 'jisite: error: worker 1 of 2 stopped with status 3 and no message' "$tmp/stderr"
check "and the output is as it was" diff -r "$site/public" "$tmp/before"
check "the next build succeeds" "$JISITE" build -C "$site" --jobs 2

finish
