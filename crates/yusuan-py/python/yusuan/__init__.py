"""yusuan: Chinese government budget disclosures as structured, verified data.

The pipeline (reading PDF, Word and workbooks, rebuilding tables, reading
records, auditing the arithmetic) runs in Rust, the GIL released; this module
turns its output into Python values:

- :func:`extract` — one file (or bytes) to the Document of the output
  contract (docs/schema.md) as a dict; numbers are :class:`decimal.Decimal`,
  so money is exact;
- :func:`extract_many` — many files, in input order, run in parallel in Rust;
  a file that fails gives its error record, not an exception;
- :func:`tables` — the tables of one file as pandas DataFrames, like
  Camelot's ``.df``, with ``.attrs`` (id, kind, title, unit, pages);
- :func:`records` — a record table of many files (the columns of
  ``yusuan extract --format parquet``) as one DataFrame, money as Decimal.

Example::

    >>> import yusuan
    >>> doc = yusuan.extract("samples/selfeval_project_2.docx")
    >>> doc["meta"]["department"]
    '岳阳市岳阳楼区司法局'
    >>> t = yusuan.records(["samples/basic_data_1.docx"], kind="three_public")
    >>> t[["fiscal_year", "basis", "total_yuan"]].iloc[0].tolist()
    [2022, 'final_account', Decimal('108000.000000')]
"""

from __future__ import annotations

import decimal
import io
import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from . import _yusuan

__all__ = [
    "ExtractError",
    "RECORD_KINDS",
    "extract",
    "extract_many",
    "records",
    "tables",
    "__version__",
]

__version__: str = _yusuan.VERSION

#: The record tables :func:`records` can give, in output order.
RECORD_KINDS: List[str] = list(_yusuan.record_kinds())

PathLike = Union[str, "os.PathLike[str]"]


class ExtractError(Exception):
    """A file could not be processed.

    ``stage`` is the pipeline stage that failed (``"input"``, ``"pdf"``,
    ``"docx"``, ``"sheet"``, ``"layout"``, ``"records"``, ``"audit"``);
    ``path`` the file as given; ``record`` the whole error record
    (``{"schema_version", "source", "error"}``) the CLI would print.
    """

    def __init__(self, record: Dict[str, Any]):
        self.record = record
        self.stage: str = record["error"]["stage"]
        self.path: str = record["source"]["path"]
        self.message: str = record["error"]["message"]
        super().__init__(f"{self.path}: {self.stage}: {self.message}")


def _loads(text: str) -> Dict[str, Any]:
    # Decimal, never float: money is exact, as in the JSON the CLI prints.
    return json.loads(text, parse_float=decimal.Decimal)


def _timeout(timeout: Optional[float]) -> Optional[float]:
    return None if timeout is None else float(timeout)


def extract(
    path_or_bytes: Union[PathLike, bytes],
    *,
    timeout: Optional[float] = None,
    name: Optional[str] = None,
) -> Dict[str, Any]:
    """The Document of one file, as a dict (the JSON of ``yusuan extract``).

    ``path_or_bytes`` is a path or the file's bytes (``name`` is then what
    ``source.path`` says, ``"<bytes>"`` by default). ``timeout`` limits the
    pipeline's time in seconds. Numbers are :class:`decimal.Decimal`.

    Raises :class:`ExtractError` (with ``stage`` and ``path``) when the file
    cannot be processed.

    >>> doc = extract("samples/target_project_1.docx")
    >>> doc["meta"]["doc_type"], len(doc["records"]["indicators"]) > 0
    ('performance_target', True)
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        source: Union[str, bytes] = bytes(path_or_bytes)
    else:
        source = os.fspath(path_or_bytes)
    result = _loads(_yusuan.extract_json(source, name=name, timeout=_timeout(timeout)))
    if "error" in result:
        raise ExtractError(result)
    return result


def extract_many(
    paths: Iterable[PathLike],
    *,
    jobs: Optional[int] = None,
    timeout: Optional[float] = None,
) -> Iterator[Dict[str, Any]]:
    """Documents of many files, in input order, run in parallel in Rust.

    ``jobs`` threads (default: the machine's cores) run the files with the GIL
    released; each result is yielded as soon as it and every earlier one are
    done. A file that fails yields its error record (a dict with ``"error"``)
    and the iteration goes on.

    >>> docs = list(extract_many(["samples/basic_data_1.docx", "README.md"], jobs=2))
    >>> [("error" in d) for d in docs]
    [False, True]
    """
    sources = [os.fspath(p) for p in paths]
    for text in _yusuan.extract_many_json(sources, jobs=jobs, timeout=_timeout(timeout)):
        yield _loads(text)


def _grid(table: Dict[str, Any], fill_merged: bool) -> List[List[str]]:
    rows = [["" for _ in range(table["n_cols"])] for _ in range(table["n_rows"])]
    for cell in table["cells"]:
        for r in range(cell["row"], cell["row"] + cell["rowspan"]):
            for c in range(cell["col"], cell["col"] + cell["colspan"]):
                if r < len(rows) and c < len(rows[r]):
                    first = r == cell["row"] and c == cell["col"]
                    rows[r][c] = cell["text"] if (first or fill_merged) else ""
    return rows


def tables(
    path_or_bytes: Union[PathLike, bytes],
    *,
    fill_merged: bool = True,
    timeout: Optional[float] = None,
) -> "List[Any]":
    """The tables of one file as pandas DataFrames of strings, one per table.

    Like Camelot's ``table.df``: a DataFrame of the grid as printed, integer
    row and column labels, header rows included. A merged cell's text fills
    every position it covers (``fill_merged=True``) or only its top-left
    one, the others ``""``. ``.attrs`` holds ``id``, ``kind``, ``title``,
    ``unit``, ``pages`` and ``header_rows``.

    >>> frames = tables("samples/selfeval_project_2.docx")
    >>> frames[0].attrs["kind"], frames[0].iloc[0, 0]
    ('self_evaluation_project', '项目支出名称')
    """
    import pandas as pd

    doc = extract(path_or_bytes, timeout=timeout)
    out = []
    for t in doc["tables"]:
        frame = pd.DataFrame(_grid(t, fill_merged), dtype=object)
        frame.attrs.update(
            id=t["id"],
            kind=t["kind"],
            title=t["title"],
            unit=t["unit"],
            pages=list(t["pages"]),
            header_rows=t.get("header_rows", 0),
        )
        out.append(frame)
    return out


def records(
    paths: Union[PathLike, Iterable[PathLike]],
    kind: str = "three_public",
    *,
    jobs: Optional[int] = None,
    timeout: Optional[float] = None,
    as_arrow: bool = False,
) -> Any:
    """A record table of one or many files as a pandas DataFrame.

    ``kind`` is one of :data:`RECORD_KINDS` (``"documents"``, ``"tables"``,
    ``"facts"``, ``"three_public"``, ``"indicators"``, ``"budget_lines"``,
    ``"fund_summary"``, ``"findings"``, ``"claims"``); the columns are those of the
    Parquet files of ``yusuan extract --format parquet`` (docs/schema.md,
    "Record tables"), rows in input order. Money and other decimals are
    :class:`decimal.Decimal`; ``as_arrow=True`` gives the pyarrow Table
    instead (decimal128(38, 6)). Files that fail give rows only in
    ``"documents"`` (status ``failed``, with the stage and message).

    >>> t = records(["samples/selfeval_project_2.docx"], kind="fund_summary")
    >>> t.loc[0, "row_label"], t.loc[0, "executed_yuan"]
    ('年度资金总额', Decimal('3070000.000000'))
    """
    import pyarrow.parquet as pq

    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]  # type: ignore[list-item]
    sources = [os.fspath(p) for p in paths]  # type: ignore[union-attr]
    if kind not in RECORD_KINDS:
        raise ValueError(f"no record table {kind!r}; expected one of {', '.join(RECORD_KINDS)}")
    data = _yusuan.records_parquet(sources, kind, jobs=jobs, timeout=_timeout(timeout))
    table = pq.read_table(io.BytesIO(data))
    return table if as_arrow else table.to_pandas()
