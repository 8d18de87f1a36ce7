#!/usr/bin/env bash
# Hand-run check that the .docx files the import tests generate are real
# Word documents: writes the corpus (tests/common/docx.rs), converts each
# file to PDF with LibreOffice and prints the text LibreOffice laid out
# (with Word's automatic numbers), to compare by eye with what
# `handbook import` makes of the same file. Not part of the test suite,
# and never needed to use the handbook: it installs LibreOffice Writer
# (Debian) when soffice is missing.
#
# Usage: bash scripts/docx-libreoffice.sh [DIR]   (default target/docx-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/docx-corpus}
if ! command -v soffice >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer
fi
if ! command -v pdftotext >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
fi
cargo run -q --example gen_docx -- "$dir"
status=0
for f in "$dir"/*.docx; do
  pdf="${f%.docx}.pdf"
  rm -f "$pdf"
  soffice --headless --norestore --convert-to pdf --outdir "$dir" "$f" >/dev/null 2>&1 || true
  if [[ -s "$pdf" ]]; then
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "ok: $f → $pdf (${pages:-?} page(s))"
    pdftotext -layout "$pdf" - | sed 's/^/    /' | head -60
  else
    echo "FAILED: LibreOffice could not convert $f"
    status=1
  fi
done
exit $status
