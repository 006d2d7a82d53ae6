#!/usr/bin/env bash
# Builds KeyWatch's Linux packages from target/keywatch.jar (run `./mvnw -B package` first):
#   1. the smallest JDK module set (jdeps + packaging/extra-modules.txt), checked by running it,
#   2. a jlink runtime (stripped, compressed, en/zh locales only),
#   3. a jpackage app-image  -> target/packaging/image/keywatch/bin/keywatch,
#   4. bin/keywatch replaced by a shell launcher (packaging/linux/launcher.sh): jpackage's JDK 17
#      launcher asks rpm and dpkg about itself at every start,
#   5. a static AppCDS archive dumped from the class list of a training run (the tray against the
#      embedded simulator in a throw-away X session, else `check --json` or --version),
#   6. a .deb                -> target/packaging/keywatch_<version>_<arch>.deb (needs fakeroot, dpkg-deb);
#      its postinst dumps the CDS archive again for /opt/keywatch (packaging/linux/postinst).
# Usage: packaging/build-app-image.sh [--no-deb] [--no-cds]
# Env: JAVA_HOME (JDK 17+ with jlink/jpackage; default: the one on PATH), KEYWATCH_JAR, OUT_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${KEYWATCH_JAR:-$root/target/keywatch.jar}"
out="${OUT_DIR:-$root/target/packaging}"
name=keywatch
main_class=io.keywatch.cli.Main
want_deb=1
want_cds=1
for arg in "$@"; do
  case "$arg" in
    --no-deb) want_deb=0 ;;
    --no-cds) want_cds=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build-app-image: unknown option '$arg' (accepted: --no-deb, --no-cds)" >&2; exit 2 ;;
  esac
done

fail() { echo "build-app-image: $*" >&2; exit 1; }
step() { echo "==> $*"; }

tool() {
  local t="$1"
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/$t" ]]; then echo "$JAVA_HOME/bin/$t"; return; fi
  command -v "$t" || fail "'$t' not found: install a full JDK 17+ (e.g. apt-get install openjdk-17-jdk) or set JAVA_HOME"
}
java="$(tool java)"; jdeps="$(tool jdeps)"; jlink="$(tool jlink)"; jpackage="$(tool jpackage)"
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${feature%%.*}" -ge 17 ]] 2>/dev/null || fail "JDK 17 or newer needed, found '$feature' at $java"
[[ -f "$jar" ]] || fail "$jar not found: run ./mvnw -B package first (or set KEYWATCH_JAR)"

jartool="$(tool jar)"
mf_dir="$(mktemp -d)"
(cd "$mf_dir" && "$jartool" xf "$jar" META-INF/MANIFEST.MF)
version="$(sed -n 's/^Implementation-Version: *//p' "$mf_dir/META-INF/MANIFEST.MF" 2>/dev/null | tr -d '\r')"
rm -rf "$mf_dir"
version="${version:-0.0.0}"
# jpackage wants 1-3 numeric components; drop qualifiers like -SNAPSHOT.
pkg_version="$(echo "$version" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')"

read_list() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$' || true; }

case "$(cd "$(dirname "$out")" 2>/dev/null && pwd)/$(basename "$out")" in
  /|/*/..|"$HOME"|"$root"|"$root/") fail "OUT_DIR=$out would wipe more than a build folder" ;;
esac
rm -rf "$out"
mkdir -p "$out/input"
cp "$jar" "$out/input/keywatch.jar"

# Native libraries live in lib/app/native, not in the jar: JNA and usb4java would unpack them into
# the temp folder at every start (noexec /tmp, AppLocker-like policies). The launcher points JNA at
# lib/app/native (jna.boot.library.path, jna.nosys, jna.noclasspath) and puts the folder on the class
# path after the jar, where usb4java's loader finds libusb4java.so as a plain file and loads it in place.
case "$(uname -m)" in
  x86_64|amd64) native_arch=linux-x86-64 ;;
  aarch64|arm64) native_arch=linux-aarch64 ;;
  *) fail "no bundled JNA/usb4java libraries for $(uname -m)" ;;
esac
command -v zip >/dev/null || fail "'zip' not found (it removes the native libraries from the packaged jar): apt-get install zip"
mkdir -p "$out/native/org/usb4java/$native_arch"
unzip -q -o -j "$jar" "com/sun/jna/$native_arch/libjnidispatch.so" -d "$out/native" \
  || fail "com/sun/jna/$native_arch/libjnidispatch.so not in $jar"
unzip -q -o -j "$jar" "org/usb4java/$native_arch/libusb4java.so" -d "$out/native/org/usb4java/$native_arch" \
  || fail "org/usb4java/$native_arch/libusb4java.so not in $jar"
zip -q -d "$out/input/keywatch.jar" 'com/sun/jna/*/*jnidispatch*' 'org/usb4java/*/libusb4java*' >/dev/null \
  || fail "could not remove the native libraries from the packaged jar"

step "module set (jdeps)"
detected="$("$jdeps" --multi-release "$feature" --ignore-missing-deps --print-module-deps "$jar" | tail -1)"
[[ -n "$detected" ]] || fail "jdeps printed no modules for $jar"
extra="$(read_list "$here/extra-modules.txt" | paste -sd, -)"
modules="$(echo "$detected,$extra" | tr ',' '\n' | grep -v '^$' | sort -u | paste -sd, -)"
echo "    jdeps: $detected"
echo "    extra: $extra"
echo "$modules" > "$out/modules.txt"

step "jlink runtime"
compress=2
[[ "${feature%%.*}" -ge 21 ]] && compress=zip-6
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress="$compress" --include-locales=en,zh --generate-cds-archive \
  --output "$out/runtime"
echo "    runtime: $(du -sh "$out/runtime" | cut -f1)"

step "checking the runtime runs KeyWatch"
# A missing module shows up as NoClassDefFoundError for a java.* / javax.* class.
if ! check_out="$("$out/runtime/bin/java" -cp "$out/input/keywatch.jar" "$main_class" --version 2>&1)"; then
  echo "$check_out" >&2
  fail "the jlink runtime cannot run '$main_class --version' (a module missing from $out/modules.txt?)"
fi
echo "    $check_out" | head -3

step "jpackage app-image"
java_opts=()
while IFS= read -r opt; do java_opts+=(--java-options "$opt"); done < <(read_list "$here/jvm-options.txt")
"$jpackage" --type app-image --name "$name" --app-version "$pkg_version" \
  --input "$out/input" --main-jar keywatch.jar --main-class "$main_class" \
  --runtime-image "$out/runtime" --dest "$out/image" \
  --vendor "KeyWatch" --description "BJCA USB key watchdog" \
  "${java_opts[@]}"
image="$out/image/$name"
launcher="$image/bin/$name"
cfg="$image/lib/app/$name.cfg"
[[ -x "$launcher" && -f "$cfg" ]] || fail "jpackage did not produce $launcher and $cfg"
cp -R "$out/native" "$image/lib/app/native"
step "launcher"
# jpackage's JDK 17 launcher runs `rpm -qf` and `dpkg -S` on itself at every start (~100 ms at
# login); a shell launcher with the same runtime, options and archive starts the JVM at once.
sed -e "s|@JVM_OPTIONS@|$(read_list "$here/jvm-options.txt" | paste -sd' ' -)|" \
  -e "s|@MAIN_CLASS@|$main_class|" -e "s|@APP_VERSION@|$pkg_version|" \
  "$here/linux/launcher.sh" > "$launcher.tmp"
chmod 755 "$launcher.tmp"
mv "$launcher.tmp" "$launcher"
"$launcher" --version >/dev/null || fail "the shell launcher $launcher does not start KeyWatch"
echo "    $launcher (sh)"

if [[ "$want_cds" == 1 ]]; then
  step "AppCDS archive"
  "$here/cds-train.sh" "$image" "$launcher" "$image/lib/app/$name.jsa"
  # The shell launcher picks lib/app/keywatch.jsa up when it is there; jpackage's cfg is not read on Linux.
  "$launcher" --version >/dev/null || fail "the launcher fails once the CDS archive is wired in"
  echo "    $(du -h "$image/lib/app/$name.jsa" | cut -f1) archive, launcher uses it"
fi

echo "    app-image: $image ($(du -sh "$image" | cut -f1))"

if [[ "$want_deb" == 1 ]]; then
  step ".deb"
  missing=()
  command -v fakeroot >/dev/null || missing+=(fakeroot)
  command -v dpkg-deb >/dev/null || missing+=(dpkg-deb)
  if (( ${#missing[@]} )); then
    fail "a .deb needs ${missing[*]}: apt-get install fakeroot dpkg (or run with --no-deb for the app-image only)"
  fi
  # postinst records the CDS archive again at /opt/keywatch (JDK 17 archives are path-bound).
  mkdir -p "$out/deb-resources"
  sed -e "s|@JVM_OPTIONS@|$(read_list "$here/jvm-options.txt" | paste -sd' ' -)|" -e "s|@MAIN_CLASS@|$main_class|" \
    "$here/linux/postinst" > "$out/deb-resources/postinst"
  "$jpackage" --type deb --app-image "$image" --name "$name" --app-version "$pkg_version" \
    --dest "$out" --vendor "KeyWatch" --description "BJCA USB key watchdog" \
    --resource-dir "$out/deb-resources" \
    --linux-package-name "$name" --linux-app-category utils \
    --linux-deb-maintainer "KeyWatch"
  deb="$(ls "$out"/*.deb)"
  echo "    deb: $deb ($(du -h "$deb" | cut -f1))"
fi
echo "done: $image"
