#!/usr/bin/env bash
# Keyset paging (issue 28): 100,000 index jobs of one user, then their listing read page by page
# (1000 a page) through /table-update, timing each page with curl; the first and the last page
# compared, and the last page's query planned by PostgreSQL (EXPLAIN ANALYZE): an index scan from
# the cursor, no sort and no rows skipped. Needs psql and curl. Usage: bench/run-paging.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${1:-100000}"
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 1; }
./mvnw -B -q -DskipTests package
. bench/service.sh
start_service target/bench-paging-server.log
"${PSQL[@]}" -c "INSERT INTO felicette.jobs (id, family, owner_id, phase, created_at, destruction)
  SELECT 'job' || lpad(i::text, 7, '0'), 'table-update', 'bench', 'COMPLETED',
         timestamptz '2026-01-01 00:00:00+00' + (i / 4) * interval '1 second', now() + interval '7 days'
  FROM generate_series(1, $JOBS) i; ANALYZE felicette.jobs;"
echo "== $JOBS jobs of one user, read 1000 a page; $(nproc) cores"
URL="$BASE/table-update?limit=1000"
page=0
: > target/bench-paging.txt
while [ -n "$URL" ]; do
  page=$((page + 1))
  out=$(curl -s -D target/bench-paging-headers.txt -o /dev/null -w '%{time_total} %{size_download}' -H "$AUTH" \
        -H 'Accept: application/json' "$URL")
  echo "$page $out" >> target/bench-paging.txt
  URL=$( (grep -i '^link:' target/bench-paging-headers.txt || true) | sed -n 's/.*<\([^>]*\)>; *rel="next".*/\1/p' | tr -d '\r')
done
python3 - <<'PY'
import statistics
rows = [l.split() for l in open("target/bench-paging.txt")]
t = [float(r[1]) * 1000 for r in rows]
print(f"  pages: {len(rows)}; first page {t[0]:.1f} ms (cold), second {t[1]:.1f} ms, last {t[-1]:.1f} ms")
print(f"  median of pages 2-11: {statistics.median(t[1:11]):.1f} ms; of the last ten: {statistics.median(t[-10:]):.1f} ms")
PY
LAST=$(sed -n '$p' target/bench-paging.txt | cut -d' ' -f1)
echo "== the last page's query, as the service asks it (its cursor: the 99,000th job's keyset)"
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM felicette.jobs WHERE family = 'table-update'
  AND owner_id = 'bench' AND phase <> 'ARCHIVED'
  AND (created_at, id) < (SELECT created_at, id FROM felicette.jobs WHERE id = 'job' || lpad(($JOBS - 999)::text, 7, '0'))
  ORDER BY created_at DESC, id DESC LIMIT 1001" | grep -E "Scan|Sort|Limit|Execution|Rows Removed" || true
