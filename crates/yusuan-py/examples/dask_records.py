"""Run a folder of disclosures through a Dask cluster and write a record
table as Parquet.

    python crates/yusuan-py/examples/dask_records.py samples/ out/ --kind three_public --workers 2

Each Dask task runs ``yusuan.records`` on a chunk of files (the pipeline runs
in Rust with the GIL released, one thread per worker here); the frames are
gathered in input order and written with pyarrow, with the same columns and
types (DECIMAL(38, 6) money) as ``yusuan extract --format parquet``.

This machine: ``LocalCluster``. Many machines: start ``dask scheduler`` on one
host and ``dask worker tcp://HOST:8786`` on the others (each with
``pip install yusuan`` and the files at the same path, e.g. a shared mount),
then pass ``--scheduler tcp://HOST:8786`` instead of ``--workers``. Nothing
else changes: yusuan runs in each worker as it is, no scheduler of its own.
"""

from __future__ import annotations

import argparse
import os
import pathlib
from typing import List

import pyarrow as pa
import pyarrow.parquet as pq

import yusuan


def find_inputs(folder: str) -> List[str]:
    """Files under ``folder``, sorted (as ``yusuan extract DIR`` walks it)."""
    root = pathlib.Path(folder)
    return sorted(str(p) for p in root.rglob("*") if p.is_file())


def chunk_records(paths: List[str], kind: str) -> pa.Table:
    """One task: the record table of a chunk of files, as an Arrow table
    (serializes between processes without losing the decimal type)."""
    return yusuan.records(paths, kind=kind, jobs=1, as_arrow=True)


def run(folder: str, out: str, kind: str, workers: int = 2, scheduler: str = "", chunk: int = 4) -> str:
    """Runs every file of ``folder`` on a Dask cluster; writes and returns
    ``out/<kind>.parquet``."""
    from dask.distributed import Client, LocalCluster

    paths = [p for p in find_inputs(folder)]
    chunks = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(chunk_records, chunks, kind=kind, pure=False)
        tables = client.gather(futures)  # in input order
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    table = pa.concat_tables(tables)
    os.makedirs(out, exist_ok=True)
    target = os.path.join(out, f"{kind}.parquet")
    pq.write_table(table, target)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("out")
    ap.add_argument("--kind", default="three_public", choices=yusuan.RECORD_KINDS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", default="", help="tcp://HOST:8786 of a running dask scheduler")
    ap.add_argument("--chunk", type=int, default=4, help="files per task")
    args = ap.parse_args()
    print(run(args.folder, args.out, args.kind, args.workers, args.scheduler, args.chunk))


if __name__ == "__main__":
    main()
