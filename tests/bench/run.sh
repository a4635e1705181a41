#!/bin/sh
# make bench: builds synthetic sites of 200 and 2,000 resources x every language (fixed seed) and prints
# wall time, CPU time, peak memory, pages and bytes written, the time of each stage, and the floor: the
# least any generator must do on the same files (read + YAML + cmark-gfm on every core, and writing the
# same bytes), with the build's ratio to it. Then the rebuilds: with nothing changed, after editing one
# resource's text, and after editing one resource's title (which its listings and term pages show), each
# as a share of the full build. These builds leave out the downloads (--no-bundles); the downloads are then
# made on their own and their time and sizes reported, for the synthetic sites and for the Network's site,
# with their time against the build's (the target: the 13 copies take less than the build);
# then one resource's text changes and a build with --previous the manifest before reports which downloads
# it made again, in how long, and the size of the English copy's update (offline updates).
# Then the 10,000 x 13 site, a full build: its time, peak memory and growth from the 2,000 site (targets:
# under 30 s and 1 GB on 2 cores, growth within 5.5x). The same figures go to build/bench/results.json.
# Last, jisite serve's editor's loop (tests/bench/serve.sh): from saving a file to the reload event, on the
# Network's site and the 2,000 site.
#
# BENCH_DIR is where the sites are generated and built: by default a folder in /dev/shm when that is a
# writable tmpfs (removed at the end unless BENCH_KEEP is set), so the figures measure the generator rather
# than the disk's inode allocation after mass deletions; otherwise build/bench.
set -e
jisite=$(pwd)/${1:-build/jisite}
floor=$(pwd)/${2:-build/bench/floor}
jobs=$(nproc)
out=build/bench
if [ -z "$BENCH_DIR" ] && [ -w /dev/shm ] && [ "$(stat -f -c %T /dev/shm)" = tmpfs ]; then
	BENCH_DIR=/dev/shm/jisite-bench-$$
	[ -n "$BENCH_KEEP" ] || trap 'rm -rf "$BENCH_DIR"' EXIT
fi
dir=${BENCH_DIR:-$out}
mkdir -p "$out" "$dir"
echo "sites in $dir ($(stat -f -c %T "$dir")), $jobs processors"
printf '%-8s %7s %7s %7s %7s %9s %8s %8s %7s\n' site wall_s cpu_s rss_mb pages out_mb floor_s ratio us/page
echo "[" > "$out/results.json"
sep=""
rebuilds=""
searches=""

# timed NAME ARGS...: runs jisite, keeping /usr/bin/time's "wall user sys rss" in $out/time-NAME
timed() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out/time-$name" "$jisite" "$@"
}

# downloads_line NAME DIR SECONDS: the sizes of the downloads in DIR
downloads_line() {
	ls -l "$2" | awk -v name="$1" -v secs="$3" '
		/site-[a-z]*\.zip$/ { s += $5; ns++ } /[^e]-[a-z]*\.zip$/ && !/site-/ { p += $5; np++ } /\.epub$/ { e += $5; ne++ }
		END { printf "%-8s %7s %5d %9.1f %9.1f %5d %9.1f %5d %9.1f", name, secs, ns, s / 1048576, (ns ? s / ns / 1048576 : 0),
			np, (np ? p / np / 1024 : 0), ne, (ne ? e / ne / 1024 : 0) }'
}
downloads=""
updates=""
copies=""

for n in 200 2000; do
	site="$dir/site-$n"
	rm -rf "$site"
	python3 tests/bench/gen_site.py "$site" --resources "$n" --seed 1
	timed "$n" build -C "$site" --no-bundles -v 2>"$out/stages-$n"
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

	# the search indexes (largest language, compressed as a host would with gzip's default level) and how
	# fast the search page answers a keystroke in Chromium with the CPU slowed down 4 times
	search_kb=$(for f in "$site"/public/*/search/search-index.js; do
		printf '%s %s\n' "$(wc -c < "$f")" "$(gzip -c "$f" | wc -c)"
	done | awk '$2 > max { max = $2; raw = $1 } END { printf "%.0f %.0f", raw / 1024, max / 1024 }')
	search_raw_kb=${search_kb% *}
	search_gz_kb=${search_kb#* }
	search_latency=$(node tests/bench/search_latency.mjs "$site/public" en)
	searches="$searches$(printf '%-8s %9s %10s  %s' "$n"x13 "$search_raw_kb" "$search_gz_kb" "${search_latency#search }")\n"

	# rebuilds, each the median of three: nothing changed; one resource's text; one resource's title
	resource="$site/content/resources/resource-00001/index.md"
	for i in 1 2 3; do
		timed "$n-noop-$i" build -C "$site" --no-bundles -v 2>"$out/stages-$n-noop"
	done
	for i in 1 2 3; do
		printf '\nA sentence added by an editor (%s).\n' "$i" >> "$resource"
		timed "$n-text-$i" build -C "$site" --no-bundles -v 2>"$out/stages-$n-text"
	done
	for i in 1 2 3; do
		sed -i "s/^title: \"\(.*\)\"$/title: \"\1 ($i)\"/" "$resource"
		timed "$n-title-$i" build -C "$site" --no-bundles -v 2>"$out/stages-$n-title"
	done
	median() { cut -d' ' -f1 "$out/time-$1-1" "$out/time-$1-2" "$out/time-$1-3" | sort -n | sed -n 2p; }
	noop=$(median "$n-noop")
	text=$(median "$n-text")
	title=$(median "$n-title")
	rendered_text=$(sed -n 's/^jisite: \([0-9]*\) of .*/\1/p' "$out/stages-$n-text")
	rendered_title=$(sed -n 's/^jisite: \([0-9]*\) of .*/\1/p' "$out/stages-$n-title")
	rebuilds="$rebuilds$(awk -v n="$n" -v w="$wall" -v a="$noop" -v b="$text" -v c="$title" \
		-v rt="$rendered_text" -v rl="$rendered_title" 'BEGIN {
		printf "%-8s %7.2f %7.3f %6.1f%% %7.3f %6.1f%% %5d %7.3f %6.1f%% %5d\\n", n "x13", w, a, 100 * a / w,
			b, 100 * b / w, rt, c, 100 * c / w, rl }')"

	# the downloads, made on top of that build
	timed "$n-bundles" build -C "$site" -v 2>"$out/stages-$n-bundles"
	bundle_s=$(sed -n 's/^jisite: bundles *\([0-9.]*\) s/\1/p' "$out/stages-$n-bundles")
	downloads="$downloads$(downloads_line "$n"x13 "$site/public/downloads" "$bundle_s")\n"
	# the target: the 13 copies (every download of the synthetic site) take less than the site's build
	copies="$copies$(awk -v n="$n" -v b="$bundle_s" -v w="$wall" 'BEGIN {
		printf "%-8s %7.2f %7.2f %6.2fx   %s\n", n "x13", b, w, b / w,
			(b < w ? "within" : "OUTSIDE") " the target: the copies take less than the build" }')\n"
	# the downloads after one resource's text changed, with --previous the manifest before: which copies
	# are made again, in how long, and the update of the English copy against the copy itself
	cp "$site/public/downloads/manifest.json" "$out/manifest-$n.json"
	printf '\nA sentence added before the next release.\n' >> "$resource"
	timed "$n-update" build -C "$site" -v --previous "$(pwd)/$out/manifest-$n.json" 2>"$out/stages-$n-update"
	made=$(sed -n 's/^jisite: \([0-9]* of [0-9]*\) downloads made/\1/p' "$out/stages-$n-update")
	bundle_s=$(sed -n 's/^jisite: bundles *\([0-9.]*\) s/\1/p' "$out/stages-$n-update")
	updates_s=$(sed -n 's/^jisite: updates *\([0-9.]*\) s/\1/p' "$out/stages-$n-update")
	copy=$(wc -c <"$site/public/downloads/site-en.zip")
	update=$(cat "$site"/public/downloads/site-en-update-*.zip 2>/dev/null | wc -c)
	nupdates=$(ls "$site/public/downloads" | grep -c -- '-update-' || true)
	updates="$updates$(awk -v n="$n" -v m="$made" -v b="$bundle_s" -v u="$updates_s" -v nu="$nupdates" -v c="$copy" \
		-v up="$update" 'BEGIN { printf "%-8s %16s %7.2f %7.2f %7d %9.1f %9.1f %6.2f%%\\n", n "x13", m, b, u, nu, c / 1024,
		up / 1024, 100 * up / c }')"

	awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" -v sep="$sep" \
		-v fr="$floor_read" -v fw="$floor_write" -v a="$noop" -v t="$text" -v c="$title" \
		-v sk="$search_raw_kb" -v sg="$search_gz_kb" -v sl="$search_latency" 'BEGIN {
		printf "%s  {\"resources\": %d, \"wall_s\": %s, \"cpu_s\": %.2f, \"peak_rss_kb\": %d, \"pages\": %d, ", sep, n, w, u + s, r, p
		printf "\"bytes\": %d, \"floor_read_render_s\": %s, \"floor_write_s\": %s, \"ratio_to_floor\": %.2f, ", b, fr, fw, w / (fr + fw)
		printf "\"rebuild_nothing_changed_s\": %s, \"rebuild_one_text_s\": %s, \"rebuild_one_title_s\": %s, ", a, t, c
		printf "\"search_index_kb\": %s, \"search_index_gzip_kb\": %s, \"search_keystroke\": \"%s\"}\n", sk, sg, sl }' \
		>> "$out/results.json"
	sep=","
done
# The 10,000 x 13 site (Hugo cannot build it in 24 GiB): a full build, its time, peak memory and growth from
# the 2,000 site. Its texts take 1.4 GB and its output 4.2 GB: built where there is room for both.
site="$dir/site-10000"
free_kb=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if [ "$free_kb" -ge 8000000 ]; then
	rm -rf "$site"
	python3 tests/bench/gen_site.py "$site" --resources 10000 --seed 1
	timed 10000 build -C "$site" --no-bundles -v 2>"$out/stages-10000"
	read -r wall10 user10 sys10 rss10 < "$out/time-10000"
	pages10=$(find "$site/public" -name '*.html' | wc -l)
	read -r wall2 rss2 <<EOF2
$(sed -n 's/.*"resources": 2000, "wall_s": \([0-9.]*\),.*"peak_rss_kb": \([0-9]*\),.*/\1 \2/p' "$out/results.json")
EOF2
	big=$(awk -v w="$wall10" -v u="$user10" -v s="$sys10" -v r="$rss10" -v p="$pages10" -v w2="$wall2" -v r2="$rss2" 'BEGIN {
		within = w < 30 && r < 1048576 && w / w2 <= 5.5
		printf "%-8s %7.2f %7.2f %7.0f %7d %7.1fx %7.1fx   %s\n", "10000x13", w, u + s, r / 1024, p, w / w2, r / r2,
			(within ? "within" : "OUTSIDE") " the targets: < 30 s, < 1 GB, growth <= 5.5x" }')
	awk -v w="$wall10" -v u="$user10" -v s="$sys10" -v r="$rss10" -v p="$pages10" -v w2="$wall2" 'BEGIN {
		printf ",  {\"resources\": 10000, \"wall_s\": %s, \"cpu_s\": %.2f, \"peak_rss_kb\": %d, \"pages\": %d, ", w, u + s, r, p
		printf "\"growth_from_2000\": %.2f}\n", w / w2 }' >> "$out/results.json"
	rm -rf "$site"
else
	big="10000x13: not built, $((free_kb / 1024)) MB free in $dir where it needs 8 GB (set BENCH_DIR)"
fi
echo "]" >> "$out/results.json"
echo
echo "the 10,000 x 13 site (full build without downloads; growth: its time and memory over the 2,000 site's)"
printf '%-8s %7s %7s %7s %7s %8s %8s\n' site wall_s cpu_s rss_mb pages growth rss_x
echo "$big" | tee "$out/big.txt"
grep '^jisite:' "$out/stages-10000" 2>/dev/null | sed 's/^/    /'
# the Network's own site
network="$dir/network"
rm -rf "$network"
mkdir -p "$network"
cp -R content themes translations site.yaml "$network/"
timed network build -C "$network" -v 2>"$out/stages-network"
bundle_s=$(sed -n 's/^jisite: bundles *\([0-9.]*\) s/\1/p' "$out/stages-network")
downloads="$downloads$(downloads_line network "$network/public/downloads" "$bundle_s")\n"

echo
echo "downloads (made on top of the build above; whole-site archives per language, then per product and language)"
printf '%-8s %7s %5s %9s %9s %5s %9s %5s %9s\n' site secs sites total_mb avg_mb zips avg_kb epubs avg_kb
printf "%b" "$downloads" | tee "$out/downloads.txt"
echo
echo "the downloads' time against the build's (the full build without them, above)"
printf '%-8s %7s %7s %7s\n' site dl_s build_s ratio
printf "%b" "$copies" | tee "$out/copies.txt"
echo
echo "offline updates (one resource's text edited, build --previous the manifest before: downloads made again,"
echo "their seconds and the updates', updates made, the English copy and its update in KB)"
printf '%-8s %16s %7s %7s %7s %9s %9s %7s\n' site downloads_made secs upd_s updates copy_kb update_kb share
printf "%b" "$updates" | tee "$out/updates.txt"
echo
echo "search (largest index of the 13 languages, KB; the English search page in Chromium, CPU slowed down 4x:"
echo "time to load its index, then keydown to results on screen over every keystroke of 4 queries)"
printf '%-8s %9s %10s  %s\n' site index_kb gzip_kb keystrokes
printf '%b' "$searches" | tee "$out/search.txt"
echo
echo "rebuilds (median of three, share of the full build; pages rendered)"
printf '%-8s %7s %15s %21s %21s\n' site full_s nothing_changed one_resource_text one_resource_title
printf '%b' "$rebuilds"
awk '/"resources": 200,/ { match($0, /"wall_s": [0-9.]+/); a = substr($0, RSTART + 10, RLENGTH - 10) }
     /"resources": 2000,/ { match($0, /"wall_s": [0-9.]+/); b = substr($0, RSTART + 10, RLENGTH - 10) }
     END { if (a > 0) printf "\ngrowth: the 2,000 site took %.1fx the 200 site\n", b / a }' "$out/results.json"

# what each kind of page of the Network's site weighs in English, as a reader downloads it: the HTML and the
# CSS and JS it loads in Chromium, each gzipped at level 9, the search index aside (at most 30 KB a page,
# tests/e2e/reader.sh)
echo
echo "page weight (the Network's site in English, KB gzipped: HTML + the CSS and JS the page loads; the mean"
echo "of each kind of page, and its heaviest page)"
node tests/browser/weight.mjs "$network/public" --site-yaml "$network/site.yaml" --lang en | tee "$out/weight.txt"

# the walk of a long history for dates, authors and translations' freshness (gitinfo): a repository of
# 5,000 commits touching 3,000 files (tests/bench/gen_repo.py), walked once, then read from the cache
gitwalk=$(pwd)/${3:-build/bench/gitwalk}
python3 tests/bench/gen_repo.py "$dir/gitrepo" --commits 5000 --files 3000 --seed 1
read -r walk_s cached_s <<EOF2
$("$gitwalk" "$dir/gitrepo")
EOF2
echo
printf 'git dates walk: 5000 commits, 3000 files: %s s (cached: %s s)\n' "$walk_s" "$cached_s" | tee "$out/gitwalk.txt"

# jisite serve: the time to the first answer, from a saved file to the reload event, and peak memory
echo
sh tests/bench/serve.sh "$jisite" "$dir"
