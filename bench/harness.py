#!/usr/bin/env python3
"""Times one reference tool over PDF files, one file after another, in one process.

usage: harness.py TOOL FILE...
TOOL: pdfplumber | pymupdf | pymupdf-layout | camelot

Imports happen before the clock starts (library import time is not counted, as in
../shared/research/table-tools-baseline.md). Prints one CSV line per file
(file,pages,seconds,tables,status) and a last line TOTAL,pages,seconds,tables,ok.
A file that raises is a row with status "error: ..." and the run goes on.
"""
import csv
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def run_pdfplumber(path):
    import pdfplumber
    pages = tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += len(page.extract_tables())
            pages += 1
    return pages, tables


def run_pymupdf(path, use_layout):
    import pymupdf
    pages = tables = 0
    with pymupdf.open(path) as doc:
        for page in doc:
            found = page.find_tables() if use_layout else page.find_tables(use_layout=False)
            for t in found.tables:
                t.extract()
            tables += len(found.tables)
            pages += 1
    return pages, tables


def run_camelot(path):
    import camelot
    import pymupdf
    with pymupdf.open(path) as doc:
        pages = doc.page_count
    found = camelot.read_pdf(path, pages="all", flavor="lattice", engine="vector",
                             suppress_stdout=True)
    for t in found:
        _ = t.df
    return pages, len(found)


TOOLS = {
    "pdfplumber": run_pdfplumber,
    "pymupdf": lambda p: run_pymupdf(p, False),
    "pymupdf-layout": lambda p: run_pymupdf(p, True),
    "camelot": run_camelot,
}

IMPORTS = {
    "pdfplumber": ["pdfplumber"],
    "pymupdf": ["pymupdf"],
    "pymupdf-layout": ["pymupdf", "pymupdf.layout"],
    "camelot": ["camelot", "pymupdf"],
}


def main(argv):
    if len(argv) < 2 or argv[0] not in TOOLS:
        sys.exit(__doc__)
    tool, files = argv[0], argv[1:]
    for mod in IMPORTS[tool]:
        try:
            __import__(mod)
        except Exception:
            pass
    out = csv.writer(sys.stdout, lineterminator="\n")
    total_pages = total_tables = ok = 0
    start_all = time.perf_counter()
    for path in files:
        start = time.perf_counter()
        try:
            pages, tables = TOOLS[tool](path)
            status = "ok"
            ok += 1
        except Exception as e:  # a failing file is a cell, not the end of the run
            pages, tables, status = 0, 0, f"error: {type(e).__name__}: {e}"[:200]
        took = time.perf_counter() - start
        total_pages += pages
        total_tables += tables
        out.writerow([path, pages, f"{took:.4f}", tables, status])
        sys.stdout.flush()
    out.writerow(["TOTAL", total_pages, f"{time.perf_counter() - start_all:.4f}", total_tables, ok])


if __name__ == "__main__":
    main(sys.argv[1:])
