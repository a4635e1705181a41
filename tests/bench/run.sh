#!/bin/sh
# make bench: builds synthetic sites of 200 and 2,000 resources × every language (fixed seed) and prints
# wall time, CPU time, peak memory, pages and bytes written; the same figures go to build/bench/results.json.
set -e
jisite=$(pwd)/${1:-build/jisite}
out=build/bench
mkdir -p "$out"
printf '%-10s %8s %8s %8s %10s %9s %8s\n' site wall_s cpu_s rss_mb pages out_mb us/page
echo "[" > "$out/results.json"
sep=""
for n in 200 2000; do
	site="$out/site-$n"
	python3 tests/bench/gen_site.py "$site" --resources "$n" --seed 1
	rm -rf "$site/public"
	/usr/bin/time -f '%e %U %S %M' -o "$out/time-$n" "$jisite" build -C "$site" -v 2>"$out/stages-$n"
	read -r wall user sys rss < "$out/time-$n"
	pages=$(find "$site/public" -name '*.html' | wc -l)
	bytes=$(du -sb "$site/public" | cut -f1)
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" 'BEGIN {
		printf "%-10s %8.2f %8.2f %8.0f %10d %9.1f %8.0f\n", n "x13", w, u + s, r / 1024, p, b / 1048576, w * 1e6 / p }'
	grep '^jisite:' "$out/stages-$n" | sed 's/^/    /'
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" -v sep="$sep" 'BEGIN {
		printf "%s  {\"resources\": %d, \"wall_s\": %s, \"cpu_s\": %.2f, \"peak_rss_kb\": %d, \"pages\": %d, \"bytes\": %d}\n",
			sep, n, w, u + s, r, p, b }' >> "$out/results.json"
	sep=","
done
echo "]" >> "$out/results.json"
