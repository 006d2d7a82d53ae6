#!/usr/bin/env bash
# Builds the AppCDS archive for an app-image: runs its own launcher once with -XX:DumpLoadedClassList,
# then dumps one static archive of exactly those classes (JDK and KeyWatch alike). Measured with
# src/bench/run.sh: the JVM keeps a CDS archive resident as a whole, and a dynamic archive on top of
# the JDK's default one carries the ~1,300 default classes too, used or not (2.4 MB more RSS at idle).
# The class list stays in the image (lib/app/keywatch.classlist): the .deb's postinst dumps the
# archive again for /opt/keywatch from it (JDK 17 archives are bound to the jar's path). Best: the tray itself in a throw-away X session (Xvfb + trayer, via
# src/bench/x-session.sh) against the embedded simulator with a key inserted, stopped once its icon
# is shown and the key checked: the archive then holds the AWT/tray classes too, which is what a
# login start needs (measured with src/bench/run.sh). Without Xvfb/trayer/xdotool: `check --json`
# against the simulator; without the simulator in the jar: `--version`.
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
list="$(dirname "$archive")/keywatch.classlist"
rm -f "$list" "$archive"

x_session="$here/../src/bench/x-session.sh"
tray_training() {
  [[ -x "$x_session" ]] && command -v Xvfb >/dev/null && command -v trayer >/dev/null && command -v xdotool >/dev/null
}

train=(--version)
if sim_available && sim_start "$work/bjca"; then
  sim_config "$work/config.json" "$work/bjca"
  train=(check --json --config "$work/config.json")
else
  echo "    (simulator not in the jar: training with --version only)"
fi
# The jpackage launcher ignores JDK_JAVA_OPTIONS (a java-launcher feature); the JVM itself reads JAVA_TOOL_OPTIONS.
set +e
if [[ -n "$sim_pid" ]] && tray_training; then
  # Its own data folder (single instance, logs) and a key already in: the start-up check runs too.
  cat >"$work/tray.json" <<EOF
{"bjca": {"url": "ws://127.0.0.1:$sim_port/xtxapp/", "bridge": "websocket"},
 "softkeyDb": {"path": "$work/bjca/bjca_softkey.db"}, "dataDir": "$work/data"}
EOF
  sim_stop
  "$java" -cp "$sim_jar" "$sim_class" --port "$sim_port" --bjca-folder "$work/bjca" \
    --key "Train:5303201812001784" >"$work/sim.log" 2>&1 &
  sim_pid=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$sim_port") 2>/dev/null && break; sleep 0.2; done
  train=(--config "$work/tray.json" tray)
  # The tray runs until stopped; SIGTERM ends the JVM normally, which writes the archive.
  KEYWATCH_TRAIN_LIST="$list" KEYWATCH_TRAIN_LAUNCHER="$launcher" KEYWATCH_TRAIN_CONFIG="$work/tray.json" \
    "$x_session" bash -c '
      JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$KEYWATCH_TRAIN_LIST" \
        "$KEYWATCH_TRAIN_LAUNCHER" --config "$KEYWATCH_TRAIN_CONFIG" tray & pid=$!
      for _ in $(seq 1 300); do
        xdotool search --onlyvisible --name "^JavaEmbeddedFrame$" >/dev/null 2>&1 && break; sleep 0.1
      done
      sleep 4   # the start-up check and its balloon
      kill -TERM $pid; wait $pid
      exit 0' >"$work/train.out" 2>&1
  rc=$?
else
  JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$list" "$launcher" "${train[@]}" >"$work/train.out" 2>&1
  rc=$?
fi
set -e
# check's exit code says what the check found; any result is fine for training.
if [[ ! -s "$list" ]]; then
  echo "cds-train: no class list written (launcher exit $rc); output:" >&2; cat "$work/train.out" >&2
  exit 1
fi
# The same JVM options as at run time: the archive must fit them (heap size, compressed pointers).
opts=()
while IFS= read -r opt; do opts+=("$opt"); done < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/jvm-options.txt" | grep -v '^$')
if ! "$image/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive" \
    "${opts[@]}" -cp "$image/lib/app/keywatch.jar" >"$work/dump.out" 2>&1 || [[ ! -s "$archive" ]]; then
  echo "cds-train: the archive dump failed; output:" >&2; cat "$work/dump.out" >&2
  exit 1
fi
echo "    trained with: ${train[*]} (exit $rc); $(grep -vc '^#' "$list") classes in the list"
