#!/usr/bin/env python3
"""Write docs/audit-corpus.md from the corpus run's findings.

    cargo test -p yusuan-audit --test corpus        # writes target/audit-corpus.jsonl
    python3 crates/yusuan-audit/scripts/corpus_report.py

Every error finding must have a verification note in
crates/yusuan-audit/tests/data/corpus_errors.tsv (how it was checked on the
rendered page); the script stops on an error without one, and so does the
corpus test, so a new error cannot reach the report unchecked.
"""

import collections
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
SRC = os.path.join(ROOT, "target", "audit-corpus.jsonl")
OUT = os.path.join(ROOT, "docs", "audit-corpus.md")

VERIFIED_TSV = os.path.join(ROOT, "crates", "yusuan-audit", "tests", "data", "corpus_errors.tsv")


def load_verified():
    """(document, page, rule) -> how the error was verified, from the TSV the
    corpus test also reads."""
    out = {}
    for line in open(VERIFIED_TSV, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        doc, page, rule, note = line.rstrip("\n").split("\t")
        out[(doc, int(page), rule)] = note
    return out


VERIFIED = load_verified()

TEXT_TSV = os.path.join(ROOT, "crates", "yusuan-audit", "tests", "data", "corpus_text_findings.tsv")


def load_text_verified():
    """(document, page, rule) -> note, for the text rules' warnings and errors."""
    out = {}
    for line in open(TEXT_TSV, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        doc, page, rule, _count, note = line.rstrip("\n").split("\t")
        out[(doc, int(page), rule)] = note
    return out


VERIFIED.update(load_text_verified())


def is_text_rule(rule):
    return rule.startswith(("claim_", "text_", "toc_"))

XIAN = "020_西安_卫生健康委员会_2026年部门预算.pdf"

# (document, page, rule of the finding it explains, note)
UPSTREAM_NOTES = [
    (XIAN, 31, "weights_total",
     "西安 卫健委 p. 30–31 (部门整体支出绩效自评表, table t3): the funds' 分值 are given per task "
     "(0.58 …) above the indicators, which no FundSummary record carries; without a 资金 row the "
     "总分 checks are warnings."),
    (XIAN, 72, "execution_rate",
     "西安 卫健委 p. 72: the text layer holds \"100.005\" where the page shows 100.00%; 执行率 "
     "differences up to 0.005 points are info."),
]


def main():
    if not os.path.exists(SRC):
        sys.exit(f"{SRC} missing: run `cargo test -p yusuan-audit --test corpus` first")
    docs = collections.OrderedDict()
    for line in open(SRC, encoding="utf-8"):
        v = json.loads(line)
        if "rule" not in v:
            docs[v["doc"]] = {"head": v, "findings": []}
        else:
            docs[v["doc"]]["findings"].append(v)
    sev_order = {"error": 0, "warning": 1, "info": 2}
    totals = collections.Counter()
    by_rule = collections.Counter()
    missing = []
    for d in docs.values():
        for f in d["findings"]:
            totals[f["severity"]] += 1
            by_rule[(f["rule"], f["severity"])] += 1
            checked = f["severity"] == "error" or (is_text_rule(f["rule"]) and f["severity"] == "warning")
            if checked and (d["head"]["doc"], f["page"], f["rule"]) not in VERIFIED:
                missing.append(f"{d['head']['doc']} p. {f['page']} {f['rule']}: {f['message']}")
    if missing:
        sys.exit("errors without a verification note:\n" + "\n".join(missing))

    w = []
    w.append("# Audit findings on the corpus\n")
    w.append("Every finding `yusuan-audit` gives on the 44 PDFs of `../shared/corpus/pdf` and the 2 "
             "workbooks of `../shared/corpus/xlsx`, run through the pipeline the CLI runs "
             "(`yusuan-pipeline`, OCR off: read → layout → records → claims → audit) by "
             "`cargo test -p yusuan-audit --test corpus` and written here by "
             "`crates/yusuan-audit/scripts/corpus_report.py`. Each **error** was looked at on the rendered "
             "page (`pdftoppm -r 80 -f N -l N -png FILE`), or for a workbook in its cells (xlrd); its line "
             "says what was seen. Warnings and info "
             "were not verified one by one: a warning means the identity failed but the audit cannot be "
             "sure the parts it read are all the parts (or the rule is a convention, not arithmetic); info "
             "marks differences within the printed rounding and standard tables not found. The text rules "
             "(`claim_*`, `text_*`, `toc_*`) are held to more: each of their warnings was looked at too "
             "(`tests/data/corpus_text_findings.tsv`).\n")
    ndocs = len(docs)
    nread = sum(1 for d in docs.values() if "error" not in d["head"])
    with_errors = sum(1 for d in docs.values() if any(f["severity"] == "error" for f in d["findings"]))
    w.append(f"**{ndocs} documents ({nread} read); findings: {totals['error']} errors, "
             f"{totals['warning']} warnings, {totals['info']} info. All {totals['error']} errors (in "
             f"{with_errors} documents) were checked on the rendered pages (workbooks: in their cells) and are "
             f"inconsistencies printed "
             f"in the documents; no false error is known.**\n")
    w.append("## Findings by rule\n")
    w.append("| rule | error | warning | info |")
    w.append("|---|---:|---:|---:|")
    for rule in sorted({r for r, _ in by_rule}):
        w.append(f"| `{rule}` | {by_rule[(rule, 'error')]} | {by_rule[(rule, 'warning')]} | {by_rule[(rule, 'info')]} |")
    w.append("")
    w.append("## Documents\n")
    w.append("| document | pages | doc_type | errors | warnings | info |")
    w.append("|---|---:|---|---:|---:|---:|")
    for name, d in docs.items():
        c = collections.Counter(f["severity"] for f in d["findings"])
        h = d["head"]
        w.append(f"| {name} | {h.get('pages', '')} | {h.get('doc_type', '')} | {c['error']} | {c['warning']} | {c['info']} |")
    w.append("")
    w.append("`duplicate_indicator` warnings (most in the 北京 project target tables) were not checked "
             "one by one: the same name, 二级指标 and target listed twice under one `project`; a project "
             "attributed wrongly by records would also give them.\n")
    w.append("## Findings per document\n")
    w.append("Format: `severity · rule · page · table/row · label` — message. Rows count from 0 in the "
             "reconstructed table.\n")
    for name, d in docs.items():
        fs = sorted(d["findings"], key=lambda f: (sev_order[f["severity"]], f["page"] or 0, f["row"] or 0))
        w.append(f"### {name}\n")
        if "error" in d["head"]:
            w.append(f"not read: {d['head']['error']}\n")
            continue
        if not fs:
            w.append("no findings.\n")
            continue
        for f in fs:
            where = f"p. {f['page']}" if f["page"] else "document"
            tr = f"{f['table']}/{f['row']}" if f["table"] else "–"
            label = f" · “{f['label']}”" if f["label"] else ""
            w.append(f"- **{f['severity']}** · `{f['rule']}` · {where} · {tr}{label} — {f['message']}")
            if f.get("quote"):
                w.append(f"  - 「{f['quote']}」")
            if f["severity"] == "error" or (is_text_rule(f["rule"]) and f["severity"] == "warning"):
                w.append(f"  - verified: {VERIFIED[(name, f['page'], f['rule'])]}")
        w.append("")
    # Each note is printed only while the finding it explains is still there
    # (upstream stages change; a fixed misread drops out of the report).
    present = {(name, f["page"], f["rule"]) for name, d in docs.items() for f in d["findings"]}
    notes = [n for n in UPSTREAM_NOTES if (n[0], n[1], n[2]) in present]
    if notes:
        w.append("## Upstream misreads behind some warnings and info (not audit rules)\n")
        for _, _, _, text in notes:
            w.append(f"- {text}")
        w.append("")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(w))
    print(f"wrote {OUT}: {ndocs} documents, {dict(totals)}")


if __name__ == "__main__":
    main()
