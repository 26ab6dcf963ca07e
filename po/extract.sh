#!/bin/sh
# Extracts every translatable message into po/procspec.pot: strings marked
# with _() or N_(), and the message arguments of the functions that make
# diagnostics (their position differs, so some files get their own
# keywords). Run from the source folder; cmake --build build --target pot.
# usage: po/extract.sh [XGETTEXT [OUTPUT]]  (OUTPUT: po/procspec.pot)
set -eu
xgettext=${1:-xgettext}
common="--from-code=UTF-8 --language=C --no-wrap --sort-by-file --package-name=procspec
  --msgid-bugs-address=none --keyword=_ --keyword=N_ --keyword=ps_error_at:6
  --keyword=ps_diag_add:8 --keyword=finding:5 --keyword=err:4 --keyword=file_error:4
  --keyword=cli_fail:1 --keyword=cli_note:1 --keyword=cli_diag:3 --keyword=lerr:3 --keyword=perr:3 --keyword=ps_diag_fail:4
  --flag=ps_error_at:6:c-format --flag=ps_diag_add:8:c-format --flag=cli_fail:1:c-format --flag=cli_note:1:c-format --flag=cli_diag:3:c-format
  --flag=finding:5:c-format --flag=err:4:c-format --flag=file_error:4:c-format --flag=lerr:3:c-format"
out=${2:-po/procspec.pot}
# shellcheck disable=SC2086
$xgettext $common -o "$out" $(ls src/*.c src/*/*.c cli/*.c | grep -v -e src/profile/format.c -e src/templates/expr.c)
# shellcheck disable=SC2086
$xgettext $common --join-existing --keyword=fail:3 -o "$out" src/profile/format.c
# shellcheck disable=SC2086
$xgettext $common --join-existing --keyword=fail:2 -o "$out" src/templates/expr.c
# The help text of every profile key (src/profile/schema.c's table), which messages
# quote: one N_() line per key, fed to xgettext as if it were source.
keys=$(mktemp --suffix=.c)
trap 'rm -f "$keys"' EXIT
python3 po/field_help.py src/profile/schema.c > "$keys"
# shellcheck disable=SC2086
$xgettext $common --join-existing -o "$out" "$keys"
