#!/usr/bin/env python3
"""Validate the truth grids in this directory (format: ../../../shared/truth/README.md).

Checks per file: required keys, nrows == len(rows), every row has ncols cells (all strings),
spans inside the grid and not overlapping, span text equals the anchor cell, covered slots
empty, nonempty_cells correct, row_pages has nrows entries and every page is in pages,
pages ascending, header_rows within 0..nrows, file name exists in the corpus (when present).
Exit status 1 on any problem.  Usage: python3 golden/truth/check.py [files...]
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "shared", "corpus", "pdf")
KEYS = ["file", "pages", "title", "unit", "notes", "nrows", "ncols", "header_rows",
        "rows", "spans", "row_pages", "nonempty_cells"]


def check(path):
    errs = []
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    for k in KEYS:
        if k not in d:
            errs.append(f"missing key {k}")
    if errs:
        return errs
    rows, R, C = d["rows"], d["nrows"], d["ncols"]
    if R != len(rows):
        errs.append(f"nrows {R} != len(rows) {len(rows)}")
    for i, r in enumerate(rows):
        if len(r) != C:
            errs.append(f"row {i} has {len(r)} cells, ncols {C}")
        if not all(isinstance(c, str) for c in r):
            errs.append(f"row {i} has a non-string cell")
    if d["unit"] not in ("元", "万元", None):
        errs.append(f"unit {d['unit']!r}")
    if not (0 <= d["header_rows"] <= R):
        errs.append("header_rows out of range")
    owner = {}
    for s in d["spans"]:
        r, c, rs, cs = s["row"], s["col"], s["rowspan"], s["colspan"]
        if rs < 1 or cs < 1 or rs * cs < 2:
            errs.append(f"span {s} is not a merge")
        if r < 0 or c < 0 or r + rs > R or c + cs > C:
            errs.append(f"span {s} outside the {R}x{C} grid")
            continue
        if rows[r][c] != s["text"]:
            errs.append(f"span text {s['text']!r} != anchor cell {rows[r][c]!r}")
        for y in range(r, r + rs):
            for x in range(c, c + cs):
                if (y, x) in owner:
                    errs.append(f"spans overlap at ({y},{x})")
                owner[(y, x)] = (r, c)
                if (y, x) != (r, c) and rows[y][x] != "":
                    errs.append(f"covered slot ({y},{x}) not empty: {rows[y][x]!r}")
    n = sum(1 for r in rows for c in r if c != "")
    if n != d["nonempty_cells"]:
        errs.append(f"nonempty_cells {d['nonempty_cells']} != counted {n}")
    if len(d["row_pages"]) != R:
        errs.append(f"row_pages has {len(d['row_pages'])} entries, nrows {R}")
    if any(p not in d["pages"] for p in d["row_pages"]):
        errs.append("row_pages holds a page not in pages")
    if d["row_pages"] != sorted(d["row_pages"]):
        errs.append("row_pages not ascending")
    if d["pages"] != sorted(set(d["pages"])) or set(d["pages"]) != set(d["row_pages"]):
        errs.append("pages must be ascending, unique, and each hold rows")
    if os.path.isdir(CORPUS) and d["file"] not in os.listdir(CORPUS):
        errs.append(f"file {d['file']!r} not in corpus")
    return errs


def main(argv):
    files = argv or sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".json"))
    bad = 0
    for p in files:
        errs = check(p)
        with open(p, encoding="utf-8") as f:
            d = json.load(f)
        status = "ok" if not errs else "FAIL"
        print(f"{status:4} {os.path.basename(p)}  {d.get('nrows')}x{d.get('ncols')} spans={len(d.get('spans', []))} "
              f"nonempty={d.get('nonempty_cells')} pages={d.get('pages')}")
        for e in errs:
            print("     -", e)
        bad += bool(errs)
    print(f"{len(files)} files, {bad} failing")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
