#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source or UI file marks strings for translation but is not
# listed in po/POTFILES.in, so no string is silently left untranslatable.
top=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$top" || exit 2
missing=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_) ?\( ?"|translatable="yes"' \
             src ui data --include='*.c' --include='*.ui' --include='*.xml.in' \
             --include='*.desktop.in' 2>/dev/null | sort); do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    missing=1
  fi
done
# And every listed file must exist.
while read -r f; do
  case $f in ''|'#'*) continue ;; esac
  [ -e "$f" ] || { echo "listed in po/POTFILES.in but missing: $f"; missing=1; }
done < po/POTFILES.in
exit $missing
