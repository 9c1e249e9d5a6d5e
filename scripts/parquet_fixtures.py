"""Writes the Parquet files the load tests read (src/test/resources/org/felicette/ingest/parquet).

Run with a Python that has pyarrow (and, for their files, polars and duckdb): python3 scripts/parquet_fixtures.py
The files are small and committed; this script says how they were made.
"""
import datetime
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/org/felicette/ingest/parquet"
OUT.mkdir(parents=True, exist_ok=True)

N = 3000


def table(n=N):
    ids = list(range(n))
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "ra": pa.array([i * 0.5 if i % 10 else None for i in ids], pa.float64()),
        "mag": pa.array([float("nan") if i == 7 else 15 + i / 1000 for i in ids], pa.float32()),
        "small": pa.array([(i % 60000) - 30000 for i in ids], pa.int16()),
        "count": pa.array([None if i % 3 == 0 else i * 7 for i in ids], pa.int32()),
        "flag": pa.array([None if i % 5 == 0 else i % 2 == 0 for i in ids], pa.bool_()),
        "name": pa.array(["Ünïcødé ✓ %d" % i if i % 4 else None for i in ids], pa.string()),
        "seen": pa.array([datetime.datetime(2024, 1, 31, 12, 0, 0, 123456) + datetime.timedelta(seconds=i)
                          if i % 6 else None for i in ids], pa.timestamp("us")),
    })


t = table()
# pyarrow's defaults: dictionary encoding, Snappy, data pages v1; small row groups and pages so
# that the reader crosses both
pq.write_table(t, OUT / "types-snappy.parquet", row_group_size=1000, data_page_size=2048)
pq.write_table(t, OUT / "types-plain-v2.parquet", compression="none", use_dictionary=False,
               data_page_version="2.0", row_group_size=1200, data_page_size=1024)
pq.write_table(t, OUT / "types-gzip.parquet", compression="gzip")
pq.write_table(table(10), OUT / "zstd.parquet", compression="zstd")
pq.write_table(pa.table({"id": pa.array([1, 2], pa.int64()),
                         "values": pa.array([[1.0, 2.0], [3.0]], pa.list_(pa.float64()))}),
               OUT / "nested.parquet")


def lists(n=N):
    """Array columns as pyarrow writes them: lists with nulls, empty lists and null elements."""
    ids = list(range(n))
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "d": pa.array([None if i % 4 == 0 else [] if i % 4 == 1 else [i * 0.5, None, -1.0] if i % 4 == 2
                       else [float(i + k) for k in range(5)] for i in ids], pa.list_(pa.float64())),
        "s": pa.array([[i % 1000, -7] if i % 3 == 0 else None for i in ids], pa.list_(pa.int16())),
        "b": pa.array([[True, False, None, True] if i % 5 == 0 else [False] for i in ids], pa.list_(pa.bool_())),
    })


# lists across pages and row groups, dictionary-encoded with Snappy and PLAIN in pages v2
pq.write_table(lists(), OUT / "lists-snappy.parquet", row_group_size=1000, data_page_size=512)
pq.write_table(lists(), OUT / "lists-plain-v2.parquet", compression="none", use_dictionary=False,
               data_page_version="2.0", row_group_size=1200, data_page_size=512)
# still refused: a struct, and a list of text
pq.write_table(pa.table({"id": pa.array([1], pa.int64()),
                         "pair": pa.array([{"a": 1, "b": 2.0}], pa.struct([("a", pa.int32()), ("b", pa.float64())]))}),
               OUT / "struct.parquet")
pq.write_table(pa.table({"id": pa.array([1], pa.int64()),
                         "tags": pa.array([["a", "b"]], pa.list_(pa.string()))}),
               OUT / "list-of-text.parquet")

# VOParquet: the columns' VOTable metadata in the key-value metadata
votable = """<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE name="stars">
<DESCRIPTION>Stars with VOParquet metadata</DESCRIPTION>
<FIELD name="id" datatype="long" ucd="meta.id;meta.main"><DESCRIPTION>Star id</DESCRIPTION></FIELD>
<FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra"/>
<FIELD name="label" datatype="char" arraysize="*"/>
</TABLE></RESOURCE></VOTABLE>"""
vo = pa.table({"id": pa.array([1, 2, 3], pa.int64()), "ra": pa.array([10.0, 20.0, None], pa.float64()),
               "label": pa.array(["a", "b", "c"], pa.string())})
vo = vo.replace_schema_metadata({"IVOA.VOTable-Parquet.version": "1.0", "IVOA.VOTable-Parquet.content": votable})
pq.write_table(vo, OUT / "voparquet.parquet")
# every common writer's codecs: pyarrow's ZSTD and LZ4 (LZ4_RAW), in pages v1 and v2; Polars as it
# writes by default (ZSTD); DuckDB with its ZSTD and LZ4_RAW; BROTLI stays refused
pq.write_table(t, OUT / "types-zstd.parquet", compression="zstd", row_group_size=1000, data_page_size=2048)
pq.write_table(t, OUT / "types-lz4raw-v2.parquet", compression="lz4", data_page_version="2.0",
               row_group_size=1000, data_page_size=2048)
pq.write_table(table(10), OUT / "brotli.parquet", compression="brotli")
try:
    import polars as pl

    pl.from_arrow(t).write_parquet(OUT / "types-polars.parquet", row_group_size=1000)
except ImportError:
    print("no polars: types-polars.parquet kept as it was")
try:
    import duckdb

    for codec, name in (("zstd", "types-duckdb-zstd.parquet"), ("lz4_raw", "types-duckdb-lz4raw.parquet")):
        duckdb.sql(f"COPY (SELECT * FROM t) TO '{OUT / name}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 1000)")
except ImportError:
    print("no duckdb: its files kept as they were")
print("wrote", sorted(p.name for p in OUT.glob("*.parquet")))
