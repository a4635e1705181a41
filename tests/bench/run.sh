#!/bin/sh
# make bench: builds synthetic sites of 200 and 2,000 resources x every language (fixed seed) and prints
# wall time, CPU time, peak memory, pages and bytes written, the time of each stage, and the floor: the
# least any generator must do on the same files (read + YAML + cmark-gfm on every core, and writing the
# same bytes), with the build's ratio to it. The same figures go to build/bench/results.json.
set -e
jisite=$(pwd)/${1:-build/jisite}
floor=$(pwd)/${2:-build/bench/floor}
jobs=$(nproc)
out=build/bench
mkdir -p "$out"
printf '%-8s %7s %7s %7s %7s %9s %8s %8s %7s\n' site wall_s cpu_s rss_mb pages out_mb floor_s ratio us/page
echo "[" > "$out/results.json"
sep=""
for n in 200 2000; do
	site="$out/site-$n"
	python3 tests/bench/gen_site.py "$site" --resources "$n" --seed 1
	/usr/bin/time -f '%e %U %S %M' -o "$out/time-$n" "$jisite" build -C "$site" -v 2>"$out/stages-$n"
	read -r wall user sys rss < "$out/time-$n"
	pages=$(find "$site/public" -name '*.html' | wc -l)
	bytes=$(du -sb "$site/public" | cut -f1)
	rm -rf "$site/floor-out"
	read -r floor_read floor_write <<EOF2
$("$floor" "$site" "$pages" "$bytes" "$jobs")
EOF2
	rm -rf "$site/floor-out"
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" \
		-v fr="$floor_read" -v fw="$floor_write" 'BEGIN {
		f = fr + fw
		printf "%-8s %7.2f %7.2f %7.0f %7d %9.1f %8.2f %8.2f %7.0f\n", n "x13", w, u + s, r / 1024, p, b / 1048576,
			f, w / f, w * 1e6 / p }'
	grep '^jisite:' "$out/stages-$n" | sed 's/^/    /'
	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" -v sep="$sep" \
		-v fr="$floor_read" -v fw="$floor_write" 'BEGIN {
		printf "%s  {\"resources\": %d, \"wall_s\": %s, \"cpu_s\": %.2f, \"peak_rss_kb\": %d, \"pages\": %d, ", sep, n, w, u + s, r, p
		printf "\"bytes\": %d, \"floor_read_render_s\": %s, \"floor_write_s\": %s, \"ratio_to_floor\": %.2f}\n", b, fr, fw, w / (fr + fw) }' \
		>> "$out/results.json"
	sep=","
done
echo "]" >> "$out/results.json"
