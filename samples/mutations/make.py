#!/usr/bin/env python3
"""Build the audit's mutation samples: each one changes ONE figure of a clean
sample (../make_samples.py --set), so that a known identity no longer holds, or
one phrase of the narrative sample's text (--replace), so that one text rule fires.

    python3 samples/mutations/make.py            # rebuild samples/mutations/*.docx, *.pdf, manifest.json
    python3 samples/mutations/make.py --list     # mutation ids

For every mutation, manifest.json records the change and the findings the
audit must give on both the .docx and the .pdf: rule id, severity, page (of
the PDF; a Word file has no pages, its findings say page 1) and a text the
finding's row must contain (the row's cells that start in that row, joined,
whitespace removed). The test
crates/yusuan-audit/tests/mutations.rs runs the whole pipeline on each file
and asserts that exactly these findings (error or warning) appear, beyond
those of the clean sample.

Needs what ../make_samples.py needs (python-docx, soffice, pdfinfo).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE = os.path.join(HERE, "..", "make_samples.py")


def expect(rule, severity, page, row):
    return {"rule": rule, "severity": severity, "page": page, "row_label": row}


# id, sample, --set spec, what the change breaks, expected findings
MUTATIONS = [
    ("three_public_total", "basic_data_1", "三公经费/2023年决算数=6.75",
     "三公经费 total 5.75 → 6.75; its parts (4.27 + 1.48) unchanged",
     [expect("three_public_total", "error", 1, "三公经费")]),
    ("three_public_vehicle", "basic_data_1", "公车运行维护/2022年决算数=8.93",
     "公车运行维护 8.39 → 8.93 while 公务用车购置和维护经费 stays 8.39",
     [expect("three_public_vehicle", "error", 1, "1、公务用车购置和维护经费")]),
    ("execution_rate", "selfeval_project_2", "年度资金总额/执行率=94.63%",
     "执行率 91.64% → 94.63% (307/335 is 91.64%); the 得分 9.16 then no longer equals 执行率 × 10",
     [expect("execution_rate", "error", 1, "年度资金总额"),
      expect("budget_score", "warning", 1, "年度资金总额")]),
    ("fund_executed", "selfeval_project_2", "其中：当年财政拨款/全年执行数=297",
     "全年执行数 of 当年财政拨款 307 → 297: the sources no longer add up to 年度资金总额 307",
     [expect("fund_total", "error", 1, "年度资金总额")]),
    ("fund_initial", "selfeval_project_1", "年度资金总额/年初预算数=75.65",
     "年初预算数 total 70.65 → 75.65; sources 0 + 0 + 70.65",
     [expect("fund_total", "error", 1, "年度资金总额")]),
    ("indicator_score", "selfeval_project_2", "普法督导考核率/自评得分=3.00",
     "indicator 得分 2.00 → 3.00: 总分 95.66 no longer the sum (96.66)",
     [expect("scores_total", "error", 2, "总分")]),
    ("indicator_weight", "selfeval_overall_1", "接待法律咨询人次/分值=6",
     "分值 5 → 6: the weights add up to 101, 总分 row says 100",
     [expect("weights_total", "error", 1, "总分")]),
    ("category_weight", "selfeval_project_2", "项目实施对象满意度/分值=12",
     "分值 10 → 12 under 满意度指标（10分）: the category and the 总分 row no longer hold",
     [expect("level1_weight", "error", 2, "满意度指标"),
      expect("weights_total", "error", 2, "总分")]),
    ("score_over_weight", "selfeval_overall_1", "办结行政复议案件数/得分=6",
     "得分 5 → 6 with 分值 5: over the weight, and 总分 98 no longer the sum (99)",
     [expect("score_over_weight", "error", 1, "办结行政复议案件数"),
      expect("scores_total", "error", 1, "总分")]),
    ("budget_total", "target_overall_1", "2,1=2292.58",
     "预算支出总额 2282.58 → 2292.58 while 基本支出 合计 1598.17 + 项目支出 合计 684.41 = 2282.58",
     [expect("column_total", "error", 1, "2292.58")]),
    ("basic_subtotal", "target_overall_1", "2,2=1589.17",
     "基本支出 合计 1598.17 → 1589.17: no longer 财政拨款 1598.17 + 专户 + 单位资金, nor a part of "
     "预算支出总额 2282.58",
     [expect("column_total", "error", 1, "2282.58"),
      expect("column_total", "error", 1, "2282.58")]),
    ("total_score", "selfeval_overall_1", "总分/得分=97",
     "总分 得分 98 → 97 (10 + 88 = 98)",
     [expect("scores_total", "error", 1, "总分")]),
    ("fund_other", "selfeval_project_3", "其他：/年初预算数=5,000",
     "其他 年初预算数 0 → 5,000: 财政拨款 100,000 + 其他 5,000 is no longer 年度资金总额 100,000",
     [expect("fund_total", "error", 1, "年度资金总额")]),
    # Text mutants of the narrative sample (issue 13): "replace:OLD=>NEW" changes the text.
    ("text_total", "budget_narrative_1", "replace:收入预算总计1850.50万元=>收入预算总计1950.50万元",
     "the text's 收入预算总计 1850.50 → 1950.50 while the 收支总表 prints 收入总计 1,850.50",
     [expect("claim_table", "error", 2, "收入总计")]),
    ("text_percent", "budget_narrative_1", "replace:增长4.83%=>增长5.83%",
     "增加 85.30 on 1,765.20 is 4.83%, the text now says 5.83%",
     [expect("claim_percent", "error", 2, "")]),
    ("text_direction", "budget_narrative_1", "replace:增加85.30万元=>减少85.30万元",
     "the change amount is now a 减少 while its percent still says 增长",
     [expect("claim_direction", "error", 2, "")]),
    ("text_year", "budget_narrative_1",
     "replace:岳阳市岳阳楼区司法局2025年部门预算情况说明=>岳阳市岳阳楼区司法局2024年部门预算情况说明",
     "the heading of part three names the 2024 volume in the 2025 budget",
     [expect("text_year", "error", 2, "")]),
    ("text_renamed", "budget_narrative_1",
     "replace:卫生健康（类）行政事业单位医疗（款）=>医疗卫生与计划生育支出（类）行政事业单位医疗（款）",
     "a 功能分类 name of before 2019 in the text while the table prints 卫生健康支出",
     [expect("text_category_renamed", "error", 2, "")]),
    ("text_leftover", "budget_narrative_1", "replace:增加3.50万元=>增加（减少）3.50万元",
     "both alternatives of the template left in the 机关运行经费 sentence",
     [expect("text_template_leftover", "error", 3, "")]),
    ("text_department", "budget_narrative_1",
     "replace:岳阳市岳阳楼区司法局2025年部门预算情况说明=>岳阳市岳阳楼区财政局2025年部门预算情况说明",
     "the heading of part three names another department (财政局 for 司法局)",
     [expect("text_department_name", "warning", 2, "")]),
    ("fund_grant_parts", "selfeval_project_3", "本级安排：/全年执行数（B）=97,460",
     "本级安排 全年执行数 98,460 → 97,460: 本级安排 + 上级补助 0 no longer make 财政拨款 98,460",
     [expect("fund_grant_parts", "error", 1, "财政拨款")]),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--only", action="append", default=[], help="rebuild only this mutation's files")
    args = ap.parse_args()
    if args.list:
        for m in MUTATIONS:
            print(m[0])
        return
    manifest_path = os.path.join(HERE, "manifest.json")
    applied_before = {}
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            applied_before = {e["id"]: e.get("applied") for e in json.load(f)["mutations"]}
    entries = []
    for mid, sample, spec, why, expected in MUTATIONS:
        replace = spec.startswith("replace:")
        flag = "--replace" if replace else "--set"
        arg = f"{sample}:{spec[len('replace:'):]}" if replace else f"{sample}:{spec}"
        entry = {"id": mid, "sample": sample, "replace" if replace else "set": arg, "change": why,
                 "files": [f"{mid}.docx", f"{mid}.pdf"], "expected": expected}
        entries.append(entry)
        if args.only and mid not in args.only:
            # Not rebuilt: its files and the change applied stay as they were.
            if applied_before.get(mid):
                entry["applied"] = applied_before[mid]
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, MAKE, "--out", tmp, "--only", sample,
                                  flag, arg], capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"{mid}: make_samples.py failed:\n{out.stdout}{out.stderr}")
            changes = [l.strip() for l in out.stdout.splitlines()
                       if l.strip().startswith(("set ", "replace "))]
            if len(changes) != 1:
                sys.exit(f"{mid}: expected one change, got {changes}\n{out.stdout}")
            entry["applied"] = changes[0]
            for ext in ("docx", "pdf"):
                shutil.copyfile(os.path.join(tmp, f"{sample}.{ext}"), os.path.join(HERE, f"{mid}.{ext}"))
        print(f"{mid}: {changes[0]}")
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump({"generator": "samples/mutations/make.py", "mutations": entries}, f,
                  ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
