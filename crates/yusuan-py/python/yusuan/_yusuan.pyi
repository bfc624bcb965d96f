"""Typed stubs of the native module (crates/yusuan-py/src/lib.rs)."""

from typing import Iterator, List, Optional, Union

VERSION: str

def extract_json(
    source: Union[str, bytes], *, name: Optional[str] = None, timeout: Optional[float] = None
) -> str:
    """One input through the pipeline, the GIL released: the Document, or the
    error record in its place, as JSON text."""

class Many(Iterator[str]):
    """JSON texts of many inputs, in input order."""

    def __iter__(self) -> "Many": ...
    def __next__(self) -> str: ...

def extract_many_json(
    sources: List[str], *, jobs: Optional[int] = None, timeout: Optional[float] = None
) -> Many:
    """Starts worker threads over the paths; iterate for their JSON texts."""

def records_parquet(
    sources: List[str], kind: str, *, jobs: Optional[int] = None, timeout: Optional[float] = None
) -> bytes:
    """The record table ``kind`` of the inputs as the bytes of a Parquet file."""

def record_kinds() -> List[str]:
    """The names of the record tables, in output order."""
