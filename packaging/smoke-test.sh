#!/usr/bin/env bash
# Smoke test of the packaged app-image (packaging/build-app-image.sh first):
#   1. the image's launcher prints its version (exit 0),
#   2. `check --json --config FILE` against the embedded BJCA simulator exits 0 with JSON on stdout,
#   3. the launcher loads KeyWatch's classes from the AppCDS archive (when one was built),
#   3b. the archive carries none of the classes only a repair, a window, syslog or TLS need,
#   4. the jlink runtime holds only the planned modules,
#   2b. no JNA/usb4java native library is unpacked into the temp folders at run time.
# Usage: packaging/smoke-test.sh [IMAGE_DIR]   (default target/packaging/image/keywatch)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
image="${1:-$root/target/packaging/image/keywatch}"
launcher="$image/bin/keywatch"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
sim_jar="$image/lib/app/keywatch.jar"
# shellcheck source=sim-lib.sh
. "$here/sim-lib.sh"

passed=0; failed=0
# stdout of `check --json` must be one JSON document and nothing else (no log lines, no JVM warnings).
is_json() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"
  else
    local text; text="$(tr -d '[:space:]' < "$1")"
    [[ "$text" == \{*\} || "$text" == \[*\] ]] || { echo "not a JSON object or array" >&2; return 1; }
  fi
}
ok()  { echo "PASS $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

[[ -x "$launcher" ]] || { echo "smoke-test: no launcher at $launcher: run packaging/build-app-image.sh first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'sim_stop; rm -rf "$work"' EXIT

# 1. --version
if out="$("$launcher" --version 2>"$work/version.err")" && [[ -n "$out" ]]; then
  ok "--version: $(echo "$out" | head -1)"
else
  bad "--version failed: $(cat "$work/version.err")"
fi

# 2. check --json against the simulator (a fresh BJCA folder: CheckSoftDeviceEnv passes)
if ! sim_available; then
  bad "check --json: $sim_class is not in $sim_jar"
elif ! sim_start "$work/bjca"; then
  bad "check --json: the simulator did not start"
else
  sim_config "$work/config.json" "$work/bjca"
  set +e
  "$launcher" check --json --config "$work/config.json" >"$work/check.json" 2>"$work/check.err"
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    bad "check --json exited $rc (0 = OK expected); stdout: $(head -c 600 "$work/check.json"); stderr: $(head -c 600 "$work/check.err")"
  elif ! is_json "$work/check.json" 2>"$work/json.err"; then
    bad "check --json printed no valid JSON: $(head -c 600 "$work/check.json") ($(cat "$work/json.err"))"
  else
    ok "check --json against the simulator on port $sim_port: $(head -c 200 "$work/check.json" | tr -d '\n')"
  fi
  sim_stop
fi

# 2b. nothing native unpacked at run time: JNA extracts into java.io.tmpdir or ~/.cache/JNA, usb4java
# into java.io.tmpdir/usb4java*; both pointed at empty folders for a check and a USB listing.
mkdir -p "$work/tmp" "$work/cache"
XDG_CACHE_HOME="$work/cache" JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$work/tmp" \
  "$launcher" check --json --config "$work/config.json" >/dev/null 2>&1 || true
XDG_CACHE_HOME="$work/cache" JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$work/tmp" \
  "$launcher" diagnose --out "$work/diag.zip" >/dev/null 2>"$work/diag.err" || true
extracted="$(find "$work/tmp" "$work/cache" \( -iname 'jna*' -o -iname '*jnidispatch*' -o -iname 'usb4java*' -o -iname 'libusb4java*' \) 2>/dev/null | head -5)"
if [[ -n "$extracted" ]]; then
  bad "native libraries unpacked at run time: $extracted"
elif [[ ! -f "$image/lib/app/native/libjnidispatch.so" ]] || ! ls "$image"/lib/app/native/org/usb4java/*/libusb4java.so >/dev/null 2>&1; then
  bad "lib/app/native lacks libjnidispatch.so or org/usb4java/*/libusb4java.so"
else
  ok "no JNA/usb4java library unpacked at run time (loaded from lib/app/native)"
fi

# 3. AppCDS: KeyWatch's own classes must come from the archive, not from the jar.
if [[ -f "$image/lib/app/keywatch.jsa" ]]; then
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$work/classload.txt" "$launcher" --version >/dev/null 2>"$work/cds.err" || true
  # One static archive of the JDK's and KeyWatch's classes (cds-train.sh): "shared objects file".
  if grep -Eq 'io.keywatch.cli.Main source: shared objects file( \(top\))?$' "$work/classload.txt" 2>/dev/null; then
    ok "AppCDS: $(grep -c 'shared objects file' "$work/classload.txt") classes loaded from the app archive"
  else
    bad "AppCDS archive not used for io.keywatch.cli.Main: $(grep -m1 'io.keywatch.cli.Main' "$work/classload.txt" 2>/dev/null) $(head -c 400 "$work/cds.err")"
  fi
fi

# 3b. the archive holds what the idle tray and a key's check use, not what only a repair, the doctor
# window, syslog or TLS need: the JVM maps the archive whole (~23 MB), so each class in it is resident
# in every tray, used or not. The AppCDS dump also archives the types a lambda in an archived class
# names, so a method reference to a window there brings the window and its Swing classes along.
if [[ -f "$image/lib/app/keywatch.jsa" ]]; then
  opts=()
  while IFS= read -r opt; do opts+=("$opt"); done < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/jvm-options.txt" | grep -v '^$')
  "$image/lib/runtime/bin/java" "${opts[@]}" -XX:SharedArchiveFile="$image/lib/app/keywatch.jsa" \
    -XX:+PrintSharedArchiveAndExit -cp "$image/lib/app/keywatch.jar" 2>/dev/null \
    | sed -nE 's/^ *[0-9]+: ([^ ]+) .*/\1/p' >"$work/archived.txt" || true
  unwanted="$(grep -xE 'io\.keywatch\.tray\.(RepairDialog|DoctorWindow|AssistantDialog|TrayAssistant)|io\.keywatch\.assistant\.AssistantPath|io\.keywatch\.fleet\.SyslogSink|io\.keywatch\.softkey\.(JournalledMove|Recovery)|javax\.swing\.JDialog|javax\.net\.ssl\.SSLContext' "$work/archived.txt" | tr '\n' ' ' || true)"
  if [[ ! -s "$work/archived.txt" ]]; then
    bad "AppCDS archive: -XX:+PrintSharedArchiveAndExit listed no classes"
  elif [[ -n "$unwanted" ]]; then
    bad "AppCDS archive carries classes the idle tray does not use: $unwanted"
  else
    ok "AppCDS archive: $(wc -l <"$work/archived.txt") classes, no repair/doctor window, assistant, syslog or TLS classes"
  fi
fi

# 4. the runtime's modules are those build-app-image.sh planned
if [[ -f "$image/lib/runtime/release" ]]; then
  modules="$(sed -n 's/^MODULES="\(.*\)"/\1/p' "$image/lib/runtime/release" | tr ' ' '\n' | grep -c . || true)"
  if grep -q '"java.desktop' <(sed -n 's/^MODULES=//p' "$image/lib/runtime/release" | tr ' ' '\n' | sed 's/^/"/'); then
    ok "runtime has $modules modules, java.desktop among them (tray)"
  else
    bad "runtime lacks java.desktop (the tray needs AWT)"
  fi
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
