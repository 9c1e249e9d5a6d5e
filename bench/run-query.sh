#!/usr/bin/env bash
# Query benchmark (issue 26): SELECT * of ROWS rows through /sync in each result format, paired
# with psql's \copy (SELECT ...) TO (the bound) run just before it, the ratio taken pair by pair;
# a cone search of radius 0.1 degrees without and with a B-tree index on dec (no pg_sphere here);
# 32 concurrent small queries; and the service's peak heap while the big result streams. Needs the files of bench/run-load.sh (run it
# once first), psql and curl. Usage: bench/run-query.sh [ROWS] [PAIRS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
RUNS="${2:-3}"
DATA=target/bench-load
[ -f "$DATA/$ROWS.csv" ] || { echo "no $DATA/$ROWS.csv: run bench/run-load.sh $ROWS first"; exit 1; }
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 1; }
./mvnw -B -q -DskipTests package
. bench/service.sh
start_service target/bench-query-server.log -Ddw.query.maxRec=20000000 -Ddw.query.maxConcurrentPerUser=64
sed -n '/^<vosi:table/,/^<\/vosi:table>/p' bench/run-load.sh | sed 's/\$1/user_bench.q/' \
  | curl -sf -X PUT -H "$AUTH" -H 'Content-Type: text/xml' --data-binary @- "$BASE/tables/user_bench.q" >/dev/null
curl -sf -o /dev/null -X POST -H "$AUTH" -H 'Content-Type: text/csv' -T "$DATA/$ROWS.csv" "$BASE/load/user_bench.q"
"${PSQL[@]}" -c "VACUUM ANALYZE user_bench.q"
now() { date +%s.%N; }
sync() { # query format -> bytes written to /dev/null
  curl -sf -o /dev/null -w '%{size_download}' -H "$AUTH" --data-urlencode LANG=ADQL --data-urlencode "QUERY=$1" \
    -d "RESPONSEFORMAT=$2" -d MAXREC=20000000 "$BASE/sync"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { local t0 t1; t0=$(now); "$@" >/dev/null; t1=$(now); python3 -c "print(f'{$t1-$t0:.2f}')"; }
echo "== SELECT * of $ROWS rows (10 columns), $RUNS pairs per format after one warm-up; service at -Xmx256m; $(nproc) cores"
echo "   each pair: psql \\copy (SELECT *) TO (the bound), then /sync; the ratio taken pair by pair, its median printed"
sync "SELECT * FROM user_bench.q" csv >/dev/null   # once untimed: the JIT warms up
printf "%-18s %10s %10s %14s  %s\n" format "sync (med)" "bound (med)" "x bound (med)" "pairs"
for fmt in csv votable votable/b2 tsv json fits parquet sqlite; do
  touch target/bench-heap.on; echo 0 > target/bench-heap.txt; heap_watch & W=$!
  ratios=(); syncs=(); bounds=()
  for _ in $(seq "$RUNS"); do
    b=$(timed "${PSQL[@]}" -c "\\copy (SELECT * FROM user_bench.q) TO '/dev/null' (FORMAT csv)")
    t=$(timed sync "SELECT * FROM user_bench.q" "$fmt")
    bounds+=("$b"); syncs+=("$t"); ratios+=("$(python3 -c "print(f'{$b/$t:.2f}')")")
  done
  rm -f target/bench-heap.on; wait $W
  printf "%-18s %9ss %9ss %13sx  %s  peak heap %s MB\n" "$fmt" "$(printf '%s\n' "${syncs[@]}" | median)" \
    "$(printf '%s\n' "${bounds[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median)" "${ratios[*]}" \
    "$(( $(cat target/bench-heap.txt) / 1048576 ))"
done
CONE="SELECT id, ra, dec FROM user_bench.q WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 179.5, -21.5, 0.1)) = 1"
t=$(for _ in $(seq "$RUNS"); do timed sync "$CONE" csv; done | median)
n=$(($(curl -sf -H "$AUTH" --data-urlencode LANG=ADQL --data-urlencode "QUERY=$CONE" -d RESPONSEFORMAT=csv "$BASE/sync" | wc -l) - 1))
printf "%-34s %8s s  (%s rows)\n" "cone 0.1 deg, no index" "$t" "$n"
"${PSQL[@]}" -c "CREATE INDEX q_dec ON user_bench.q (dec); ANALYZE user_bench.q"
t=$(for _ in $(seq "$RUNS"); do timed sync "$CONE" csv; done | median)
printf "%-34s %8s s\n" "cone 0.1 deg, B-tree on dec" "$t"
echo "== 32 concurrent small queries (TOP 10), 20 each"
small() { for _ in $(seq 20); do
  s=$(now); sync "SELECT TOP 10 id, ra FROM user_bench.q WHERE id > $RANDOM" csv >/dev/null; e=$(now)
  python3 -c "print(f'{($e-$s)*1000:.1f}')"; done; }
t0=$(now)
PIDS=()
for u in $(seq 32); do small > "target/bench-small-$u.txt" & PIDS+=($!); done
wait "${PIDS[@]}"   # not the server
t1=$(now)
cat target/bench-small-*.txt | sort -n > target/bench-small.txt
python3 - "$t0" "$t1" <<'PY'
import sys
t0, t1 = float(sys.argv[1]), float(sys.argv[2])
lat = [float(x) for x in open('target/bench-small.txt')]
print(f"{len(lat)} queries in {t1-t0:.1f} s: {len(lat)/(t1-t0):.0f} req/s, median {lat[len(lat)//2]:.0f} ms, "
      f"p99 {lat[int(len(lat)*0.99)-1]:.0f} ms")
PY
