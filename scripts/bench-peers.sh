#!/usr/bin/env bash
# Side-by-side with other static site generators: converts the regulation
# Markdown of a handbook made by examples/gen_handbook.rs into an mdBook
# project and a Zola site, builds each RUNS times with whichever of `mdbook`
# and `zola` is on PATH, and prints the median wall time, the median peak
# memory (max RSS), the output size and the ratio of the median time to
# handbook's (when given). A tool that is not installed is reported and
# skipped. scripts/bench.sh calls this for every generated size.
#   bash scripts/bench-peers.sh N GEN_DIR [HANDBOOK_SECONDS]
#   RUNS=3 bash scripts/bench-peers.sh 100 target/bench/gen-100 0.25
# Only the regulations are converted (front matter stripped, the title as the
# chapter's heading, the body as it is); handbook also builds the contacts,
# procedures, training, forms, the print binder and its own search index.
# The projects are written to target/bench/{mdbook,zola}-N.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

n=${1:?usage: bench-peers.sh N GEN_DIR [HANDBOOK_SECONDS]}
gen=${2:?usage: bench-peers.sh N GEN_DIR [HANDBOOK_SECONDS]}
base=${3:-}
RUNS=${RUNS:-5}
regs=$gen/content/regulations
[ -d "$regs" ] || { echo "bench-peers.sh: no $regs" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Reads the regulations in file-name order and, for each, writes DIR/<id>.md:
# HEADER (a printf format, given the title and the position) and the body
# without the front matter; and appends ENTRY (given the title and the id)
# to INDEX.
convert() { # dir header entry index
	find "$regs" -maxdepth 1 -name '*.md' | LC_ALL=C sort >"$tmp/list"
	awk -v list="$tmp/list" -v dir="$1" -v header="$2" -v entry="$3" -v idx="$4" '
		function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return s }
		function open_chapter() { printf header, esc(title), weight > out; printf entry, title, id >> idx }
		BEGIN {
			while ((getline file < list) > 0) {
				weight++
				id = file; sub(/.*\//, "", id); sub(/\.md$/, "", id)
				out = dir "/" id ".md"; title = id; fm = 0; n = 0
				while ((getline line < file) > 0) {
					if (++n == 1 && line == "---") { fm = 1; continue }
					if (n == 1) open_chapter()
					if (fm && line == "---") { fm = 0; open_chapter(); continue }
					if (fm) {
						if (line ~ /^title:[ \t]/) { title = line; sub(/^title:[ \t]+/, "", title); sub(/[ \t]+$/, "", title) }
						continue
					}
					print line > out
				}
				close(file); close(out)
			}
		}'
}

mdbook_project() { # dir
	local d=$1 title
	rm -rf "$d" && mkdir -p "$d/src"
	title=$(sed -n 's/^title:[ \t]*//p' "$gen/handbook.yaml" | head -n 1)
	printf '[book]\ntitle = "%s"\nlanguage = "ja"\nsrc = "src"\n\n[output.html]\n' "$title" >"$d/book.toml"
	printf '# Summary\n\n' >"$d/src/SUMMARY.md"
	convert "$d/src" '# %s\n\n' '- [%s](%s.md)\n' "$d/src/SUMMARY.md"
}

zola_site() { # dir
	local d=$1 title search=${2:-true}
	rm -rf "$d" && mkdir -p "$d/content" "$d/templates"
	title=$(sed -n 's/^title:[ \t]*//p' "$gen/handbook.yaml" | head -n 1)
	printf 'base_url = "https://intranet.example.jp/handbook/"\ntitle = "%s"\ndefault_language = "ja"\ncompile_sass = false\nbuild_search_index = %s\n' \
		"$title" "$search" >"$d/config.toml"
	printf '+++\ntitle = "%s"\nsort_by = "weight"\n+++\n' "$title" >"$d/content/_index.md"
	convert "$d/content" '+++\ntitle = "%s"\nweight = %d\n+++\n\n' '' /dev/null
	cat >"$d/templates/index.html" <<'EOF'
<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ config.title }}</title></head>
<body><h1>{{ section.title }}</h1>
<ul>{% for page in section.pages %}<li><a href="{{ page.permalink | safe }}">{{ page.title }}</a></li>{% endfor %}</ul>
</body></html>
EOF
	cat >"$d/templates/section.html" <<'EOF'
<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ section.title }} | {{ config.title }}</title></head>
<body><h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for page in section.pages %}<li><a href="{{ page.permalink | safe }}">{{ page.title }}</a></li>{% endfor %}</ul>
</body></html>
EOF
	cat >"$d/templates/page.html" <<'EOF'
<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ page.title }} | {{ config.title }}</title></head>
<body><p><a href="{{ config.base_url | safe }}">{{ config.title }}</a></p>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</body></html>
EOF
}

# Runs "$@" RUNS times into $out (removed before each run) and prints the line.
measure() { # name out command...
	local name=$1 out=$2 times=() mems=() start end t mem size files ratio=""
	shift 2
	for _ in $(seq "$RUNS"); do
		rm -rf "$out"
		start=$(date +%s.%N)
		if ! /usr/bin/time -o "$out.time" -f '%M' "$@" >"$out.log" 2>&1; then
			printf '%-22s failed: %s\n' "$name" "$*"
			tail -n 5 "$out.log" | sed 's/^/    /'
			return 1
		fi
		end=$(date +%s.%N)
		times+=("$(echo "$end - $start" | bc -l)")
		mems+=("$(tail -n 1 "$out.time")")
	done
	t=$(printf '%s\n' "${times[@]}" | median)
	mem=$(printf '%s\n' "${mems[@]}" | median)
	size=$(du -sk "$out" | cut -f1)
	files=$(find "$out" -type f | wc -l)
	if [ -n "$base" ]; then
		ratio=$(printf '%6.2f× handbook' "$(echo "$t / $base" | bc -l)")
	fi
	printf '%-22s %9.3f s %9.1f MiB %9d KiB %7d files  %s\n' "$name" "$t" "$(echo "$mem/1024" | bc -l)" "$size" "$files" "$ratio"
}

if command -v mdbook >/dev/null; then
	mdbook_project "target/bench/mdbook-$n"
	measure "  mdbook $n regs" "$tmp/mdbook" mdbook build "target/bench/mdbook-$n" --dest-dir "$tmp/mdbook" || true
else
	printf '  %s\n' "mdbook: not installed"
fi

if command -v zola >/dev/null; then
	zola_site "target/bench/zola-$n" true
	name="  zola $n regs"
	# Zola's search index needs the language compiled in (indexing-ja);
	# without it the site is built with no search index.
	if ! (cd "target/bench/zola-$n" && zola build --output-dir "$tmp/zola-try" >"$tmp/zola-try.log" 2>&1); then
		zola_site "target/bench/zola-$n" false
		name="  zola $n (no search)"
	fi
	rm -rf "$tmp/zola-try"
	measure "$name" "$tmp/zola" zola --root "target/bench/zola-$n" build --output-dir "$tmp/zola" || true
else
	printf '  %s\n' "zola: not installed"
fi
