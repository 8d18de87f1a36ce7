#!/usr/bin/env bash
# Benchmarks: builds the example handbook and generated handbooks of several
# sizes with the release binary, RUNS times each, and prints the median wall
# time, the median peak memory (max RSS) and the output size. A generated
# handbook of N regulations (about 20 articles each) also has contacts,
# a severity matrix, procedures, training records and forms scaled with N
# (see examples/gen_handbook.rs).
# For each size scripts/bench-peers.sh then builds it again interleaved
# with mdBook, Hugo and Zola (those installed; the same regulation
# Markdown), on tmpfs, and prints medians, min–max, CPU, peak memory and the
# ratio of each tool's median time to handbook's.
# With Chromium and tests/browser/node_modules (scripts/setup-test-deps.sh)
# it also times search in the browser from file:// and prints the index size
# against the text, and times `handbook serve` from saving a source to the
# open page reloaded (tests/browser/bench-serve.mjs), and the CPU `serve`
# uses while nothing changes.
#   bash scripts/bench.sh            # sizes 10 100 1000, 5 runs each
#   SIZES="10 100" RUNS=7 bash scripts/bench.sh
# When the laws corpus is there (LAWS, default ../shared/corpus/laws), it
# also builds the handbook scripts/laws-handbook.sh makes of it (every
# version of every law, a 新旧対照表 per revision) and searches it with
# tests/search/law-queries.txt.
# The contact chart (連絡体制図) is timed on its own with two hostile
# contacts.yaml: 100 contacts each reporting to every later one (4,950
# arrows) and a chain of 20,000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZES=${SIZES:-"10 100 1000"}
RUNS=${RUNS:-5}
export SOURCE_DATE_EPOCH=1767225600

cargo build --release --quiet --bin handbook --example gen_handbook
bin=$PWD/target/release/handbook
gen=$PWD/target/release/examples/gen_handbook

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

bench() { # name root [queries, or none for no search]
	local name=$1 root=$2 queries=${3:-} out times=() mems=()
	# On tmpfs where there is one, as the peers' rounds: on ext4, repeated
	# create/delete of thousands of files slows down and distorts the times.
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		out=$(mktemp -d -p /dev/shm)/site
	else
		out=$(mktemp -d)/site
	fi
	for _ in $(seq "$RUNS"); do
		local m
		local start end
		start=$(date +%s.%N)
		/usr/bin/time -o "$out.time" -f '%M' "$bin" build --root "$root" --out "$out" >/dev/null 2>&1
		end=$(date +%s.%N)
		times+=("$(echo "$end - $start" | bc -l)")
		mems+=("$(tail -n 1 "$out.time")")
	done
	local t mem size files
	t=$(printf '%s\n' "${times[@]}" | median)
	mem=$(printf '%s\n' "${mems[@]}" | median)
	size=$(du -sk "$out" | cut -f1)
	files=$(find "$out" -type f | wc -l)
	printf '%-22s %9.3f s %9.1f MiB %9d KiB %7d files\n' "$name" "$t" "$(echo "$mem/1024" | bc -l)" "$size" "$files"
	if [ "$queries" = none ]; then
		: # nothing worth searching
	elif [ -d tests/browser/node_modules/playwright-core ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
		printf '%-22s ' ""
		node tests/browser/bench-search.mjs "$out" "$RUNS" $queries
	fi
	rm -rf "$(dirname "$out")"
}

printf '%-22s %11s %13s %13s %13s\n' handbook "median time" "peak memory" "output" ""
bench example .
# handbook serve: from saving a source to the open page reloaded in Chromium.
serve_bench() { # root page source
	if [ -d tests/browser/node_modules/playwright-core ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
		printf '%-22s ' ""
		HANDBOOK_BIN=$bin node tests/browser/bench-serve.mjs "$1" "$2" "$3" "$((RUNS * 2 + 1))"
	fi
}
serve_bench . regulations/security-incident.html content/regulations/security-incident.md
# handbook serve at rest: CPU used over 10 s once the first check is done
# (utime + stime from /proc, in clock ticks), as a share of one core.
serve_idle() { # root
	local log pid ticks before after
	log=$(mktemp)
	"$bin" serve --lang en --root "$1" --port 0 >/dev/null 2>"$log" &
	pid=$!
	for _ in $(seq 600); do
		grep -q 'checked in' "$log" && break
		sleep 0.1
	done
	sleep 1
	ticks=$(getconf CLK_TCK)
	before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	sleep 10
	after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	rm -f "$log"
	printf '%-22s serve idle: %.2f %% of a core over 10 s\n' "" "$(echo "($after - $before) * 100 / $ticks / 10" | bc -l)"
}
for n in $SIZES; do
	dir=target/bench/gen-$n
	"$gen" "$n" "$dir"
	bench "generated $n regs" "$dir"
	bash scripts/bench-peers.sh "$n" "$dir"
	serve_bench "$dir" regulations/reg-0001.html content/regulations/reg-0001.md
	[ -r /proc/self/stat ] && serve_idle "$dir"
done
# A handbook of one page and a contacts.yaml: `full` N contacts each
# reporting to every later one, or a `chain` of N (one line per contact,
# since a YAML file may hold at most 250,000 nodes).
chart_handbook() { # kind n dir
	rm -rf "$3"
	mkdir -p "$3/content"
	printf 'title: 連絡体制図の計測\norganization: 計測病院\nedition: 第1版\n' >"$3/handbook.yaml"
	printf -- '---\ntitle: ホーム\n---\n[連絡体制図](page:contacts)\n' >"$3/content/index.md"
	awk -v kind="$1" -v n="$2" 'BEGIN {
		print "contacts:"
		for (i = 1; i <= n; i++)
			if (kind == "chain") printf "  - {id: c%d, name: 連絡先%d, kind: internal}\n", i, i
			else printf "  - id: c%d\n    name: 連絡先%d\n    kind: internal\n    extension: \"%d\"\n    verified: 2026-01-01\n", i, i, 1000 + i
		print "flow:"
		for (i = 1; i < n; i++)
			if (kind == "chain") printf "  - {from: c%d, to: c%d}\n", i, i + 1
			else for (j = i + 1; j <= n; j++) printf "  - from: c%d\n    to: c%d\n", i, j
	}' >"$3/content/contacts.yaml"
}
chart_handbook full 100 target/bench/chart-full-100
bench "chart full 100" target/bench/chart-full-100 none
chart_handbook chain 20000 target/bench/chart-chain-20000
bench "chart chain 20000" target/bench/chart-chain-20000 none
LAWS=${LAWS:-../shared/corpus/laws}
if [ -d "$LAWS" ]; then
	bash scripts/laws-handbook.sh "$LAWS" target/bench/laws >/dev/null
	bench "laws corpus" target/bench/laws tests/search/law-queries.txt
fi
