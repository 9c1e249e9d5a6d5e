# Sourced by the benchmark scripts: start_service LOG [JAVA_OPTIONS...] starts the service jar on
# a fresh embedded PostgreSQL under target/ (bench/load-config.yml, -Xmx256m unless the options say
# otherwise), waits until it answers, stops it when the script exits, and sets BASE, AUTH, PGPORT
# and PSQL (psql on the service's own database) for the script.
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
