#!/usr/bin/env bash
# Heap while a large result streams (issue 26): a table of ROWS rows (10 columns, made in the
# database with generate_series, no file needed) is read whole through /sync by a service started
# with -Xmx256m, in CSV, BINARY2 and Parquet. The service's heap is sampled every 200 ms through its
# admin metrics: the peak, and the heap after each full collection the JVM reports (what is truly
# held), show whether the stream keeps memory flat; curl's time to the first byte against its total
# time shows that the answer starts before the query ends. Needs psql and curl.
# Usage: bench/run-query-heap.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000000}"
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 1; }
./mvnw -B -q -DskipTests package
. bench/service.sh
start_service target/bench-heap-server.log -Xlog:gc:file=target/bench-heap-gc.log -Ddw.query.maxRec=20000000
sed -n '/^<vosi:table/,/^<\/vosi:table>/p' bench/run-load.sh | sed 's/\$1/user_bench.big/' \
  | curl -sf -X PUT -H "$AUTH" -H 'Content-Type: text/xml' --data-binary @- "$BASE/tables/user_bench.big" >/dev/null
"${PSQL[@]}" -c "INSERT INTO user_bench.big SELECT n, (n % 36000) / 100.0, (n % 18000) / 100.0 - 90, 15 + (n % 1000) / 100.0,
  16 + (n % 900) / 100.0, 17 + (n % 800) / 100.0, 18 + (n % 700) / 100.0, 19 + (n % 600) / 100.0, n % 7,
  'star ' || n FROM generate_series(1, $ROWS) AS n" -c "VACUUM ANALYZE user_bench.big"
echo "== SELECT * of $ROWS rows through /sync, service at -Xmx256m; $(nproc) cores, $(java -version 2>&1 | head -1)"
printf "%-12s %12s %10s %10s %12s %14s\n" format bytes "first byte" total "peak heap" "after full GC"
for fmt in csv votable/b2 parquet; do
  touch target/bench-heap.on; : > target/bench-heap-samples.txt
  ( while [ -f target/bench-heap.on ]; do
      curl -s "http://127.0.0.1:18091/metrics" | python3 -c "import json,sys; print(int(json.load(sys.stdin)['gauges']['jvm.memory.heap.used']['value']))" >> target/bench-heap-samples.txt 2>/dev/null || true
      sleep 0.2
    done ) & W=$!
  before=$(grep -c "Pause Full" target/bench-heap-gc.log || true)
  out=$(curl -sf -o /dev/null -w '%{size_download} %{time_starttransfer} %{time_total}' -H "$AUTH" \
    --data-urlencode LANG=ADQL --data-urlencode "QUERY=SELECT * FROM user_bench.big" -d "RESPONSEFORMAT=$fmt" \
    -d MAXREC=20000000 "$BASE/sync")
  rm -f target/bench-heap.on; wait $W
  read -r bytes first total <<< "$out"
  peak=$(sort -n target/bench-heap-samples.txt | tail -1)
  full=$(tail -n +"$((before + 1))" <(grep "Pause Full" target/bench-heap-gc.log || true) | sed -n 's/.*->\([0-9]*\)M(.*/\1/p' | sort -n | tail -1)
  printf "%-12s %12s %9ss %9ss %9s MB %11s MB\n" "$fmt" "$bytes" "$first" "$total" "$(( peak / 1048576 ))" "${full:--}"
done
echo "young collections during the run: $(grep -c "Pause Young" target/bench-heap-gc.log || true), full: $(grep -c "Pause Full" target/bench-heap-gc.log || true)"
