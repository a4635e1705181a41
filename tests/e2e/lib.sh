# Shared by the end-to-end scripts: counting checks and printing the closing "N passed, N failed" line.
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
	check_name=$1
	shift
	if "$@"; then pass "$check_name"; else fail "$check_name"; fi
}
# node_checks NAME SCRIPT [ARG...]: runs a node script whose "ok - " and "not ok - " lines count here. Its
# output is shown, and kept in $node_out for a caller that reads it further; a script that stops with an
# error status and no "not ok" line (it broke) fails NAME. Needs $tmp, a folder of the caller's.
node_checks() {
	node_name=$1
	shift
	node_out="$tmp/node.out"
	node "$@" >"$node_out" 2>&1
	node_rc=$?
	cat "$node_out"
	passed=$((passed + $(grep -c '^ok - ' "$node_out")))
	failed=$((failed + $(grep -c '^not ok - ' "$node_out")))
	[ "$node_rc" -eq 0 ] || grep -q '^not ok - ' "$node_out" || fail "$node_name: runs (exit $node_rc)"
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# copy_network_site DIR: the Network's site (content, theme, translations, site.yaml) into DIR, made.
copy_network_site() {
	mkdir -p "$1"
	cp -R content themes translations site.yaml "$1/"
}

# copy_good_site DIR: tests/sites/good with the default theme into DIR, made: the base a test changes.
copy_good_site() {
	mkdir -p "$1"
	cp -R tests/sites/good/. "$1"
	cp -R themes "$1/themes"
}

# unpack_all DIR: beside each file of DIR that packs others, what it holds: NAME.gz and NAME.br
# decompressed into NAME.gz.out and NAME.br.out, each zip and e-book unzipped into NAME.d/. Prints how many
# archives and e-books it unzipped.
unpack_all() {
	find "$1" -name '*.gz' | while read -r f; do gzip -dc "$f" >"$f.out"; done
	node -e '
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const walk = d => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
	const p = path.join(d, e.name);
	if (e.isDirectory()) walk(p);
	else if (p.endsWith(".br")) fs.writeFileSync(p + ".out", zlib.brotliDecompressSync(fs.readFileSync(p)));
} };
walk(process.argv[1]);' "$1"
	unpacked=0
	for z in $(find "$1" -name '*.zip' -o -name '*.epub'); do
		unpacked=$((unpacked + 1))
		unzip -q -o "$z" -d "$z.d"
	done
	echo "$unpacked"
}
