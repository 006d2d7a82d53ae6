# Shared by cds-train.sh and smoke-test.sh: run the embedded BJCA simulator and point a config at it.
# Source it; needs $java (a java binary) and $sim_jar (the jar holding io.keywatch.sim.BjcaSimulator).
sim_class=io.keywatch.sim.BjcaSimulator
sim_pid=""

sim_available() {
  # Not `unzip -l | grep -q`: grep stops at the first match, unzip dies of SIGPIPE, and with
  # pipefail the answer depends on timing.
  [[ "$(unzip -l "$sim_jar" 2>/dev/null)" == *io/keywatch/sim/BjcaSimulator.class* ]]
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $(( 20000 + RANDOM % 20000 ))
  fi
}

# sim_start DIR: starts the simulator on a free loopback port with DIR as its BJCA folder; sets sim_port.
sim_start() {
  local dir="$1" log="$1.sim.log" i
  mkdir -p "$dir"
  sim_port="$(free_port)"
  "$java" -cp "$sim_jar" "$sim_class" --port "$sim_port" --bjca-folder "$dir" </dev/null >"$log" 2>&1 &
  sim_pid=$!
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$sim_port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$sim_pid" 2>/dev/null; then
      echo "simulator exited early; its output:" >&2; cat "$log" >&2; sim_pid=""; return 1
    fi
    sleep 0.2
  done
  echo "simulator did not open port $sim_port within 20 s; its output:" >&2; cat "$log" >&2
  sim_stop; return 1
}

sim_stop() {
  if [[ -n "$sim_pid" ]]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}

# sim_config FILE DIR: a KeyWatch config that talks to the running simulator (template: smoke-config.json.template).
sim_config() {
  local here_dir
  here_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  sed -e "s|@PORT@|$sim_port|g" -e "s|@BJCA_FOLDER@|$2|g" "$here_dir/smoke-config.json.template" > "$1"
}
