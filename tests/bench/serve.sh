#!/bin/sh
# The editor's loop of `jisite serve` (issue 17), on the Network's own site and on the synthetic site of
# 2,000 resources x 13 languages: the time until serve answers its first request (its first build
# included), the time from saving one resource's body to the reload event reaching a connected page
# (median and max of 10 edits; targets: 200 ms and 1 s), and serve's peak RSS (VmHWM, its worker
# processes not counted). Run alone, or by tests/bench/run.sh (make bench).
#
# usage: sh tests/bench/serve.sh [JISITE] [DIR]  (DIR: where the sites are made; a temporary folder)
set -e
jisite=$(cd "$(dirname "${1:-build/jisite}")" && pwd)/$(basename "${1:-build/jisite}")
dir=${2:-$(mktemp -d)}
[ -n "$2" ] || trap 'rm -rf "$dir"' EXIT
out=build/bench
mkdir -p "$out" "$dir"

echo "serve (start: until the first answer, first build included; reload: from saving one resource's body"
echo "to the event reaching a connected page, 10 edits; targets: median under 200 ms on the Network site,"
echo "under 1 s on the 2,000 site)"
printf '%-8s %9s %10s %8s %8s\n' site start_s median_ms max_ms rss_mb
lines=""
for name in network 2000; do
	site="$dir/serve-$name"
	rm -rf "$site"
	if [ "$name" = network ]; then
		mkdir -p "$site"
		cp -R content themes translations site.yaml "$site/"
		resource="$site/content/resources/$(ls content/resources | head -n 1)/index.md"
	else
		python3 tests/bench/gen_site.py "$site" --resources 2000 --seed 1 >/dev/null
		resource="$site/content/resources/resource-00001/index.md"
	fi
	read -r start median max rss <<EOF
$(node tests/bench/serve_latency.mjs "$jisite" "$site" "$resource" 10)
EOF
	line=$(printf '%-8s %9s %10s %8s %8s' "$([ "$name" = network ] && echo network || echo "$name"x13)" \
		"$start" "$median" "$max" "$rss")
	echo "$line"
	lines="$lines$line\n"
	rm -rf "$site"
done
printf '%b' "$lines" >"$out/serve.txt"
