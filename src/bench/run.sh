#!/usr/bin/env bash
# KeyWatch benchmark: footprint and reaction time, side by side with a minimal AWT tray program.
# Usage: src/bench/run.sh [--quick] [--jar] [--rebuild]
#   --quick    shorter idle window (15 s), 200 key insertions, fewer start runs: for iteration (~1.5 min)
#   --jar      run on the JDK on PATH with target/keywatch.jar instead of the packaged app-image
#   --rebuild  rebuild target/keywatch.jar (and the app-image) first, even when they exist
# Runs in its own Xvfb with trayer as the tray host (src/bench/x-session.sh); needs xvfb, trayer, xdotool.
# Prints the table and writes it to target/bench/latest.md. Full run: about 4 minutes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
quick=() mode=image rebuild=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    --jar) mode=jar ;;
    --rebuild) rebuild=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$arg' (accepted: --quick, --jar, --rebuild)" >&2; exit 2 ;;
  esac
done
cd "$root"
jar=target/keywatch.jar
image=target/packaging/image/keywatch
if [[ $rebuild == 1 || ! -f $jar ]]; then
  echo "==> building $jar"; ./mvnw -q -B package -DskipTests
fi
if [[ $mode == image ]] && [[ $rebuild == 1 || ! -x $image/bin/keywatch || $jar -nt $image/bin/keywatch
      || packaging/jvm-options.txt -nt $image/bin/keywatch ]]; then
  echo "==> building the app-image (packaging/build-app-image.sh --no-deb)"
  packaging/build-app-image.sh --no-deb
fi

out=target/bench
rm -rf "$out/classes" "$out/driver"
mkdir -p "$out/classes" "$out/driver"
javac --release 17 -d "$out/classes" "$here/java/MinimalTray.java"
javac --release 17 -cp "$jar" -d "$out/driver" "$here/java/Bench.java"

if [[ $mode == image ]]; then
  target_java="$root/$image/lib/runtime/bin/java"
  runtime=(--launcher "$root/$image/bin/keywatch" --label "packaged app-image (jlink runtime + AppCDS, launcher $image/bin/keywatch; minimal tray on its runtime)")
else
  target_java="$(command -v java)"
  runtime=(--label "JDK on PATH ($target_java) with $jar")
fi
exec "$here/x-session.sh" java -cp "$out/driver:$jar" Bench "${quick[@]}" \
  --java "$target_java" --jvm-options "$root/packaging/jvm-options.txt" --jar "$root/$jar" \
  --minimal-cp "$root/$out/classes" --work "$root/$out/work" --out "$root/$out/latest.md" "${runtime[@]}"
