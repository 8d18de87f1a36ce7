#!/usr/bin/env bash
# Fuzzes what authors write, each target fed raw bytes through the loader's
# own decoding (fuzz/fuzz_targets/<target>.rs says exactly what it drives):
#
#   front_matter  `frontmatter::split`
#   regulation    `regulation::load` and `parse_body`, then resolve, check
#                 and the regulation's page (mentions such as 第十万条 or
#                 第4294967296条, deleted ranges, 読替え tables, tags)
#   form          `form::load`
#   markup        a Markdown page through check (E032 raw HTML, E034
#                 unbalanced tags, E035 heading ids, W005) and the renderer,
#                 and the sanitisers `html::escape`, `html::strip_controls`,
#                 `diag::terminal_safe`, `decode_entities`
#   contacts      contacts.yaml through `contacts::load`, check and the
#                 連絡体制図 view (flow diagram layout and SVG)
#   flowchart     the flow diagram's layout on any graph (bytes as edges)
#   dates         handbook.yaml, training.yaml and a procedure (cut at lines
#                 `%%`) through load, check and the record views, and single
#                 values through `parse_date`, `phone::parse`,
#                 `parse_extension` and `parse_duration`
#
# Beyond "no panic", the targets assert what issue 20 asks of hostile
# input: no control character on the terminal or in HTML, no harmless tag
# left open on a page check accepted, no heading id twice, a date read
# back from its 和暦 the same day, no accepted phone number without digits.
#
#   bash scripts/fuzz.sh [SECONDS]      # default 60 seconds per target
#   TARGETS="form" bash scripts/fuzz.sh 300
#   nice -n 10 bash scripts/fuzz.sh 300 # on a shared machine
#
# Runs each target in turn for SECONDS (libFuzzer's -max_total_time) and
# exits non-zero on the first crash, panic, hang (-timeout, 10 s for one
# input) or memory blow-up (-rss_limit_mb), printing the input that caused
# it (fuzz/artifacts/<target>/…). Reproduce one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# and shrink it with
#   cargo +nightly fuzz tmin <target> fuzz/artifacts/<target>/<file>
#
# Input length (-max_len): without it libFuzzer stays near the size of its
# largest seed and grows inputs slowly, and the bugs of issue 20 needed
# long ones (a chart of a hundred contacts, a line of thousands of
# characters, a page full of references). 64 KiB for the Markdown and
# regulation targets, where one long line or page is the hostile case;
# 16 KiB for the YAML targets, which is already a chart of a few hundred
# contacts or thousands of flow edges: every stage behind them is
# near-linear, so an input that long that still hits the 10 s timeout is a
# slow path to fix, not a big input.
#
# NOT part of CI (.ci/run): it takes minutes and is for finding bugs, not
# for guarding them; every crash it found has a unit test next to its fix.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain
# (`rustup toolchain install nightly`). With stable only, the script falls
# back to RUSTC_BOOTSTRAP=1, which lets stable rustc take the nightly flags
# cargo-fuzz passes.
#
# Seeds (committed) are in fuzz/seeds/<target>/, token dictionaries in
# fuzz/<target>.dict (none for flowchart, whose input is numbers); what
# libFuzzer learns goes to fuzz/corpus/<target>/ (git-ignored, kept
# between runs).
set -euo pipefail

seconds="${1:-60}"
targets="${TARGETS:-front_matter regulation form markup contacts flowchart dates}"
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: cargo-fuzz is not installed; run \`cargo install cargo-fuzz\`" >&2
    exit 2
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
else
    echo "fuzz.sh: no nightly toolchain; using stable with RUSTC_BOOTSTRAP=1" >&2
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi

"${fuzz[@]}" build
for target in $targets; do
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    before=$(ls "fuzz/artifacts/$target")
    echo "fuzz.sh: $target for ${seconds}s"
    case "$target" in
    regulation | markup) max_len=65536 ;;
    *) max_len=16384 ;;
    esac
    dict=()
    if [ -f "fuzz/$target.dict" ]; then
        dict=(-dict="fuzz/$target.dict")
    fi
    status=0
    "${fuzz[@]}" run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$max_len" "${dict[@]}" -print_final_stats=1 ||
        status=$?
    if [ "$status" -ne 0 ]; then
        echo "fuzz.sh: $target failed (exit $status)" >&2
        for f in $(ls "fuzz/artifacts/$target"); do
            if ! grep -qxF "$f" <<<"$before"; then
                echo "fuzz.sh: artifact fuzz/artifacts/$target/$f" >&2
            fi
        done
        exit 1
    fi
done
echo "fuzz.sh: no crash in $targets (${seconds}s each)"
