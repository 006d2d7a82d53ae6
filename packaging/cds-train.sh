#!/usr/bin/env bash
# Builds the AppCDS archive for an app-image by running its own launcher once with
# -XX:ArchiveClassesAtExit: `check --json` against the embedded simulator when the jar has it
# (loads the classes a real check needs), else `--version`.
# Usage: packaging/cds-train.sh IMAGE_DIR LAUNCHER ARCHIVE
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$1"; launcher="$2"; archive="$3"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
sim_jar="$(ls "$image"/lib/app/keywatch.jar)"
# shellcheck source=sim-lib.sh
. "$here/sim-lib.sh"

work="$(mktemp -d)"
trap 'sim_stop; rm -rf "$work"' EXIT

train=(--version)
if sim_available && sim_start "$work/bjca"; then
  sim_config "$work/config.json" "$work/bjca"
  train=(check --json --config "$work/config.json")
else
  echo "    (simulator not in the jar: training with --version only)"
fi
# The jpackage launcher ignores JDK_JAVA_OPTIONS (a java-launcher feature); the JVM itself reads JAVA_TOOL_OPTIONS.
set +e
JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$archive" "$launcher" "${train[@]}" >"$work/train.out" 2>&1
rc=$?
set -e
# check's exit code says what the check found; any result is fine for training.
if [[ ! -s "$archive" ]]; then
  echo "cds-train: no archive written (launcher exit $rc); output:" >&2; cat "$work/train.out" >&2
  exit 1
fi
echo "    trained with: ${train[*]} (exit $rc)"
