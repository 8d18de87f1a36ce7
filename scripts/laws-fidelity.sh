#!/usr/bin/env bash
# Measures the regulation parser against laws whose structure is known:
# each e-Gov XML in XML_DIR is printed as e-Gov's exported text
# (examples/egov), pasted into a handbook of its own as a regulation, built
# with target/release/handbook, and the page compared with what the XML
# states. Prints one table row per law:
#   builds | articles expected/found (missing, invented) | articles whose
#   項/号/号の細分 differ | 附則 blocks and their articles | appendices |
#   diagnostics by code | links whose target is not the one the XML implies
# A law the handbook refuses only for E030 is measured on a copy with those
# mentions broken (a word joiner after their first character); its row
# still says "no". It is a report: exit 0 whatever it finds; 2 on usage.
#   bash scripts/laws-fidelity.sh [XML_DIR] [OUT_DIR] [--verbose]
# --verbose lists every difference and wrong link on stderr.
set -euo pipefail
usage() {
	echo "usage: laws-fidelity.sh [XML_DIR] [OUT_DIR] [--verbose]" >&2
	exit 2
}
verbose=""
args=()
for a in "$@"; do
	case $a in
	-v | --verbose) verbose=--verbose ;;
	-*) usage ;;
	*) args+=("$a") ;;
	esac
done
[ ${#args[@]} -le 2 ] || usage
default_xml=../shared/corpus/laws-xml
[ -d "$default_xml" ] || default_xml=/work/shared/corpus/laws-xml
xml_dir=${args[0]:-$default_xml}
out=${args[1]:-target/fidelity}
[ -d "$xml_dir" ] || { echo "laws-fidelity.sh: no folder $xml_dir" >&2; usage; }
ls "$xml_dir"/*.xml >/dev/null 2>&1 || { echo "laws-fidelity.sh: no .xml in $xml_dir" >&2; usage; }

cargo build --release --quiet
cargo build --release --quiet --example egov
hb=$PWD/target/release/handbook
egov=$PWD/target/release/examples/egov

mkdir -p "$out"
header=--header
for xml in "$xml_dir"/*.xml; do
	name=$(basename "$xml" .xml)
	id=law-$(echo "${name%%-*}" | tr 'A-Z' 'a-z')
	dir=$out/$name
	rm -rf "$dir"
	mkdir -p "$dir/content/regulations"
	cat >"$dir/handbook.yaml" <<YAML
title: 法令（e-Gov XML との照合）
organization: 法令データ（e-Gov 法令検索）
edition: 照合版
YAML
	"$egov" text "$xml" >"$dir/$name.txt"
	date=$("$egov" expect "$xml" | sed -n 's/^  "promulgated": "\(.*\)",$/\1/p')
	[ -n "$date" ] || date=2000-01-01
	title=$(head -n 1 "$dir/$name.txt" | sed 's/"/\\"/g')
	number=$(sed -n '2s/^（\(.*\)）$/\1/p' "$dir/$name.txt" | sed 's/"/\\"/g')
	src=$dir/content/regulations/$id.md
	{
		echo '---'
		echo "title: \"$title\""
		[ -n "$number" ] && echo "number: \"$number\""
		echo "effective: $date"
		echo '---'
		# The body from line 3, the export's line marks dropped, as
		# scripts/laws-handbook.sh pastes the laws corpus.
		tail -n +3 "$dir/$name.txt" | sed 's/^:[a-z-]*://'
	} >"$src"
	set +e
	"$hb" build --root "$dir" --as-of "$date" >/dev/null 2>"$dir/build.stderr"
	code=$?
	# Refused for E030 only: break those mentions and build again, so that
	# the structure and the other links can still be measured.
	measured=$code
	cp "$dir/build.stderr" "$dir/measure.stderr"
	for _ in 1 2 3; do
		[ "$measured" -ne 0 ] || break
		grep -q '^error\[E030\]' "$dir/measure.stderr" || break
		grep '^error\[' "$dir/measure.stderr" | grep -qv '^error\[E030\]' && break
		"$egov" defuse "$src" "$dir/measure.stderr" >/dev/null
		"$hb" build --root "$dir" --as-of "$date" >/dev/null 2>"$dir/measure.stderr"
		measured=$?
	done
	set -e
	page=$dir/public/regulations/$id.html
	[ "$measured" -eq 0 ] || page=/dev/null
	"$egov" fidelity "$xml" "$page" "$dir/build.stderr" "$code" $header $verbose
	header=""
done
