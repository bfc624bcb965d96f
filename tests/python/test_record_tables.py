"""The record tables as researchers read them (issue 17): `yusuan extract
--format parquet|csv -o DIR` over the bundled samples, read with DuckDB,
pyarrow and pandas. The two queries of docs/record-tables.md are run as
printed (the samples' year for 2026) and their answers compared with the
JSON Documents of the same run.

Run by .ci/run (which installs duckdb, pandas, pyarrow and pytest); the
yusuan binary is $YUSUAN_BIN, else target/debug/yusuan.
"""

import decimal
import json
import os
import pathlib
import re
import subprocess

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TABLES = ["documents", "tables", "facts", "three_public", "indicators",
          "budget_lines", "fund_summary", "findings", "claims"]
SAMPLE_YEAR = 2023


def yusuan_bin():
    env = os.environ.get("YUSUAN_BIN")
    path = pathlib.Path(env) if env else ROOT / "target/debug/yusuan"
    if not path.exists():
        if env:
            pytest.fail(f"YUSUAN_BIN={env} does not exist")
        pytest.skip(f"skipped: no yusuan binary at {path} (cargo build -p yusuan-cli)")
    return str(path)


def run(*args, cwd):
    out = subprocess.run([yusuan_bin(), *args, "--no-progress"], cwd=cwd,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tables")
    run("extract", str(SAMPLES), "--format", "parquet", "-o", "pq", cwd=tmp)
    run("extract", str(SAMPLES), "--format", "csv", "-o", "csv/", cwd=tmp)
    jsonl = run("extract", str(SAMPLES), "--format", "jsonl", cwd=tmp).stdout
    docs = [json.loads(l, parse_float=decimal.Decimal) for l in jsonl.splitlines()]
    return tmp, docs


def doc_query(name):
    text = (ROOT / "docs/record-tables.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- query: " + name + r" -->\s*```sql\n(.*?)```", text, re.S)
    assert m, f"docs/record-tables.md has no query {name}"
    return m.group(1)


def test_parquet_types_and_row_counts(outputs):
    tmp, docs = outputs
    ok = [d for d in docs if "error" not in d]
    counts = {
        "tables": sum(len(d["tables"]) for d in ok),
        "three_public": sum(len(d["records"]["three_public"]) for d in ok),
        "indicators": sum(len(d["records"]["indicators"]) for d in ok),
        "budget_lines": sum(len(l["values"]) for d in ok for l in d["records"]["budget_lines"]),
        "fund_summary": sum(len(d["records"]["fund_summary"]) for d in ok),
        "findings": sum(len(d["findings"]) for d in ok),
        "claims": sum(len(d["records"].get("claims", [])) for d in ok),
    }
    for name in TABLES:
        t = pq.read_table(tmp / "pq" / f"{name}.parquet")
        if name in counts:
            assert t.num_rows == counts[name], name
        for field in t.schema:
            if field.name.endswith("yuan") or field.name in ("total", "figure", "expected", "actual"):
                assert str(field.type) == "decimal128(38, 6)", (name, field.name, field.type)
    docs_table = pq.read_table(tmp / "pq/documents.parquet").to_pandas()
    assert (docs_table.status == "ok").sum() == len(ok)
    # No figure is lost: every 三公 total of the JSON is in the table, exactly.
    tp = pq.read_table(tmp / "pq/three_public.parquet").to_pandas()
    want = sorted(r["total"] for d in ok for r in d["records"]["three_public"] if r["total"] is not None)
    got = sorted(x for x in tp.total if x is not None)
    assert got == want
    assert all(isinstance(x, decimal.Decimal) for x in got)


def test_csv_opens_in_pandas_without_options(outputs):
    tmp, _ = outputs
    for name in TABLES:
        p = tmp / "csv" / f"{name}.csv"
        frame = pd.read_csv(p)
        assert list(frame.columns) == list(pq.read_schema(tmp / "pq" / f"{name}.parquet").names)
        assert len(frame) == pq.read_metadata(tmp / "pq" / f"{name}.parquet").num_rows, name


def test_three_public_per_department_query(outputs):
    tmp, docs = outputs
    sql = doc_query("three_public_per_department").replace("2026", str(SAMPLE_YEAR))
    got = duckdb.sql(sql.replace("'out/", f"'{tmp}/pq/")).fetchall()
    want = {}
    for d in docs:
        if "error" in d:
            continue
        for r in d["records"]["three_public"]:
            y = r["yuan"]["total"]
            if r["year"] == SAMPLE_YEAR and r["basis"] == "budget" and y is not None:
                dep = d["meta"]["department"]
                want[dep] = max(want.get(dep, y), y)
    assert want, "the samples print a 2023 三公 budget"
    assert dict(got) == want


def test_indicators_percent_target_query(outputs):
    tmp, docs = outputs
    sql = doc_query("indicators_percent_target")
    got = duckdb.sql(sql.replace("'out/", f"'{tmp}/pq/")).fetchall()
    kinds = {"project_performance_targets", "self_evaluation_project"}
    want = []
    for d in docs:
        if "error" in d:
            continue
        kind = {t["id"]: t["kind"] for t in d["tables"]}
        for i in d["records"]["indicators"]:
            t = i["target"]
            if (kind.get(i["table"]) in kinds and t["kind"] == "percent" and t["value"] is not None
                    and t["value"] >= 95 and (t["op"] or "=") in (">=", ">", "=")):
                want.append((d["meta"]["department"], i["project"], i["name"], t["raw"]))
    assert len(want) > 5
    assert sorted(r[:4] for r in got) == sorted(want)
    assert all(r[4] >= 95 for r in got)


def test_shards_read_together_with_a_glob(tmp_path):
    for shard in ("0/2", "1/2"):
        run("extract", str(SAMPLES), "--format", "parquet", "-o", "pq", "--shard", shard, cwd=tmp_path)
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/pq/documents*.parquet')").fetchall()[0][0]
    inputs = [p for p in SAMPLES.rglob("*") if p.is_file()]
    assert n == len(inputs)
