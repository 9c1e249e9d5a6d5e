#!/usr/bin/env bash
# VOSI tables benchmark (issue 4): wrk on loopback, 2 threads, 32 connections, against the
# service's /tables views and against the same Jetty serving the identical bytes as static files.
# Usage: bench/run-tables.sh [SECONDS]   (needs wrk: apt-get install wrk; ../shared beside the checkout)
# WARM=seconds of warm-up per URL (20), ROUNDS=alternating rounds (3)
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
# Warm-up: the whole Jersey path must be compiled (C2) before it is measured; 5 s per URL, as this
# harness first did, measured the interpreter on a 2-core machine (wrk shares the cores) and gave
# ratios of 0.43-0.65 that a longer warm-up does not reproduce.
WARM="${WARM:-20}"
echo "warming up (JIT) for $WARM s per URL"
URLS=("tables/dp02_dc2_catalogs.Object application/json" "static/object.json application/json"
      "tables/dp02_dc2_catalogs.Object text/xml" "static/object.xml text/xml"
      "tables?detail=max text/xml" "static/tableset.xml text/xml")
for u in "${URLS[@]}"; do
  set -- $u; wrk -t2 -c32 -d"${WARM}s" -H "Accept: $2" "$BASE/$1" > /dev/null
done
# then ROUNDS rounds, service and static alternating, so that drift (heat, other load) falls on both
ROUNDS="${ROUNDS:-3}"
OUT=target/bench-tables-rounds.txt
: > "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  for u in "${URLS[@]}"; do
    set -- $u
    wrk -t2 -c32 -d"${DURATION}s" --latency -H "Accept: $2" "$BASE/$1" | awk -v r="$r" -v u="$1" -v t="$2" \
      '/Requests\/sec/ {rps=$2} /  99%/ {p99=$2} /  50%/ {p50=$2} END {printf "round %s  %-34s %-17s %9.0f req/s  p50 %8s  p99 %8s\n", r, u, t, rps, p50, p99}' | tee -a "$OUT"
  done
done
echo "== medians over $ROUNDS rounds, service against static (the bound):"
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"round \d+\s+(\S+)\s+(\S+)\s+([\d.]+) req/s\s+p50\s+(\S+)\s+p99\s+(\S+)", line)
    if not m:
        continue
    ms = lambda v: float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
    rows.setdefault((m[1], m[2]), []).append((float(m[3]), ms(m[5])))
def med(k):
    v = rows[k]
    return statistics.median(r for r, _ in v), statistics.median(p for _, p in v)
for name, service, static in (("JSON", ("tables/dp02_dc2_catalogs.Object", "application/json"), ("static/object.json", "application/json")),
                              ("XML", ("tables/dp02_dc2_catalogs.Object", "text/xml"), ("static/object.xml", "text/xml")),
                              ("tableset", ("tables?detail=max", "text/xml"), ("static/tableset.xml", "text/xml"))):
    (sr, sp), (br, bp) = med(service), med(static)
    print("  %-8s %7.0f req/s against %7.0f: %.2fx the bound; p99 %.1f ms against %.1f: %.2fx" % (name, sr, br, sr / br, sp, bp, sp / bp))
PY
