#!/usr/bin/env bash
# Load benchmark (issue 13): one 10-column table of ROWS rows in each format, loaded through
# POST /load of the running service, against psql \copy of the same CSV (the bound) and JDBC
# batches of 1000 committed per batch (YouCat's method, the peer); the service's peak heap per load.
# Usage: bench/run-load.sh [ROWS] [BIG_CSV_MB]   (needs psql: apt-get install postgresql-client;
#   PYTHON=a python3 with pyarrow, for the Parquet file)
#   BIG_CSV_MB > 0 also loads a CSV of about that many MB with the service at -Xmx256m.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
BIG_MB="${2:-0}"
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 1; }
./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
mkdir -p target/bench-classes target/bench-load
CP="target/classes:$(cat target/bench-cp.txt)"
javac -d target/bench-classes -cp "$CP" bench/src/org/felicette/bench/*.java
DATA=target/bench-load
[ -f "$DATA/$ROWS.ecsv" ] || java -cp "target/bench-classes:$CP" org.felicette.bench.LoadBenchData "$DATA" "$ROWS"
PY="${PYTHON:-python3}"   # Parquet is written with pyarrow when this Python has it
if [ ! -f "$DATA/$ROWS.parquet" ] && "$PY" -c "import pyarrow" 2>/dev/null; then
  "$PY" -c "import pyarrow.csv as c, pyarrow.parquet as p; p.write_table(c.read_csv('$DATA/$ROWS.csv'), '$DATA/$ROWS.parquet')"
fi
ls -l "$DATA"
. bench/service.sh
start_service target/bench-load-server.log
TABLE_DOC() {
  cat <<XML
<vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output"><name>$1</name>
 <column><name>id</name><dataType xsi:type="vs:VOTableType">long</dataType></column>
 <column><name>ra</name><dataType xsi:type="vs:VOTableType">double</dataType></column>
 <column><name>dec</name><dataType xsi:type="vs:VOTableType">double</dataType></column>
 <column><name>g</name><dataType xsi:type="vs:VOTableType">float</dataType></column>
 <column><name>r</name><dataType xsi:type="vs:VOTableType">float</dataType></column>
 <column><name>i</name><dataType xsi:type="vs:VOTableType">float</dataType></column>
 <column><name>z</name><dataType xsi:type="vs:VOTableType">float</dataType></column>
 <column><name>y</name><dataType xsi:type="vs:VOTableType">float</dataType></column>
 <column><name>flag</name><dataType xsi:type="vs:VOTableType">int</dataType></column>
 <column><name>name</name><dataType xsi:type="vs:VOTableType" arraysize="*">char</dataType></column>
</vosi:table>
XML
}
create() { TABLE_DOC "user_bench.$1" | curl -sf -X PUT -H "$AUTH" -H 'Content-Type: text/xml' --data-binary @- "$BASE/tables/user_bench.$1" >/dev/null; }
rate() { python3 -c "print(f'{$ROWS/$1:,.0f}')"; }
result() { # name seconds
  printf "%-26s %8.2f s  %12s rows/s  peak heap %s MB\n" "$1" "$2" "$(rate "$2")" "$3"
}
load() { # name file content-type
  create "t_$1"
  curl -s -X POST "$BASE/admin" >/dev/null 2>&1 || true
  echo 0 > target/bench-heap.txt; touch target/bench-heap.on; heap_watch & local W=$!
  local t; t=$(curl -s -o target/bench-load-answer.txt -w '%{time_total}' -X POST -H "$AUTH" -H "Content-Type: $3" \
    -T "$2" "$BASE/load/user_bench.t_$1")
  rm -f target/bench-heap.on; wait $W 2>/dev/null || true
  grep -q "Inserted $ROWS rows" target/bench-load-answer.txt || { echo "$1: $(cat target/bench-load-answer.txt)"; exit 1; }
  result "POST /load $1" "$t" "$(( $(cat target/bench-heap.txt) / 1000000 ))"
}
echo "== $ROWS rows, 10 columns; service at -Xmx256m; $(nproc) cores"
create t_psql
S=$(date +%s.%N); "${PSQL[@]}" -c "\\copy user_bench.t_psql (id, ra, dec, g, r, i, z, y, flag, name) FROM '$DATA/$ROWS.csv' (FORMAT csv, HEADER true)"; E=$(date +%s.%N)
result "psql \\copy csv (bound)" "$(python3 -c "print($E-$S)")" "-"
load csv "$DATA/$ROWS.csv" text/csv
load tsv "$DATA/$ROWS.tsv" text/tab-separated-values
load fits "$DATA/$ROWS.fits" application/fits
load binary2 "$DATA/$ROWS.binary2.vot" application/x-votable+xml
load tabledata "$DATA/$ROWS.tabledata.vot" application/x-votable+xml
load ecsv "$DATA/$ROWS.ecsv" text/x-ecsv
if [ -f "$DATA/$ROWS.parquet" ]; then load parquet "$DATA/$ROWS.parquet" application/vnd.apache.parquet
else echo "(no Parquet: PYTHON=... a python3 with pyarrow writes it)"; fi
# a PUT that creates and fills a table in one transaction (rows written with COPY ... FREEZE)
T=$(curl -s -o target/bench-load-answer.txt -w '%{time_total}' -X PUT -H "$AUTH" -H "Content-Type: application/x-votable+xml" \
  -T "$DATA/$ROWS.binary2.vot" "$BASE/tables/user_bench.t_put_binary2")
grep -q "Inserted $ROWS rows" target/bench-load-answer.txt || { cat target/bench-load-answer.txt; exit 1; }
result "PUT binary2 (new, FREEZE)" "$T" "-"
create t_peer
S=$(date +%s.%N)
java -cp "target/bench-classes:$CP" org.felicette.bench.BatchLoad "jdbc:postgresql://localhost:$PGPORT/felicette" postgres user_bench.t_peer "$DATA/$ROWS.csv" >/dev/null
E=$(date +%s.%N)
result "JDBC batches of 1000 (peer)" "$(python3 -c "print($E-$S)")" "-"
"${PSQL[@]}" -t -c "SELECT 'rows in every table: ' || string_agg(DISTINCT n::text, ',') FROM (SELECT (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM user_bench.' || tablename, false, true, '')))[1]::text::bigint AS n FROM pg_tables WHERE schemaname = 'user_bench') x"
if [ "$BIG_MB" -gt 0 ]; then
  BIGROWS=$(( BIG_MB * 1000000 / 80 ))
  [ -f "$DATA/$BIGROWS.csv" ] || java -cp "target/bench-classes:$CP" org.felicette.bench.LoadBenchData "$DATA" "$BIGROWS" csv-only
  ROWS=$BIGROWS
  echo "== a CSV of $(du -m "$DATA/$BIGROWS.csv" | cut -f1) MB ($BIGROWS rows), service at -Xmx256m"
  load big_csv "$DATA/$BIGROWS.csv" text/csv
fi
