#!/usr/bin/env python3
"""bench/run helper: parse one tool run, or summarize a run directory.

usage: summarize.py collect TOOL REP EXIT WALL RSS LOAD OUT ERR RUNDIR [CPU]
       summarize.py summary RUNDIR

collect appends the tool's per-file rows to RUNDIR/raw.csv and one row to runs.csv.
summary prints a markdown report: pages/s per tool (best repetition by work time), the
ratio of yusuan (single-threaded and all cores) to each tool, peak memory, a per-file
table (best seconds per file, one column per tool, delta = tool / yusuan-j1) and the
slowest files for yusuan; with a yusuan-base (before) build in the run, before/after medians of
CPU time, wall time and peak RSS.
"""
import csv
import os
import re
import sys

TOOLS = ["yusuan-j1", "yusuan-jall", "yusuan-base-j1", "yusuan-base-jall", "pdftotext", "pdfplumber", "pymupdf", "pymupdf-layout", "camelot"]
LABELS = {
    "yusuan-j1": "yusuan extract -j 1 (full pipeline)",
    "yusuan-jall": "yusuan extract -j all (full pipeline)",
    "yusuan-base-j1": "base build, -j 1 (before)",
    "yusuan-base-jall": "base build, -j all (before)",
    "pdftotext": "pdftotext -layout (text only)",
    "pdfplumber": "pdfplumber extract_tables",
    "pymupdf": "PyMuPDF find_tables(use_layout=False)",
    "pymupdf-layout": "PyMuPDF find_tables() default (layout model)",
    "camelot": "Camelot lattice, engine=vector",
}


def file_pages(run):
    pages = {}
    with open(os.path.join(run, "files.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pages[row["file"]] = int(row["pages"] or 0)
    return pages


def parse_duration(text):
    m = re.match(r"([\d.]+) (ms|s)", text)
    if not m:
        return None
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "ms" else v


def collect(tool, rep, exit_cell, wall, rss, load, out, err, run, cpu=""):
    pages_of = file_pages(run)
    rows = []  # (file, pages, seconds, status)
    work = None
    tables = ""
    if tool.startswith("yusuan"):
        ok_docs = set()
        tables_total = 0
        with open(out, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    import json
                    d = json.loads(line)
                except ValueError:
                    continue
                path = d.get("source", {}).get("path")
                if "error" in d:
                    rows.append((path, 0, "", "error: " + d["error"].get("stage", "") + ": "
                                 + d["error"].get("message", "")[:150]))
                else:
                    ok_docs.add(path)
                    tables_total += len(d.get("tables") or [])
        tables = tables_total
        times = {}
        with open(err, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"timings: (.*): .* · total ([\d.]+ m?s)", line.rstrip("\n"))
                if m:
                    times[m.group(1)] = parse_duration(m.group(2))
        for path in sorted(ok_docs):
            rows.append((path, pages_of.get(path, 0), times.get(path, ""), "ok"))
        work = float(wall)
    elif tool == "pdftotext":
        with open(out, encoding="utf-8", errors="replace") as f:
            for r in csv.reader(f):
                if len(r) >= 5:
                    rows.append((r[0], pages_of.get(r[0], 0) if r[4] == "ok" else 0, float(r[2]), r[4]))
        work = float(wall)
        tables = ""
    else:
        with open(out, encoding="utf-8", errors="replace") as f:
            for r in csv.reader(f):
                if len(r) < 5:
                    continue
                if r[0] == "TOTAL":
                    work = float(r[2])
                    tables = r[3]
                else:
                    rows.append((r[0], int(r[1] or 0), float(r[2]), r[4]))
    pages_done = sum(p for (_, p, _, s) in rows if s == "ok")
    with open(os.path.join(run, "raw.csv"), "a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for (path, pages, secs, status) in rows:
            w.writerow([tool, rep, path, pages, secs, status])
    if exit_cell not in ("0",) and work is None:
        work = ""
    with open(os.path.join(run, "runs.csv"), "a", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow([tool, rep, exit_cell, f"{float(wall):.3f}",
                                f"{work:.3f}" if isinstance(work, float) else "",
                                pages_done, tables, rss, load, cpu])


def summary(run):
    runs = {}
    with open(os.path.join(run, "runs.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            runs.setdefault(r["tool"], []).append(r)
    pages_total = sum(file_pages(run).values())
    n_files = len(file_pages(run))
    best = {}
    for tool, rs in runs.items():
        good = [r for r in rs if r["exit"] in ("0", "1") and r["work_s"]]
        if not good:
            best[tool] = None
            continue
        b = min(good, key=lambda r: float(r["work_s"]))
        rss = max(int(r["max_rss_kb"] or 0) for r in rs)
        works = sorted(float(r["work_s"]) for r in good)
        best[tool] = dict(b, rss=rss, median=works[len(works) // 2], reps=len(good), all=len(rs))

    def pps(tool):
        b = best.get(tool)
        if not b:
            return None
        return int(b["pages"]) / float(b["work_s"]) if float(b["work_s"]) > 0 else None

    y1, yall = pps("yusuan-j1"), pps("yusuan-jall")
    out = []
    out.append(f"# bench/run: {os.path.basename(run)}\n")
    out.append(f"{n_files} PDFs with a text layer, {pages_total} pages. Best of the repetitions by "
               "work time (median in brackets); pages/s = pages read / work time. Python import time "
               "is excluded; pdftotext and yusuan include process start-up.\n")
    out.append("| tool | pages/s | yusuan -j 1 is … × faster | yusuan -j all is … × faster | "
               "pages | tables | peak RSS | runs ok |")
    out.append("|---|---|---|---|---|---|---|---|")
    for tool in TOOLS:
        if tool not in runs:
            continue
        b = best[tool]
        if b is None:
            exits = ", ".join(r["exit"] for r in runs[tool])
            out.append(f"| {LABELS[tool]} | failed (exit {exits}) | – | – | – | – | – | 0/{len(runs[tool])} |")
            continue
        p = pps(tool)
        med = int(b["pages"]) / b["median"] if b["median"] else 0
        r1 = f"{y1 / p:.2f}" if (y1 and p) else "–"
        ra = f"{yall / p:.2f}" if (yall and p) else "–"
        out.append(f"| {LABELS[tool]} | **{p:.1f}** ({med:.1f}) | {r1} | {ra} | {b['pages']} | "
                   f"{b['tables'] or '–'} | {int(b['rss']) / 1024:.0f} MB | {b['reps']}/{b['all']} |")
    out.extend(before_after(runs))
    if y1 and yall:
        out.append(f"\nSpeedup of yusuan from -j 1 to -j all: **{yall / y1:.2f}×** "
                   f"({y1:.1f} → {yall:.1f} pages/s, best runs).")
    sp_path = os.path.join(run, "speedup.csv")
    if os.path.exists(sp_path):
        with open(sp_path, encoding="utf-8") as f:
            sp = list(csv.DictReader(f))
        by_j = {}
        for r in sp:
            by_j.setdefault(int(r["jobs"]), []).append(r)
        if 1 in by_j and len(by_j) > 1:
            jn = max(by_j)
            def best_of(rs):
                return min(rs, key=lambda r: float(r["wall_s"]))
            def med(rs):
                ws = sorted(float(r["wall_s"]) for r in rs)
                return ws[len(ws) // 2]
            b1, bn = best_of(by_j[1]), best_of(by_j[jn])
            out.append(f"\nbench/speedup, {len(by_j[1])} alternated rounds (speedup.csv): -j 1 best "
                       f"{float(b1['wall_s']):.2f} s ({b1['cpu_percent']}% CPU), -j {jn} best "
                       f"{float(bn['wall_s']):.2f} s ({bn['cpu_percent']}% CPU): **{float(b1['wall_s']) / float(bn['wall_s']):.2f}×** "
                       f"best to best, {med(by_j[1]) / med(by_j[jn]):.2f}× median to median "
                       f"(CPU seconds -j 1 {float(b1['cpu_s']):.2f}, -j {jn} {float(bn['cpu_s']):.2f}).")
    loads = [float(r["load_before"]) for rs in runs.values() for r in rs
             if r.get("load_before") not in (None, "")]
    if loads:
        out.append(f"\nLoad average (1 min) when each tool started: {min(loads):.2f}–{max(loads):.2f} "
                   f"(median {sorted(loads)[len(loads) // 2]:.2f}).")
    # Per file: best seconds per tool.
    per = {}
    with open(os.path.join(run, "raw.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = (r["file"], r["tool"])
            if r["status"] != "ok":
                per.setdefault(key, r["status"][:40])
                continue
            try:
                s = float(r["seconds"])
            except ValueError:
                continue
            old = per.get(key)
            if not isinstance(old, float) or s < old:
                per[key] = s
    cols = [t for t in TOOLS if t in runs and t not in ("yusuan-jall", "yusuan-base-jall")]
    out.append("\n## Per file (best seconds; × = tool time / yusuan -j 1 time)\n")
    out.append("| file | pages | " + " | ".join(cols) + " | × slowest other |")
    out.append("|---|---|" + "---|" * len(cols) + "---|")
    pages_of = file_pages(run)
    for path in sorted(pages_of):
        cells = []
        for t in cols:
            v = per.get((path, t))
            cells.append(f"{v:.3f}" if isinstance(v, float) else (v or "–"))
        y = per.get((path, "yusuan-j1"))
        others = [per.get((path, t)) for t in cols if t not in ("yusuan-j1", "yusuan-base-j1", "pdftotext")]
        others = [o for o in others if isinstance(o, float)]
        delta = f"{max(others) / y:.0f}×" if (isinstance(y, float) and y > 0 and others) else "–"
        out.append(f"| {os.path.basename(path)[:60]} | {pages_of[path]} | " + " | ".join(cells) + f" | {delta} |")
    ys = [(v, k[0]) for k, v in per.items() if k[1] == "yusuan-j1" and isinstance(v, float)]
    ys.sort(reverse=True)
    out.append("\n## Slowest files for yusuan -j 1\n")
    for v, path in ys[:5]:
        out.append(f"- {v:.3f} s  {os.path.basename(path)} ({pages_of.get(path, '?')} pages)")
    print("\n".join(out))


def median(values):
    values = sorted(values)
    if not values:
        return None
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def before_after(runs):
    """Medians over the repetitions of the current build against the --base build."""
    out = []
    pairs = [(a, b) for a, b in (("yusuan-j1", "yusuan-base-j1"), ("yusuan-jall", "yusuan-base-jall"))
             if a in runs and b in runs]
    if not pairs:
        return out

    def med(tool, key):
        return median([float(r[key]) for r in runs[tool]
                       if r["exit"] in ("0", "1") and r.get(key) not in (None, "")])

    out.append("\n## Before (--base) and after, medians of the repetitions\n")
    out.append("| run | CPU s before | CPU s after | after/before | wall s before | wall s after "
               "| peak RSS before | peak RSS after |")
    out.append("|---|---|---|---|---|---|---|---|")
    for a, b in pairs:
        cb, ca = med(b, "cpu_s"), med(a, "cpu_s")
        wb, wa = med(b, "wall_s"), med(a, "wall_s")
        mb, ma = med(b, "max_rss_kb"), med(a, "max_rss_kb")
        ratio = f"{ca / cb:.3f}" if (ca and cb) else "–"
        fmt = lambda v, f: f.format(v) if v is not None else "–"
        out.append(f"| {LABELS[a].replace(' (full pipeline)', '')} | {fmt(cb, '{:.2f}')} | {fmt(ca, '{:.2f}')} | "
                   f"{ratio} | {fmt(wb, '{:.2f}')} | {fmt(wa, '{:.2f}')} | "
                   f"{fmt(mb and mb / 1024, '{:.0f} MB')} | {fmt(ma and ma / 1024, '{:.0f} MB')} |")
    if "pdftotext" in runs:
        ct = med("pdftotext", "cpu_s")
        if ct:
            out.append(f"\npdftotext -layout, same run: {ct:.2f} s CPU (median).")
    return out


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "collect" and len(sys.argv) in (11, 12):
        collect(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        sys.exit(__doc__)
