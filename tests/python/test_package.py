"""The Python package (issue 18): `import yusuan` over the bundled samples.

- Documents equal the CLI's JSON for every sample (extract and extract_many);
- the DataFrames of known tables equal their hand-checked golden grids;
- records equal the golden records, through extract() and records();
- errors: an exception with stage and file from extract, an error record
  from extract_many;
- the Dask example on 2 workers writes the Parquet a single process gives;
- the GIL is released while a document runs (another thread makes progress).

Needs the package installed (`pip install ./crates/yusuan-py`, done by
.ci/run); skipped with a message otherwise.
"""

import decimal
import json
import os
import pathlib
import subprocess
import sys
import threading
import time

import pytest

yusuan = pytest.importorskip("yusuan", reason="skipped: the yusuan package is not installed (pip install ./crates/yusuan-py)")

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
IDS = [s["id"] for s in json.loads((SAMPLES / "manifest.json").read_text())["samples"]]


def yusuan_bin():
    env = os.environ.get("YUSUAN_BIN")
    path = pathlib.Path(env) if env else ROOT / "target/debug/yusuan"
    if not path.exists():
        pytest.skip(f"skipped: no yusuan binary at {path}")
    return str(path)


@pytest.fixture(scope="module")
def cli_documents():
    """The CLI's Documents of every sample file, by path (relative to the
    repository root, as given)."""
    out = subprocess.run([yusuan_bin(), "extract", "samples", "--format", "jsonl", "--no-progress"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    docs = [json.loads(l, parse_float=decimal.Decimal) for l in out.stdout.splitlines()]
    return {d["source"]["path"]: d for d in docs}


def test_documents_equal_the_cli_json(cli_documents, monkeypatch):
    monkeypatch.chdir(ROOT)
    paths = sorted(cli_documents)
    assert len(paths) >= 40
    many = list(yusuan.extract_many(paths, jobs=2))
    assert [d["source"]["path"] for d in many] == paths, "input order"
    for path, doc in zip(paths, many):
        assert doc == cli_documents[path], path
    for path in paths[:: max(1, len(paths) // 8)]:
        assert yusuan.extract(path) == cli_documents[path], path


def test_bytes_and_paths_give_one_document(monkeypatch):
    monkeypatch.chdir(ROOT)
    path = "samples/target_project_1.docx"
    by_path = yusuan.extract(path)
    by_bytes = yusuan.extract(pathlib.Path(path).read_bytes(), name=path)
    assert by_bytes == by_path
    assert isinstance(by_path["records"]["fund_summary"][0]["initial_budget"], (decimal.Decimal, int))


def flat(text):
    """A cell's text with its paragraph breaks removed, as the golden grids
    write it (the Rust golden tests compare the same way)."""
    return "".join(line.strip() for line in text.split("\n"))


@pytest.mark.parametrize("sample", IDS)
def test_tables_equal_the_golden_grid(sample):
    golden = json.loads((ROOT / "golden/samples" / f"{sample}.grid.json").read_text())
    frames = yusuan.tables(SAMPLES / golden["docx"], fill_merged=False)
    assert len(frames) == 1
    frame = frames[0]
    assert frame.shape == (golden["nrows"], golden["ncols"])
    assert [[flat(c) for c in row] for row in frame.values.tolist()] == golden["rows"]
    assert frame.attrs["title"] == golden["title"]
    assert frame.attrs["unit"] == golden["unit"]
    # Filled: every position a merged cell covers shows its text.
    filled = yusuan.tables(SAMPLES / golden["docx"])[0]
    for span in golden["spans"]:
        for r in range(span["row"], span["row"] + span["rowspan"]):
            for c in range(span["col"], span["col"] + span["colspan"]):
                assert flat(filled.iat[r, c]) == span["text"]


def subset_diffs(path, expected, actual, out):
    """Differences of `actual` in the fields `expected` names (numbers as
    decimals; `page` is for PDFs only)."""
    if isinstance(expected, dict):
        for k, v in expected.items():
            if k == "page":
                continue
            subset_diffs(f"{path}.{k}", v, (actual or {}).get(k) if isinstance(actual, dict) else None, out)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            out.append(f"{path}: {len(expected)} items expected, got {actual if not isinstance(actual, list) else len(actual)}")
            return
        for i, (e, a) in enumerate(zip(expected, actual)):
            subset_diffs(f"{path}[{i}]", e, a, out)
    elif isinstance(expected, (int, float, decimal.Decimal)) and not isinstance(expected, bool):
        if actual is None or decimal.Decimal(str(expected)) != decimal.Decimal(str(actual)):
            out.append(f"{path}: expected {expected}, got {actual}")
    elif expected != actual:
        out.append(f"{path}: expected {expected!r}, got {actual!r}")


@pytest.mark.parametrize("sample", IDS)
def test_records_equal_the_golden_records(sample):
    golden = json.loads((ROOT / "golden/records/samples" / f"{sample}.json").read_text(),
                        parse_float=decimal.Decimal)
    doc = yusuan.extract(SAMPLES / f"{sample}.docx")
    diffs = []
    subset_diffs("meta", golden["meta"], doc["meta"], diffs)
    subset_diffs("records", golden["records"], doc["records"], diffs)
    assert not diffs, "\n".join(diffs)

    # The record tables carry the same figures, in their own column names.
    path = str(SAMPLES / f"{sample}.docx")
    funds = yusuan.records([path], kind="fund_summary")
    want = golden["records"].get("fund_summary", [])
    assert len(funds) == len(want)
    for (_, row), g in zip(funds.iterrows(), want):
        assert row.row_label == g["label"]
        for col in ("initial_budget", "full_year_budget", "executed", "execution_rate", "weight", "score"):
            if col in g:
                got = row[col]
                assert (g[col] is None and got is None) or decimal.Decimal(str(g[col])) == got, (col, g[col], got)
    tp = yusuan.records([path], kind="three_public")
    want = golden["records"].get("three_public", [])
    assert len(tp) == len(want)
    for (_, row), g in zip(tp.iterrows(), want):
        assert row.column_label == g["column"]
        for col in ("total", "overseas_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception"):
            if col in g:
                got = row[col]
                assert (g[col] is None and got is None) or decimal.Decimal(str(g[col])) == got, (col, g[col], got)
                if g[col] is not None and g.get("unit") == "万元":
                    assert row[col + "_yuan"] == decimal.Decimal(str(g[col])) * 10000
    ind = yusuan.records([path], kind="indicators")
    want = golden["records"].get("indicators", [])
    assert len(ind) == len(want)
    for (_, row), g in zip(ind.iterrows(), want):
        assert g["name"] in row.indicator_name
        if "weight" in g:
            assert (g["weight"] is None and row.weight is None) or decimal.Decimal(str(g["weight"])) == row.weight


def test_errors_name_stage_and_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really")
    with pytest.raises(yusuan.ExtractError) as e:
        yusuan.extract(bad)
    assert e.value.stage in ("pdf", "layout")
    assert e.value.path == str(bad)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(yusuan.ExtractError) as e:
        yusuan.extract(text)
    assert e.value.stage == "input" and "not a pdf" in e.value.message
    docs = list(yusuan.extract_many([str(text), str(SAMPLES / "basic_data_1.docx"), str(tmp_path / "gone.pdf")]))
    assert [("error" in d) for d in docs] == [True, False, True]
    assert docs[2]["error"]["stage"] == "input"
    rows = yusuan.records([str(text), str(SAMPLES / "basic_data_1.docx")], kind="documents")
    assert rows.status.tolist() == ["failed", "ok"]
    with pytest.raises(ValueError):
        yusuan.records([str(text)], kind="sangong")


def test_dask_example_equals_a_single_process(tmp_path):
    """The example runs as a user runs it (its own process, a LocalCluster of
    2 worker processes) and writes what one process gives."""
    pytest.importorskip("dask.distributed", reason="skipped: dask[distributed] is not installed")
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SAMPLES.glob("*.docx")) + sorted(SAMPLES.glob("*.xlsx")):
        (folder / p.name).write_bytes(p.read_bytes())
    example = ROOT / "crates/yusuan-py/examples/dask_records.py"
    out = subprocess.run(
        [sys.executable, str(example), str(folder), str(tmp_path / "out"),
         "--kind", "indicators", "--workers", "2", "--chunk", "3"],
        capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    distributed = pq.read_table(out.stdout.strip().splitlines()[-1])
    inputs = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    single = yusuan.records(inputs, kind="indicators", as_arrow=True)
    assert distributed.num_rows == single.num_rows > 100
    assert distributed.equals(single)


def test_the_gil_is_released_while_documents_run():
    """Another Python thread keeps running while extract_many and extract
    work in Rust: it counts its loop turns inside the call's time span."""
    paths = [str(p) for p in sorted(SAMPLES.glob("*.pdf"))] * 3
    span = {}
    turns = []
    done = threading.Event()

    def work():
        span["start"] = time.perf_counter()
        for _ in yusuan.extract_many(paths, jobs=1):
            pass
        yusuan.extract(paths[0])
        span["end"] = time.perf_counter()
        done.set()

    def count():
        while not done.is_set():
            turns.append(time.perf_counter())

    t1 = threading.Thread(target=work)
    t2 = threading.Thread(target=count)
    t2.start()
    t1.start()
    t1.join()
    t2.join()
    inside = [t for t in turns if span["start"] + 0.01 < t < span["end"] - 0.01]
    assert span["end"] - span["start"] > 0.05
    # With the GIL held through the Rust calls the counter would stall for
    # their whole length; released, it turns all along.
    assert len(inside) > 1000, (len(inside), span)
