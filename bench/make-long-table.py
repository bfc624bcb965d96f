#!/usr/bin/env python3
"""Build the synthetic long-table PDFs of the benchmark: one table over N pages.

Each PDF is one 部门支出总表 printed by LibreOffice Calc: a title and a "单位：万元" line on
the first page, two header rows (科目编码 and 科目名称 merged over both, 本年支出 over
合计 | 基本支出 | 项目支出) repeated at the top of every page, then 功能分类 rows — a 类
row, its 款 rows, each followed by its 项 rows — with a manual page break every
ROWS_PER_PAGE body rows, so that the file has exactly N pages. Every figure adds up
(合计 = 基本支出 + 项目支出, 类 = Σ 款, 款 = Σ 项, the 合计 row = Σ 类), so the audit runs
its checks without a finding; the figures are random but the same for a given N (seeded).

Real 决算 volumes carry tables like this over 300 pages and more (issue 22). The file is a
flat ODS (XML) written here, rendered with `soffice --convert-to pdf`, which embeds one
subset of Noto Serif CJK SC shared by every page, as Excel and WPS exports do.

Usage:
    bench/make-long-table.py --out DIR 10 100 1000 2000   # DIR/long-table-<N>p.pdf
Needs soffice (LibreOffice) and pdfinfo (poppler-utils); prints each file with its pages.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

ROWS_PER_PAGE = 45
FONT = "Noto Serif CJK SC"

CLASS_NAMES = ["一般公共服务支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
               "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出"]
ITEM_NAMES = ["人大事务", "政府办公厅（室）及相关机构事务", "发展与改革事务", "统计信息事务",
              "财政事务", "税收事务", "审计事务", "人力资源事务", "纪检监察事务"]
LEAF_NAMES = ["行政运行", "一般行政管理事务", "机关服务", "专项业务活动", "信息化建设",
              "事业运行", "其他事务支出", "培训支出", "专项普查活动"]

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:font-face-decls>
 <style:font-face style:name="{font}" svg:font-family="'{font}'"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Default" style:family="table-cell">
  <style:text-properties style:font-name="{font}" fo:font-size="10pt"
   style:font-name-asian="{font}" style:font-size-asian="10pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true"/></style:style>
 <style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="2.2cm"/></style:style>
 <style:style style:name="co2" style:family="table-column"><style:table-column-properties style:column-width="5.4cm"/></style:style>
 <style:style style:name="co3" style:family="table-column"><style:table-column-properties style:column-width="2.8cm"/></style:style>
 <style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.45cm" fo:break-before="auto" style:use-optimal-row-height="false"/></style:style>
 <style:style style:name="ro2" style:family="table-row"><style:table-row-properties style:row-height="0.45cm" fo:break-before="page" style:use-optimal-row-height="false"/></style:style>
 <style:style style:name="ro3" style:family="table-row"><style:table-row-properties style:row-height="0.9cm" fo:break-before="auto" style:use-optimal-row-height="false"/></style:style>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
   fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="0.75cm" fo:margin-top="0.25cm"/></style:footer-style>
 </style:page-layout>
 <number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>
 <style:style style:name="title" style:family="table-cell" style:parent-style-name="Default">
  <style:table-cell-properties style:vertical-align="middle"/>
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="16pt" style:font-size-asian="16pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="unit" style:family="table-cell" style:parent-style-name="Default">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="head" style:family="table-cell" style:parent-style-name="Default">
  <style:table-cell-properties fo:border="0.5pt solid #000000" style:vertical-align="middle"/>
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="text" style:family="table-cell" style:parent-style-name="Default">
  <style:table-cell-properties fo:border="0.5pt solid #000000"/>
 </style:style>
 <style:style style:name="fig" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2">
  <style:table-cell-properties fo:border="0.5pt solid #000000"/>
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Default" style:page-layout-name="pm1">
  <style:header style:display="false"/>
  <style:footer><text:p>第<text:page-number>1</text:page-number>页</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:spreadsheet>
<table:table table:name="支出表" table:style-name="ta1">
<table:table-column table:style-name="co1"/>
<table:table-column table:style-name="co2"/>
<table:table-column table:style-name="co3" table:number-columns-repeated="3"/>
"""

TAIL = """</table:table>
</office:spreadsheet></office:body></office:document>
"""


def text_cell(text, style="text", span=1, rows=1):
    attrs = f' table:style-name="{style}" office:value-type="string"'
    if span > 1:
        attrs += f' table:number-columns-spanned="{span}"'
    if rows > 1:
        attrs += f' table:number-rows-spanned="{rows}"'
    cell = f"<table:table-cell{attrs}><text:p>{escape(text)}</text:p></table:table-cell>"
    if span > 1:
        cell += f'<table:covered-table-cell table:number-columns-repeated="{span - 1}"/>'
    return cell


def fig_cell(cents):
    value = f"{cents // 100}.{cents % 100:02d}"
    return (f'<table:table-cell table:style-name="fig" office:value-type="float" '
            f'office:value="{value}"><text:p>{value}</text:p></table:table-cell>')


def body_rows(n, seed):
    """`n` rows (code, name, basic, project) in cents, the whole hierarchy consistent."""
    rng = random.Random(seed)
    rows = []
    cls = 0
    while len(rows) < n:
        class_code = f"{201 + cls}"
        class_at = len(rows)
        rows.append(None)
        cb = cp = 0
        for k in range(1, 100):
            if len(rows) >= n:
                break
            item_at = len(rows)
            rows.append(None)
            ib = ip = 0
            for j in range(1, 10):
                if len(rows) >= n:
                    break
                b, p = rng.randrange(0, 500_000), rng.randrange(0, 800_000)
                rows.append((f"{class_code}{k:02d}{j:02d}", LEAF_NAMES[j - 1], b, p))
                ib, ip = ib + b, ip + p
            rows[item_at] = (f"{class_code}{k:02d}", ITEM_NAMES[(k - 1) % len(ITEM_NAMES)], ib, ip)
            cb, cp = cb + ib, cp + ip
        rows[class_at] = (class_code, CLASS_NAMES[cls % len(CLASS_NAMES)], cb, cp)
        cls += 1
    return rows


def write_fods(path, pages):
    n = pages * ROWS_PER_PAGE - 1  # the 合计 row is the first body row
    rows = body_rows(n, seed=pages)
    # 合计 sums the 类 rows (3-digit codes).
    tb = sum(r[2] for r in rows if len(r[0]) == 3)
    tp = sum(r[3] for r in rows if len(r[0]) == 3)
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD.format(font=FONT))
        f.write('<table:table-row table:style-name="ro3">'
                + text_cell("2024年部门支出总表", "title", span=5) + "</table:table-row>\n")
        f.write('<table:table-row table:style-name="ro1">'
                + '<table:table-cell table:number-columns-repeated="4"/>'
                + text_cell("单位：万元", "unit") + "</table:table-row>\n")
        f.write("<table:table-header-rows>\n")
        f.write('<table:table-row table:style-name="ro1">'
                + text_cell("科目编码", "head", rows=2) + text_cell("科目名称", "head", rows=2)
                + text_cell("本年支出", "head", span=3) + "</table:table-row>\n")
        f.write('<table:table-row table:style-name="ro1">'
                + '<table:covered-table-cell table:number-columns-repeated="2"/>'
                + text_cell("合计", "head") + text_cell("基本支出", "head")
                + text_cell("项目支出", "head") + "</table:table-row>\n")
        f.write("</table:table-header-rows>\n")
        body = [("", "合计", tb, tp)] + rows
        for i, (code, name, b, p) in enumerate(body):
            style = "ro2" if i > 0 and i % ROWS_PER_PAGE == 0 else "ro1"
            f.write(f'<table:table-row table:style-name="{style}">'
                    + text_cell(code) + text_cell(name)
                    + fig_cell(b + p) + fig_cell(b) + fig_cell(p) + "</table:table-row>\n")
        f.write(TAIL)


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="directory for long-table-<N>p.pdf")
    ap.add_argument("pages", nargs="+", type=int, help="pages of each file")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="yusuan_long_")
    try:
        profile = os.path.join(work, "profile")
        for pages in args.pages:
            name = f"long-table-{pages}p"
            fods = os.path.join(work, name + ".fods")
            write_fods(fods, pages)
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", work, fods],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=3600)
            pdf = os.path.join(args.out, name + ".pdf")
            shutil.move(os.path.join(work, name + ".pdf"), pdf)
            os.remove(fods)
            got = pdf_pages(pdf)
            print(f"{pdf}: {got} pages")
            if got != pages:
                print(f"make-long-table: {pdf} has {got} pages, expected {pages}", file=sys.stderr)
                return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
