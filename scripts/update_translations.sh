#!/usr/bin/env bash
# Refresh the translation sources from the code (Qt .ts for the window, .po for service messages),
# then compile the .ts files for the station. Usage:
#   scripts/update_translations.sh          refresh every returnstation/i18n/returnstation_<lang>.ts
#   scripts/update_translations.sh fr cs    ... and start new, empty files for French and Czech
# Run it after adding or changing a tr()/translate() text: tests/ui/test_ui_i18n.py fails until the
# committed returnstation_en.ts lists every text the code has. Translations already made are kept
# (lupdate merges; texts that were only reworded are matched to their old translation and marked
# unfinished). Commit the .ts AND the .qm files: the .qm files are what the package and the bundle ship.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="${RETURNSTATION_VENV:-$ROOT/.venv}/bin"
OUT=returnstation/i18n
mkdir -p "$OUT"

languages=(en de pl "$@")  # en: the list of texts; de, pl: the shipped languages
for ts in "$OUT"/returnstation_*.ts; do
  [ -e "$ts" ] || continue
  lang="${ts##*/returnstation_}"
  languages+=("${lang%.ts}")
done

# English is the language the texts are written in: its file is the list of every text (translators
# and the test start from it); de, pl (and any other) are files for translators to fill in Qt Linguist.
# German and Polish are shipped complete (SHIPPED_LANGUAGES in returnstation/ui/i18n.py): a test fails
# while one of their texts is unfinished, so a new or reworded text needs its two translations.
for lang in $(printf '%s\n' "${languages[@]}" | sort -u); do
  "$BIN/pyside6-lupdate" -silent -no-obsolete -locations relative \
    -source-language en -target-language "$lang" \
    returnstation/ui/*.py -ts "$OUT/returnstation_$lang.ts"
  echo "update_translations: $OUT/returnstation_$lang.ts"
done

# -nounfinished: a text nobody has translated yet shows in English rather than half-done.
for ts in "$OUT"/returnstation_*.ts; do
  "$BIN/pyside6-lrelease" -silent -nounfinished "$ts" -qm "${ts%.ts}.qm"
  echo "update_translations: ${ts%.ts}.qm"
done

# Service messages (msg()/msg_n() in the code): returnstation/i18n/messages/messages.pot and <lang>.po
# (tests/unit/test_message_catalogue.py fails when they lag behind the code). New languages given
# here get a .po file too.
"$BIN/python" scripts/extract_messages.py "$@"
