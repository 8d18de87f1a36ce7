#!/usr/bin/env bash
# Fuzzes the parsers that read what authors write: front matter
# (`frontmatter::split`), regulations (`regulation::load`, `parse_body`) and
# forms (`form::load`), each fed raw bytes through the loader's own decoding.
#
#   bash scripts/fuzz.sh [SECONDS]      # default 60 seconds per target
#   TARGETS="form" bash scripts/fuzz.sh 300
#
# Runs each target in turn for SECONDS (libFuzzer's -max_total_time) and
# exits non-zero on the first crash, panic or hang, printing the input that
# caused it (fuzz/artifacts/<target>/…). Reproduce one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
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
# fuzz/<target>.dict; what libFuzzer learns goes to fuzz/corpus/<target>/
# (git-ignored, kept between runs).
set -euo pipefail

seconds="${1:-60}"
targets="${TARGETS:-front_matter regulation form}"
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
    status=0
    "${fuzz[@]}" run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -dict="fuzz/$target.dict" -print_final_stats=1 ||
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
