#!/usr/bin/env bash
# Makes a handbook from law texts exported from e-Gov 法令検索, laid out as
# ../shared/corpus/laws is: one folder per law, one file per version named
# by the day it took effect (YYYYMMDD.txt; title on line 1, law number on
# line 2). The newest version of each law becomes
# content/regulations/law-<folder>.md, every earlier one
# content/regulations/law-<folder>/<YYYY-MM-DD>.md, so the handbook has
# every version, a 新旧対照表 per revision and a search over the laws.
#   bash scripts/laws-handbook.sh ../shared/corpus/laws target/laws-handbook
set -euo pipefail
corpus=${1:?usage: laws-handbook.sh CORPUS OUT}
out=${2:?usage: laws-handbook.sh CORPUS OUT}

rm -rf "$out"
mkdir -p "$out/content/regulations"
cat >"$out/handbook.yaml" <<'YAML'
title: 法令集
organization: 法令データ（e-Gov 法令検索）
edition: 収録版
YAML

iso() { echo "$1" | sed 's/\(....\)\(..\)\(..\)/\1-\2-\3/'; }

for dir in "$corpus"/*/; do
	name=$(basename "$dir")
	id=law-$(echo "$name" | tr 'A-Z' 'a-z')
	versions=$(find "$dir" -maxdepth 1 -name '*.txt' -printf '%f\n' | sed 's/\.txt$//' | sort)
	[ -n "$versions" ] || continue
	first=$(echo "$versions" | head -n 1)
	newest=$(echo "$versions" | tail -n 1)
	for v in $versions; do
		src=$dir/$v.txt
		if [ "$v" = "$newest" ]; then
			target=$out/content/regulations/$id.md
		else
			mkdir -p "$out/content/regulations/$id"
			target=$out/content/regulations/$id/$(iso "$v").md
		fi
		title=$(head -n 1 "$src" | sed 's/"/\\"/g')
		number=$(sed -n '2s/^（\(.*\)）$/\1/p' "$src" | sed 's/"/\\"/g')
		{
			echo '---'
			echo "title: \"$title\""
			[ -n "$number" ] && echo "number: \"$number\""
			echo "effective: $(iso "$first")"
			echo 'history:'
			for h in $versions; do
				[ "$h" \> "$v" ] && break
				echo "  - date: $(iso "$h")"
				if [ "$h" = "$first" ]; then echo '    note: 収録'; else echo '    note: 改正'; fi
			done
			echo '---'
			# The body: from line 3; the export's line marks dropped.
			tail -n +3 "$src" | sed 's/^:[a-z-]*://'
		} >"$target"
	done
done
echo "made $out from $corpus"
