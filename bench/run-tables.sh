#!/usr/bin/env bash
# VOSI tables benchmark (issue 4): wrk on loopback, 2 threads, 32 connections, against the
# service's /tables views and against the same Jetty serving the identical bytes as static files.
# Usage: bench/run-tables.sh [SECONDS]   (needs wrk: apt-get install wrk; ../shared beside the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
mkdir -p target/bench-classes target/bench-static
CP="target/classes:$(cat target/bench-cp.txt)"
javac -d target/bench-classes -cp "$CP" bench/src/org/felicette/bench/*.java
java -Xmx256m -Dbench.static=target/bench-static -cp "target/bench-classes:$CP" \
  org.felicette.bench.TablesBenchServer server bench/tables-config.yml > target/bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf http://127.0.0.1:18080/availability >/dev/null && break; sleep 1; done
BASE=http://127.0.0.1:18080
curl -sf -H 'Accept: application/json' "$BASE/tables/dp02_dc2_catalogs.Object" > target/bench-static/object.json
curl -sf -H 'Accept: text/xml' "$BASE/tables/dp02_dc2_catalogs.Object" > target/bench-static/object.xml
curl -sf "$BASE/tables?detail=max" > target/bench-static/tableset.xml
ls -l target/bench-static
echo "one user's /tables among 100,000 private tables (u05000, with group g0):"
PGPORT=$(sed -n 4p target/bench-data/postgres/postmaster.pid)
psql -h localhost -p "$PGPORT" -U postgres felicette -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT t.table_name, c.column_name FROM tap_schema.tables11 t
  LEFT JOIN tap_schema.columns11 c ON c.table_name = t.table_name
  WHERE (t.owner_id IS NULL OR t.read_anon = 1 OR t.owner_id = 'u05000' OR t.read_only_group = ANY('{g0}')
         OR t.read_write_group = ANY('{g0}') OR t.schema_name = ANY(ARRAY(SELECT so.schema_name
         FROM tap_schema.schemas11 so WHERE so.owner_id = 'u05000')))" | grep -E "Scan|Bitmap|rows=|Execution|Buffers" | head -24
for i in 1 2 3; do curl -s -o /dev/null -w "anonymous /tables?detail=max, request $i (1: rendered, then cached): %{time_total} s, %{size_download} bytes\n" \
  "$BASE/tables?detail=max"; done
echo "an admin's whole tableset (100,048 tables, ~500,000 columns), streamed by a server with a 256 MB heap:"
curl -s -o /dev/null -w "  %{size_download} bytes in %{time_total} s
" -H "Authorization: Bearer bench-admin-token" "$BASE/tables?detail=max"
curl -s "http://127.0.0.1:18081/metrics" | python3 -c "import json,sys; g=json.load(sys.stdin)['gauges']; print('  heap used after: %.0f MB of max %.0f MB' % (g['jvm.memory.heap.used']['value']/1e6, g['jvm.memory.heap.max']['value']/1e6))"
echo "warming up (JIT) for 5 s per URL"
for u in "tables/dp02_dc2_catalogs.Object application/json" "tables/dp02_dc2_catalogs.Object text/xml" "tables?detail=max text/xml" \
         "static/object.json application/json" "static/object.xml text/xml" "static/tableset.xml text/xml"; do
  set -- $u; wrk -t2 -c32 -d5s -H "Accept: $2" "$BASE/$1" > /dev/null
done
run() {
  echo "== $1"
  wrk -t2 -c32 -d"${DURATION}s" --latency -H "Accept: $3" "$2" | grep -E "Requests/sec|Transfer/sec|  50%|  99%|Socket errors|Non-2xx"
}
run "service: /tables/dp02_dc2_catalogs.Object (JSON)" "$BASE/tables/dp02_dc2_catalogs.Object" application/json
run "static:  the same JSON bytes" "$BASE/static/object.json" application/json
run "service: /tables/dp02_dc2_catalogs.Object (XML)" "$BASE/tables/dp02_dc2_catalogs.Object" text/xml
run "static:  the same XML bytes" "$BASE/static/object.xml" text/xml
run "service: /tables?detail=max" "$BASE/tables?detail=max" text/xml
run "static:  the same tableset bytes" "$BASE/static/tableset.xml" text/xml
