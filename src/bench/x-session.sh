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

Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$TMPD/dpy" >"$TMPD/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [ -s "$TMPD/dpy" ] && break; sleep 0.05; done
[ -s "$TMPD/dpy" ] || { echo "x-session: Xvfb failed:" >&2; cat "$TMPD/xvfb.log" >&2; exit 70; }
export DISPLAY=":$(tr -dc 0-9 <"$TMPD/dpy")"

trayer --edge top --align right --widthtype pixel --width 200 --height 24 >"$TMPD/trayer.log" 2>&1 &
TRAYER_PID=$!
for _ in $(seq 100); do
  xdotool search --onlyvisible --classname '^panel$' >/dev/null 2>&1 && break
  sleep 0.05
done
xdotool search --onlyvisible --classname '^panel$' >/dev/null 2>&1 \
  || { echo "x-session: trayer failed:" >&2; cat "$TMPD/trayer.log" >&2; exit 71; }

setsid "$@" &
CMD_PID=$!
wait "$CMD_PID"; RC=$?
kill -TERM -- "-$CMD_PID" 2>/dev/null
CMD_PID=
exit "$RC"
