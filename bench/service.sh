# Sourced by the benchmark scripts: start_service LOG [JAVA_OPTIONS...] starts the service jar on
# a fresh embedded PostgreSQL under target/ (bench/load-config.yml, -Xmx256m unless the options say
# otherwise), waits until it answers, stops it when the script exits, and sets BASE, AUTH, PGPORT
# and PSQL (psql on the service's own database) for the script; heap_watch writes the largest heap.used
# seen every 100 ms to target/bench-heap.txt while target/bench-heap.on exists.
start_service() {
  local log=$1
  shift
  rm -rf target/bench-load-data
  java -Xmx256m "$@" -jar target/felicette.jar server bench/load-config.yml > "$log" 2>&1 &
  SERVER=$!
  trap 'rm -f target/bench-heap.on; kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
  BASE=http://127.0.0.1:18090
  for _ in $(seq 1 300); do curl -sf "$BASE/availability" >/dev/null && break; sleep 1; done
  AUTH="Authorization: Bearer bench-user-token"
  PGPORT=$(sed -n 4p target/bench-load-data/postgres/postmaster.pid)
  PSQL=(psql -X -q -h localhost -p "$PGPORT" -U postgres felicette)
}

heap_watch() {
  local max=0
  while [ -f target/bench-heap.on ]; do
    local h; h=$(curl -s "http://127.0.0.1:18091/metrics" | python3 -c "import json,sys; print(int(json.load(sys.stdin)['gauges']['jvm.memory.heap.used']['value']))" 2>/dev/null || echo 0)
    [ "$h" -gt "$max" ] && max=$h && echo "$max" > target/bench-heap.txt
    sleep 0.1
  done
}
