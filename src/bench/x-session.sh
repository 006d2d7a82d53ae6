#!/bin/bash
# Usage: src/bench/x-session.sh COMMAND [ARGS...]
# Runs COMMAND with DISPLAY set to a fresh Xvfb (free display, picked by Xvfb) with trayer as the
# XEmbed tray host, then stops exactly what it started (by pid / process group). Exit status = COMMAND's.
# Needs xvfb, trayer, xdotool.
set -u
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 64; }
for t in Xvfb trayer xdotool; do
  command -v "$t" >/dev/null || { echo "x-session: '$t' not found (apt-get install xvfb trayer xdotool)" >&2; exit 69; }
done
TMPD=$(mktemp -d /tmp/keywatch-bench-x.XXXXXX)
XVFB_PID= TRAYER_PID= CMD_PID=
cleanup() {
  [ -n "$CMD_PID" ] && kill -TERM -- "-$CMD_PID" 2>/dev/null
  [ -n "$TRAYER_PID" ] && kill "$TRAYER_PID" 2>/dev/null
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  for p in $CMD_PID $TRAYER_PID $XVFB_PID; do wait "$p" 2>/dev/null; done
  rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Xvfb picks a free display itself (-displayfd); on a busy machine a display another session just
# released can fail for trayer: then start over on another one.
start_x() {
  : >"$TMPD/dpy"
  Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$TMPD/dpy" >"$TMPD/xvfb.log" 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 100); do [ -s "$TMPD/dpy" ] && break; sleep 0.05; done
  [ -s "$TMPD/dpy" ] || return 1
  export DISPLAY=":$(tr -dc 0-9 <"$TMPD/dpy")"
  trayer --edge top --align right --widthtype pixel --width 200 --height 24 >"$TMPD/trayer.log" 2>&1 &
  TRAYER_PID=$!
  for _ in $(seq 100); do
    xdotool search --onlyvisible --classname '^panel$' >/dev/null 2>&1 && return 0
    kill -0 "$TRAYER_PID" 2>/dev/null || break
    sleep 0.05
  done
  return 1
}
ok=0
for attempt in 1 2 3 4 5; do
  if start_x; then ok=1; break; fi
  kill "$TRAYER_PID" "$XVFB_PID" 2>/dev/null; wait "$TRAYER_PID" "$XVFB_PID" 2>/dev/null
  TRAYER_PID= XVFB_PID=
  sleep 0.5
done
if [ $ok != 1 ]; then
  echo "x-session: no X display with a tray host after 5 attempts:" >&2
  cat "$TMPD/xvfb.log" "$TMPD/trayer.log" >&2
  exit 71
fi

setsid "$@" &
CMD_PID=$!
wait "$CMD_PID"; RC=$?
kill -TERM -- "-$CMD_PID" 2>/dev/null
CMD_PID=
exit "$RC"
