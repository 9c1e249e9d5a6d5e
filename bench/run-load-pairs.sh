#!/usr/bin/env bash
# Load benchmark, paired (issue 13): each format's POST /load and `psql \copy` of the CSV (the bound)
# run in turn, A B A B ..., on a warm service; the ratio is taken pair by pair and its median
# printed, so that the machine's drift during the run moves both sides alike. Needs the files of
# bench/run-load.sh (run it once first) and psql.
# Usage: bench/run-load-pairs.sh [PAIRS] [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS="${1:-5}"
ROWS="${2:-1000000}"
DATA=target/bench-load
[ -f "$DATA/$ROWS.csv" ] || { echo "no $DATA/$ROWS.csv: run bench/run-load.sh $ROWS first"; exit 1; }
./mvnw -B -q -DskipTests package
. bench/service.sh
start_service target/bench-pairs-server.log
doc() { sed -n '/^<vosi:table/,/^<\/vosi:table>/p' bench/run-load.sh | sed "s/\$1/user_bench.$1/"; }
for t in t_a t_b; do
  doc $t | curl -sf -X PUT -H "$AUTH" -H 'Content-Type: text/xml' --data-binary @- "$BASE/tables/user_bench.$t" >/dev/null
  # one row first, so that no timed load is a first (FREEZE) load
  printf 'id,ra,dec,g,r,i,z,y,flag,name\n0,1,1,1,1,1,1,1,1,x\n' | curl -sf -o /dev/null -X POST -H "$AUTH" \
    -H 'Content-Type: text/csv' --data-binary @- "$BASE/load/user_bench.$t"
done
now() { date +%s.%N; }
bound() {
  psql -X -q -h localhost -p "$PGPORT" -U postgres felicette \
    -c "\\copy user_bench.t_b (id, ra, dec, g, r, i, z, y, flag, name) FROM '$DATA/$ROWS.csv' (FORMAT csv, HEADER true)"
}
load() { # file content-type
  curl -sf -o /dev/null -X POST -H "$AUTH" -H "Content-Type: $2" -T "$1" "$BASE/load/user_bench.t_a"
}
echo "== $ROWS rows, $PAIRS pairs per format after one warm-up pair; service at -Xmx256m; $(nproc) cores"
printf "%-12s %10s %10s %16s\n" format "load (med)" "bound (med)" "× bound (med of pairs)"
for spec in "csv text/csv" "tsv text/tab-separated-values" "fits application/fits" \
    "binary2.vot application/x-votable+xml" "tabledata.vot application/x-votable+xml" "ecsv text/x-ecsv"; do
  set -- $spec
  load "$DATA/$ROWS.$1" "$2"; bound # warm-up
  A=(); B=()
  for _ in $(seq 1 "$PAIRS"); do
    S=$(now); load "$DATA/$ROWS.$1" "$2"; E=$(now); A+=("$(python3 -c "print($E-$S)")")
    S=$(now); bound; E=$(now); B+=("$(python3 -c "print($E-$S)")")
  done
  python3 - "$1" "${A[*]}" "${B[*]}" <<'PY'
import statistics, sys
name, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
ratios = [y / x for x, y in zip(a, b)]
print(f"{name:<12} {statistics.median(a):9.2f}s {statistics.median(b):9.2f}s {statistics.median(ratios):15.2f}x"
      f"   (pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
PY
done
