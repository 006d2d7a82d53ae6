#!/bin/sh
# KeyWatch launcher for Linux (filled in by packaging/build-app-image.sh).
# It takes the place of jpackage's native launcher, which on JDK 17 asks rpm and then dpkg at every
# start which package it belongs to: about 100 ms before the JVM starts, on every login
# (src/bench/run.sh). Same runtime and JVM options (packaging/jvm-options.txt) as the Windows launchers.
# Native libraries come from lib/app/native (JNA's boot path; usb4java finds its .so as a file on the
# class path, after the jar so the AppCDS archive still fits): nothing is unpacked into /tmp, and
# jna.nounpack keeps JNA from creating its sweep folder (~/.cache/JNA/temp) at every start.
self="$(readlink -f "$0")" || exit 70
lib="$(dirname "$(dirname "$self")")/lib"
jsa="$lib/app/keywatch.jsa"
# Without the archive (not built, or removed by the .deb's postinst) the JVM still starts, only slower.
if [ -f "$jsa" ]; then cds="-XX:SharedArchiveFile=$jsa"; else cds="-Xshare:auto"; fi  # auto: the default
# JVM warnings (e.g. a stale archive) go to stderr, never into `check --json` on stdout.
exec "$lib/runtime/bin/java" "$cds" -Xlog:all=off:stdout -Xlog:all=warning:stderr \
  @JVM_OPTIONS@ -Djpackage.app-path="$self" -Djpackage.app-version=@APP_VERSION@ \
  -Djna.boot.library.path="$lib/app/native" -Djna.nosys=true -Djna.noclasspath=true -Djna.nounpack=true \
  -cp "$lib/app/keywatch.jar:$lib/app/native" @MAIN_CLASS@ "$@"
