#!/usr/bin/env python3
"""Build yusuan's own Word samples (with real merged cells), their PDFs and workbooks.

Each sample is a Chinese performance form (绩效自评表, 基础数据表, 绩效目标申报表)
whose wording and figures follow the seed dumps in ../shared/seeds (001: 岳阳楼区司法局,
002: 秀山县司法局, 004: 黔南州司法局), with figures made internally consistent (see each sample's note).

Usage (see README.md):
    python3 samples/make_samples.py                      # rebuild samples/ in place
    python3 samples/make_samples.py --out DIR --only basic_data_1 \
        --set 'basic_data_1:三公经费/2023年决算数=6.75'   # a mutant, for audit tests
    --set ID:ROW/COL=VALUE  ROW = text of a cell in the row (its label; exactly one row may
                            match), COL = text of a header cell in the nearest row above that
                            has one; the target must be the top-left of a cell. Whitespace
                            is ignored in both.
    --set ID:R,C=VALUE      grid coordinates from 0 (top-left position of a cell).
    --no-pdf                skip the LibreOffice rendering.
    --workbooks-only        write only the workbooks (.xlsx by openpyxl; .xls and .ods
                            converted from it by LibreOffice), leaving .docx and .pdf alone.

Each form is also written as a workbook: the lines before the table as unframed rows (the
title merged across the width, the unit line in the last column), the table with thin
borders and the same merges, and every figure ("10.8", "163.80", "91.64%") stored as a
number whose number format prints it exactly as the Word form does ("0.0", "0.00", "0.00%").

The grid notation: every table is a list of rows of equal length; "<" marks a position
covered by the cell to its left (same row), "^" a position covered by the cell above
(lower rows of a merged rectangle). A "\n" in cell text starts a new paragraph.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
CJK_FONT = "Noto Serif CJK SC"  # installed by fonts-noto-cjk; 宋体 is absent on Linux
L, U = "<", "^"


# ---------------------------------------------------------------- sample data

def basic_data_1():
    """基础数据表 with 三公经费, after seed 001 (附件1)."""
    rows = [
        ["预算部门名称", "岳阳市岳阳楼区司法局", L, L, L, L, L],
        ["财政供养人员情况", "编制数", L, "2023年实际在职人数", L, "控制率", L],
        [U, "87", L, "68", L, "78.16%", L],
        ["经费控制情况(万元)", "2022年决算数", L, "2023年预算数", L, "2023年决算数", L],
        ["三公经费", "10.8", L, "5.75", L, "5.75", L],
        ["1、公务用车购置和维护经费", "8.39", L, "4.27", L, "4.27", L],
        ["其中：公车购置", "", L, "", L, "", L],
        ["公车运行维护", "8.39", L, "4.27", L, "4.27", L],
        ["2、出国经费", "", L, "", L, "", L],
        ["3、公务接待", "2.41", L, "1.48", L, "1.48", L],
        ["项目支出：", "363.8", L, "335", L, "307", L],
        ["1、业务工作经费", "163.80", L, "335", L, "307", L],
        ["2、运行维护经费", "200.00", L, "", L, "", L],
        ["3、本级专项资金（一个专项一行）", "0", L, "0", L, "0", L],
        ["公用经费：", "83.71", L, "163.87", L, "163.87", L],
        ["其中：办公经费", "46.22", L, "47", L, "40.66", L],
        ["水费、电费、差旅费", "3.48", L, "6", L, "7.23", L],
        ["会议费、培训费", "", L, "", L, "0.44", L],
        ["政府采购金额", "446.90", L, "195.51", L, "220.10", L],
        ["部门基本支出预算调整", "", L, "", L, "", L],
        ["楼堂馆所控制情况\n（2023年完工项目）", "批复规模\n（㎡）", "实际规模\n（㎡）", "规模控制率",
         "预算投资\n（万元）", "实际投资\n（万元）", "投资概算控制率"],
        [U, "", "", "", "", "", ""],
        ["厉行节约保障措施", "无", L, L, L, L, L],
    ]
    return dict(
        before=[("附件1", "plain"), ("2023年度预算单位整体支出绩效评价基础数据表", "title"),
                ("单位：万元", "unit")],
        widths=[4.6, 1.8, 1.8, 1.8, 1.8, 1.8, 2.2],
        header_rows=0,
        rows=rows,
        note="三公经费 10.8 = 8.39 + 2.41 (2022), 5.75 = 4.27 + 1.48 (2023 budget and final); "
             "公务用车 = 公车购置 + 公车运行维护; 项目支出 363.8 = 163.80 + 200.00 + 0; "
             "控制率 68/87 = 78.16%. 公用经费 lines are 其中 (partial), not a full breakdown. "
             "Figure columns span two grid columns each because the 楼堂馆所 block below has 7 columns.",
    )


def selfeval_overall_1():
    """部门整体支出绩效自评表 after seed 001 (附件2)."""
    head = [
        ["预算部门名称", L, "岳阳市岳阳楼区司法局", L, L, L, L, L, L],
        ["年度预算申请\n（万元）", "", L, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [U, "年度资金总额", L, "1506.55", "1809.15", "1809.15", "10", "100.00%", "10"],
        [U, "其中：财政拨款", L, "1506.55", "1809.15", "1809.15", "", "", ""],
        [U, "其他资金", L, "0", "0", "0", "", "", ""],
        ["年度总体目标", "预期目标", L, L, L, "实际完成情况", L, L, L],
        [U, "人民调解、安置帮教、社区矫正、法制宣传、法律服务、法律援助", L, L, L,
         "人民调解、安置帮教、社区矫正、法制宣传、法律服务、法律援助", L, L, L],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]
    ind = [
        # 一级, 二级, 三级, 指标值, 完成值, 分值, 得分, 偏差
        ("产出指标", "数量指标", "办结行政复议案件数", "≥120", "139", "5", "5", ""),
        (U, U, "接待法律咨询人次", "≥1200", "1500", "5", "5", ""),
        (U, U, "普法宣传天数", "≥100", "90", "5", "4", "部分宣传活动合并开展，下年度提前安排"),
        (U, U, "受理法律援助案件数", "≥350", "384", "5", "5", ""),
        (U, U, "调解矛盾纠纷起数", "≥1000", "1227", "5", "5", ""),
        (U, U, "接受社区矫正对象数", "≥200", "309", "5", "5", ""),
        (U, "质量指标", "行政复议案件办结率", "≥90%", "90.26%", "5", "5", ""),
        (U, U, "法律援助结案率", "≥60%", "65%", "5", "5", ""),
        (U, U, "各类矛盾纠纷调处成功率", "≥80%", "80%", "5", "5", ""),
        (U, "时效指标", "资金到位及时性", "≤12个月", "≤12个月", "5", "5", ""),
        ("效益指标", "经济效益指标", "稳定的社会治安环境是否有益于岳阳经济发展", "有益于经济发展",
         "有益于经济发展", "6", "6", ""),
        (U, "社会效益指标", "是否让市民有安全感", "有安全感", "有安全感", "6", "6", ""),
        (U, U, "重新犯罪率", "≤1%", "≤1%", "6", "6", ""),
        (U, "生态效益指标", "是否对环境有负面影响", "无", "无", "6", "6", ""),
        (U, "可持续影响指标", "是否可持续影响", "可持续影响", "可持续影响", "6", "5", "部分工作机制尚需固化"),
        ("满意度指标", "服务对象满意度指标", "社矫对象满意度", "≥95%", "≥95%", "10", "10", ""),
    ]
    rows = head + [[U] + list(r) for r in ind]
    rows.append(["总分", L, L, L, L, L, "100", "98", ""])
    return dict(
        before=[("附件2", "plain"), ("2023年度部门整体支出绩效自评表", "title"), ("单位：万元", "unit")],
        widths=[1.6, 1.6, 1.9, 3.2, 1.9, 1.9, 1.0, 1.6, 2.6],
        header_rows=0,
        rows=rows,
        note="执行率 1809.15/1809.15 = 100.00%, 得分 10 x 100% = 10; 财政拨款 + 其他资金 = 年度资金总额; "
             "indicator 分值 sum to 90 (+10 for funds = 100), 得分 sum to 88 (+10 = 98 = 总分). "
             "Weights were changed from the seed so that the sums close.",
    )


def _project_rows(name, funds, goal, ind, total, score_col="自评得分"):
    """A 项目支出绩效自评表: narrow first column with vertical labels."""
    (b0, b1, b2, rate, score), sub = funds
    rows = [
        ["项目支出名称", L, name, L, L, L, L, L, L],
        ["主管部门", L, "岳阳市岳阳楼区司法局", L, L, "实施单位", "岳阳市岳阳楼区司法局", L, L],
        ["项目资金（万元）", "", L, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", score_col],
        [U, "年度资金总额", L, b0, b1, b2, "10", rate, score],
    ]
    for label, v0, v1, v2 in sub:
        rows.append([U, label, L, v0, v1, v2, "", "", ""])
    rows += [
        ["年度总体目标", "预期目标", L, L, L, "实际完成情况", L, L, L],
        [U, goal, L, L, L, goal, L, L, L],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", score_col,
         "偏差原因分析及改进措施"],
    ]
    rows += [[U] + list(r) for r in ind]
    rows.append(["总分", L, L, L, L, L, "100", total, ""])
    return rows


def selfeval_project_1():
    """项目支出绩效自评表 (办公设备购置专项) with one-character-per-line labels."""
    ind = [
        ("产出指标", "数量指标", "采购数量", "105件（套）", "105件（套）", "5", "5.00", ""),
        (U, "质量指标", "购置合同执行违规率", "≤1%", "0", "5", "5.00", ""),
        (U, U, "政府采购率", "≥90%", "100%", "10", "10.00", ""),
        (U, U, "购置质量合格率", "≥95%", "100%", "5", "5.00", ""),
        (U, U, "购置验收通过率", "≥95%", "100%", "5", "5.00", ""),
        (U, "时效指标", "购置完成时间", "≤360天", "360天", "5", "5.00", ""),
        ("效益指标", "经济效益指标", "稳定的社会治安环境是否有益于岳阳经济的发展", "有益于岳阳经济发展",
         "有益于岳阳经济发展", "10", "8.00", "效益需长期体现"),
        (U, "社会效益指标", "业务保障能力提升情况", "有效提升", "有效提升", "10", "9.00", ""),
        (U, U, "公共服务水平提升情况", "有效提升", "有效提升", "10", "9.00", ""),
        ("满意度指标", "服务对象满意度指标", "使用人满意度", "≥95%", "95%", "10", "9.00", ""),
        ("成本指标", "经济成本指标", "购置成本", "≤70.65万元", "70.65万元", "5", "5.00", ""),
        (U, U, "采购资金节约率", "≥13%", "≥13%", "5", "5.00", ""),
        (U, U, "政府采购节支率", "≥11%", "≥11%", "5", "5.00", ""),
    ]
    goal = "根据省厅指示及市局区局安排，合理合法依规购置“智慧矫正中心”设备设施。"
    funds = (("70.65", "70.65", "70.65", "100.00%", "10.00"),
             [("其中：当年财政拨款", "0", "0", "0"), ("上年结转资金", "0", "0", "0"),
              ("其他资金", "70.65", "70.65", "70.65")])
    return dict(
        before=[("附件3", "plain"), ("2023年度项目支出绩效自评表", "title"), ("单位：万元", "unit")],
        widths=[0.9, 1.7, 2.0, 3.3, 2.0, 2.0, 1.0, 1.6, 2.4],
        narrow_first_col=True,
        header_rows=0,
        rows=_project_rows("办公设备购置专项", funds, goal, ind, "95.00"),
        note="Labels 项目资金（万元）, 年度总体目标, 绩效指标 sit in a 0.9 cm column and wrap one character "
             "per line (one paragraph in the docx). 当年财政拨款 + 上年结转 + 其他资金 = 70.65; 执行率 100%; "
             "indicator 分值 sum to 90 (+10 = 100), 得分 85 + 10 = 95.00 = 总分 (as in the seed).",
    )


def selfeval_project_2():
    """项目支出绩效自评表 (业务工作经费) whose indicator block runs onto page 2."""
    ind = [
        ("产出指标\n（40分）", "数量指标", "接收社区矫正对象人数", "≥200", "309", "4", "4.00", ""),
        (U, U, "接收安置帮教人数", "≥300", "408", "4", "4.00", ""),
        (U, U, "调解矛盾纠纷起数", "≥700", "1277", "4", "4.00", ""),
        (U, U, "受理法律援助案件数", "≥350", "384", "4", "4.00", ""),
        (U, U, "接待法律咨询人次", "≥1200", "1500", "4", "4.00", ""),
        (U, U, "一村（社区）法律顾问签约个数", "108", "108", "4", "4.00", ""),
        (U, U, "普法宣传天数", "≥100", "90", "2", "1.50", "宣传场地调整，天数未达标"),
        (U, "质量指标", "手机定位监管率", "100%", "100%", "4", "4.00", ""),
        (U, U, "矛盾纠纷调解成功率", "≥90%", "96.48%", "4", "4.00", ""),
        (U, U, "普法督导考核率", "≥80%", "44.98%", "4", "2.00", "督导覆盖不足，下年度加强考核"),
        (U, "时效指标", "履职任务完成时间", "12个月", "12个月", "2", "2.00", ""),
        ("成本指标\n（10分）", "经济成本指标", "履职业务工作经费", "≤335万元", "307万元", "4", "4.00", ""),
        (U, "社会成本指标", "对社会发展可能造成的负面影响", "无", "无", "3", "3.00", ""),
        (U, "生态环境成本指标", "对自然生态环境造成的负面影响", "无", "无", "3", "3.00", ""),
        ("效益指标\n（30分）", "经济效益指标", "稳定的社会治安环境是否有益于经济发展", "有益于岳阳经济发展",
         "有益于岳阳经济发展", "6", "6.00", ""),
        (U, "社会效益指标", "重新犯罪率", "≤1%", "≤1%", "6", "6.00", ""),
        (U, U, "让市民是否有安全感", "有安全感", "有安全感", "6", "5.00", "群众安全感调查尚有差距"),
        (U, "生态效益指标", "是否对环境有负面影响", "无", "无", "6", "6.00", ""),
        (U, "可持续影响指标", "是否可持续影响", "可持续影响", "可持续影响", "6", "6.00", ""),
        ("满意度指标\n（10分）", "服务对象满意度指标", "项目实施对象满意度", "≥95%", "≥95%", "10", "10.00", ""),
    ]
    goal = ("保障社区矫正、安置帮教、人民调解、法律援助、普法宣传等司法行政业务工作正常开展，"
            "全年履职任务按时完成。")
    funds = (("350", "335", "307", "91.64%", "9.16"),
             [("其中：当年财政拨款", "350", "335", "307"), ("上年结转资金", "0", "0", "0"),
              ("其他资金", "0", "0", "0")])
    return dict(
        before=[("附件3", "plain"), ("2023年度项目支出绩效自评表", "title"), ("单位：万元", "unit")],
        widths=[1.2, 1.7, 2.1, 3.3, 1.9, 1.9, 1.0, 1.6, 2.4],
        row_height=0.95,
        header_rows=0,
        rows=_project_rows("业务工作经费", funds, goal, ind, "95.66"),
        note="Runs over two pages (rows 0.95 cm high); no repeated header rows. Funds made consistent "
             "(the seed's 其中 rows did not add up): 执行率 307/335 = 91.64%, 得分 10 x 91.64% = 9.16; "
             "indicator 分值 40 + 10 + 30 + 10 = 90 (+10 = 100), 得分 37.5 + 10 + 29 + 10 = 86.5, "
             "+ 9.16 = 95.66 = 总分. 业务工作经费 335/307 agree with basic_data_1.",
    )


def target_overall_1():
    """部门（单位）整体支出绩效目标申报表 after seed 002."""
    rows = [
        ["总体资金情况", "预算支出总额", "基本支出", L, L, L, "项目支出", L, L, L],
        [U, U, "合计", "财政拨款", "专户资金", "单位资金", "合计", "财政拨款", "专户资金", "单位资金"],
        [U, "2282.58", "1598.17", "1598.17", "", "", "684.41", "684.41", "", ""],
        ["部门整体绩效情况", "整体绩效目标",
         "目标1：全力推动“法治政府示范县”创建，提升法治秀山建设水平\n"
         "目标2：完善更高水平的现代公共法律服务体系建设，深入推进“自治、德治、法治、智治”相结合的基层治理体系建设\n"
         "目标3：积极开展“标准化”司法所建设和“智慧矫正中心”建设", L, L, L, L, L, L, L],
        [U, "年度绩效指标", L, L, L, L, L, L, L, L],
        [U, "一级指标", "二级指标", "三级指标", L, L, "绩效指标性质", "绩效指标值", "绩效度量单位", "权重"],
    ]
    ind = [
        ("产出指标", "数量指标", "指标1：支持人民调解案件数量", "≥", "4500", "件", "10"),
        (U, U, "指标2：支持法律援助案件数量", "≥", "800", "件", "10"),
        (U, U, "指标3：管理社区矫正对象数量", "≥", "300", "人", "10"),
        (U, U, "指标4：招聘社区矫正社会工作者服务数量", "=", "27", "名", "10"),
        (U, U, "指标5：配置村居（社区）法律顾问", "=", "268", "个", "10"),
        (U, "成本指标", "指标1：单位印刷、购买宣传品成本", "≤", "10", "万元", "5"),
        ("效益指标", "社会效益指标", "指标1：法律援助挽回经济损失", "≥", "800", "万元", "10"),
        (U, U, "指标2：普法宣传信息阅读量", "≥", "350", "万人次", "5"),
        (U, U, "指标3：村（社区）法律顾问覆盖率", "≥", "100", "%", "10"),
        ("满意度指标", "服务对象满意度指标", "指标1：法律援助受援对象满意度", "≥", "99", "%", "10"),
        (U, U, "指标2：公证业务满意度", "≥", "99", "%", "10"),
    ]
    for a, b, c, op, v, unit, w in ind:
        rows.append([U, a, b, c, L, L, op, v, unit, w])
    rows.append(["其他说明", "", L, L, L, L, L, L, L, L])
    return dict(
        before=[("部门（单位）整体支出绩效目标申报表", "title"), ("预算年度：2023", "plain"),
                ("预算（单位）名称：秀山土家族苗族自治县司法局", "plain"), ("单位：万元", "unit")],
        widths=[1.6, 1.7, 1.6, 1.7, 1.4, 1.4, 1.6, 1.7, 1.6, 1.2],
        header_rows=0,
        rows=rows,
        note="预算支出总额 2282.58 = 基本支出 1598.17 + 项目支出 684.41; 合计 = 财政拨款 in both; "
             "权重 sum to 100. 三级指标 spans three grid columns. The seed's 指标5 value "
             "'268村居（社区）' was simplified to 268 with unit 个; '摄入推进' corrected to '深入推进'.",
    )


def target_project_1():
    """2023年特定目标类项目绩效目标表 (法律援助) after seed 002."""
    rows = [
        ["项目名称", "法律援助", L, "项目负责人及电话", L, "杨立业 023-76685987", L],
        ["主管部门", "县司法局", L, "实施单位", L, "县司法局", L],
        ["资金情况\n（万元）", "年度资金总额：", L, "20", L, L, L],
        [U, "其中：财政拨款", L, "20", L, L, L],
        [U, "其他资金", L, "", L, L, L],
        ["总体目标", "年度目标", L, L, L, L, L],
        [U, "加大法律援助工作宣传力度，扩大法律援助影响，降低法律援助门槛，做到应援尽援。"
            "加大经费保障力度，确保法律援助案件补贴按时发放。规范律师值班制度，对值班费用和值班律师管理等配套措施进行完善。",
         L, L, L, L, L],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "指标权重"],
        [U, "产出指标", "数量指标", "法律援助办结案件数量", "≥", "800件", "20"],
        [U, U, U, "值班咨询人次", "≥", "1000人次", "20"],
        [U, U, "质量指标", "法律援助办案错误率", "≤", "0%", "20"],
        [U, U, "时效指标", "律师值班咨询问题按时办结", "=", "100%", "20"],
        [U, U, "成本指标", "", "", "", ""],
        [U, "效果指标", "经济效益指标", "", "", "", ""],
        [U, U, "社会效益指标", "挽回经济损失", "≥", "800万", "10"],
        [U, U, "生态效益指标", "", "", "", ""],
        [U, U, "可持续影响指标", "", "", "", ""],
        [U, U, "服务对象满意度指标", "受援人满意度", "≥", "99%", "10"],
    ]
    return dict(
        before=[("2023年特定目标类项目绩效目标表", "title"), ("单位：万元", "unit")],
        widths=[1.8, 2.2, 2.6, 4.6, 1.6, 2.2, 1.8],
        header_rows=0,
        rows=rows,
        note="年度资金总额 20 = 财政拨款 20 + 其他资金 (empty); 指标权重 sum to 100. 产出指标 spans 5 rows, "
             "效果指标 5 rows, 绩效指标 11 rows; empty indicator rows as in the seed.",
    )


def selfeval_project_3():
    """项目支出绩效目标自评表 after seed 004 (黔南州司法局): unit inside the funds label,
    资金来源 rows 本级安排/其中：上级补助, 执行率 printed without "%", 未完成原因分析 and 备注."""
    ind = [
        ("产出指标\n（50分）", "数量指标", "受理法律援助案件数量", "≥70件", "75件", "7", "7", "", ""),
        (U, U, "法律援助宣传次数", "≥3次", "5次", "7", "7",
         "偏差原因：绩效目标设定过低。改进措施：根据以往年度执行情况及当年政策调整，合理设定绩效目标数量。", ""),
        (U, "质量指标", "为受援人提供法律援助服务质量", "优", "达成预期指标", "8", "8", "",
         "组建法律援助志愿服务队，建立法律援助维权岗（工作站）"),
        (U, "时效指标", "开展法律援助宣传时间", "2024年12月31日前", "达成预期指标", "7", "7", "",
         "按期完成法律援助宣传计划"),
        (U, U, "完成办案目标", "2024年12月31日前", "达成预期指标", "7", "7", "", "按期完成办案目标"),
        (U, "成本指标", "项目或定额成本控制率", "=100%", "100%", "7", "7", "", ""),
        (U, U, "开展法律援助工作成本", "≤10万元", "9.85万元", "7", "7", "", ""),
        ("效益指标\n（30分）", "社会效益指标", "扩大法律援助覆盖面，广泛地接受社会弱势群体当事人的申请",
         "不断扩大", "达成预期指标", "15", "15", "", "实现全州12县市法律援助工作站全覆盖"),
        (U, "可持续影响指标", "保障社会贫弱群体的合法权益，构建和谐社会", "长期有效", "达成预期指标",
         "15", "15", "", ""),
        ("满意度指标\n（10分）", "满意度指标", "受援人满意度", "≥90%", "99.32%", "10", "10", "", ""),
    ]
    rows = [
        ["项目名称", L, "法律援助工作经费", L, L, L, L, L, L, L],
        ["主管部门及代码", L, "[144]黔南布依族苗族自治州司法局", L, L, "实施单位",
         "黔南布依族苗族自治州司法局", L, L, L],
        ["项目资金（元）", "资金来源", L, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率",
         "得分", L],
        [U, "年度资金总额：", L, "100,000", "100,000", "98,460", "10", "98.46", "9.85", L],
        [U, "财政拨款：", L, "100,000", "100,000", "98,460", "-", "-", "-", L],
        [U, "本级安排：", L, "100,000", "100,000", "98,460", "-", "-", "-", L],
        [U, "其中：上级补助：", L, "0", "0", "0", "-", "-", "-", L],
        [U, "其他：", L, "0", "0", "0", "-", "-", "-", L],
        ["年度总体目标", "预期目标", L, L, L, "实际完成情况", L, L, L, L],
        [U, "目标1：全面开展法律援助工作，不断提升法律援助服务能力和水平。\n"
            "目标2：进行法律援助宣传，提高法律援助公众知晓率。", L, L, L,
         "受理法律援助案件75件，开展法律援助宣传5次，受援人满意度99.32%。", L, L, L, L],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分",
         "未完成原因分析", "备注"],
    ]
    rows += [[U] + list(r) for r in ind]
    rows.append(["总分", L, L, L, L, L, "100", "99.85", "", L])
    rows.append(["自评结论", L, "优。项目资金执行率98.46%，绩效指标全部完成。", L, L, L, L, L, L, L])
    return dict(
        before=[("项目支出绩效目标自评表", "title"), ("（2024年度）", "subtitle"),
                ("单位（盖章）：黔南布依族苗族自治州司法局　　填报日期：20250123", "plain")],
        widths=[0.9, 1.6, 1.7, 3.0, 1.8, 1.8, 1.0, 1.1, 2.3, 2.2],
        header_rows=0,
        rows=rows,
        note="After seed 004 (黔南州司法局 法律援助工作经费). No unit line above the table: the unit is in the "
             "label 项目资金（元）. 财政拨款 = 本级安排 + 上级补助, 年度资金总额 = 财政拨款 + 其他 = 100,000; "
             "执行数 changed to 98,460 so that 执行率 98.46 (printed without %) and 得分 10 x 98.46% = 9.85; "
             "indicator 分值 50 + 30 + 10 = 90 (+10 = 100), all met, 得分 90 + 9.85 = 99.85 = 总分.",
    )


def budget_narrative_1():
    """A whole 部门预算 volume in brief: cover, 目录, 部门概况, three tables and the 情况说明
    text whose figures state, compare and split the tables' figures (issue 13)."""
    dept = "岳阳市岳阳楼区司法局"
    meta_line = f"编制部门：{dept}    单位：万元"
    summary = [
        ["收入", L, "支出", L],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算拨款收入", "1,820.50", "一、公共安全支出", "1,560.20"],
        ["二、其他收入", "30.00", "二、社会保障和就业支出", "160.30"],
        ["", "", "三、卫生健康支出", "58.00"],
        ["", "", "四、住房保障支出", "72.00"],
        ["本年收入合计", "1,850.50", "本年支出合计", "1,850.50"],
        ["上年结转", "0.00", "结转下年", "0.00"],
        ["收入总计", "1,850.50", "支出总计", "1,850.50"],
    ]
    general = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["204", "公共安全支出", "1,530.20", "1,230.20", "300.00"],
        ["20406", "司法", "1,530.20", "1,230.20", "300.00"],
        ["2040601", "行政运行", "1,230.20", "1,230.20", ""],
        ["2040604", "基层司法业务", "300.00", "", "300.00"],
        ["208", "社会保障和就业支出", "160.30", "160.30", ""],
        ["20805", "行政事业单位养老支出", "160.30", "160.30", ""],
        ["2080505", "机关事业单位基本养老保险缴费支出", "160.30", "160.30", ""],
        ["210", "卫生健康支出", "58.00", "58.00", ""],
        ["21011", "行政事业单位医疗", "58.00", "58.00", ""],
        ["2101101", "行政单位医疗", "58.00", "58.00", ""],
        ["221", "住房保障支出", "72.00", "72.00", ""],
        ["22102", "住房改革支出", "72.00", "72.00", ""],
        ["2210201", "住房公积金", "72.00", "72.00", ""],
        ["合计", L, "1,820.50", "1,520.50", "300.00"],
    ]
    three = [
        ["合计", "因公出国（境）费", "公务用车购置及运行费", L, L, "公务接待费"],
        [U, U, "小计", "公务用车购置费", "公务用车运行费", U],
        ["12.60", "0.00", "8.40", "0.00", "8.40", "4.20"],
    ]
    blocks = [
        ("p", dept, "title"),
        ("p", "2025年部门预算", "title"),
        ("p", "目录", "title"),
        ("p", "第一部分 部门概况", "toc"),
        ("p", "第二部分 2025年部门预算表", "toc"),
        ("p", "一、2025年部门收支总表", "toc"),
        ("p", "二、2025年一般公共预算支出表", "toc"),
        ("p", "三、2025年一般公共预算“三公”经费支出表", "toc"),
        ("p", "第三部分 2025年部门预算情况说明", "toc"),
        ("p", "第四部分 名词解释", "toc"),
        ("p", "第一部分 部门概况", "heading"),
        ("p", "一、主要职能", "heading"),
        ("p", "贯彻落实党和国家关于全面依法治国的方针政策，负责全区法治建设、人民调解、社区矫正、"
              "公共法律服务和法治宣传等工作。", "body"),
        ("p", "第二部分 2025年部门预算表", "heading"),
        ("p", "2025年部门收支总表", "tabletitle"),
        ("p", meta_line, "unit"),
        ("t", dict(rows=summary, widths=[5.2, 2.6, 5.2, 2.6], header_rows=2)),
        ("p", "2025年一般公共预算支出表", "tabletitle"),
        ("p", meta_line, "unit"),
        ("t", dict(rows=general, widths=[2.0, 6.2, 2.6, 2.6, 2.6], header_rows=1)),
        ("p", "2025年一般公共预算“三公”经费支出表", "tabletitle"),
        ("p", meta_line, "unit"),
        ("t", dict(rows=three, widths=[2.4, 2.8, 2.4, 2.8, 2.8, 2.4], header_rows=2)),
        ("p", f"第三部分 {dept}2025年部门预算情况说明", "heading"),
        ("p", "一、部门收支总体情况", "heading"),
        ("p", f"{dept}2025年收入预算总计1850.50万元，支出预算总计1850.50万元。", "body"),
        ("p", "本年收入合计1850.50万元，其中：一般公共预算拨款收入1820.50万元，占98.38%；"
              "其他收入30.00万元，占1.62%。", "body"),
        ("p", "本年支出合计1850.50万元，比2024年预算增加85.30万元，增长4.83%，"
              "主要原因是基层司法业务经费增加。", "body"),
        ("p", "二、一般公共预算支出情况", "heading"),
        ("p", "2025年一般公共预算财政拨款支出1820.50万元，主要用于以下方面：公共安全（类）支出"
              "1530.20万元，占84.05%；社会保障和就业（类）支出160.30万元，占8.81%；卫生健康（类）"
              "支出58.00万元，占3.19%；住房保障（类）支出72.00万元，占3.95%。", "body"),
        ("p", "卫生健康（类）行政事业单位医疗（款）行政单位医疗（项）支出58.00万元，"
              "主要用于机关工作人员医疗保险缴费。", "body"),
        ("p", "三、“三公”经费预算情况", "heading"),
        ("p", "2025年一般公共预算“三公”经费预算12.60万元，比2024年预算减少1.40万元，下降10.00%。"
              "其中：因公出国（境）费0.00万元，公务用车购置及运行费8.40万元，公务接待费4.20万元。", "body"),
        ("p", "公务用车购置及运行费中，公务用车购置费0.00万元，公务用车运行费8.40万元。", "body"),
        ("p", "四、其他重要事项的情况说明", "heading"),
        ("p", "（一）机关运行经费", "heading"),
        ("p", "2025年机关运行经费预算120.80万元，比2024年预算增加3.50万元，增长2.98%。", "body"),
        ("p", "（二）政府采购情况", "heading"),
        ("p", "2025年政府采购预算总额为45.00万元，其中：货物类30.00万元，服务类15.00万元。", "body"),
        ("p", "（三）国有资产占有使用情况", "heading"),
        ("p", "截至2024年12月31日，本部门共有车辆2辆，其中：执法执勤用车2辆。", "body"),
        ("p", "第四部分 名词解释", "heading"),
        ("p", "一、“三公”经费：指部门用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及"
              "运行费和公务接待费。", "body"),
    ]
    return dict(
        blocks=blocks,
        note="收支总表: 1,820.50 + 30.00 = 1,850.50 = 1,560.20 + 160.30 + 58.00 + 72.00; 一般公共预算支出表: "
             "合计 1,820.50 = 基本 1,520.50 + 项目 300.00, 类 = Σ 款 = Σ 项; 三公 12.60 = 0 + 8.40 + 4.20. The "
             "text states them again: shares 1,820.50/1,850.50 = 98.38%, 30/1,850.50 = 1.62%, "
             "1,530.20/1,820.50 = 84.05%, 160.30 → 8.81%, 58 → 3.19%, 72 → 3.95% (sum 100.00%); "
             "增加 85.30 on 1,765.20 = 4.83%; 三公 减少 1.40 on 14.00 = 10.00%; 机关运行经费 增加 3.50 "
             "on 117.30 = 2.98%.",
    )


SAMPLES = {
    "basic_data_1": basic_data_1,
    "selfeval_overall_1": selfeval_overall_1,
    "selfeval_project_1": selfeval_project_1,
    "selfeval_project_2": selfeval_project_2,
    "target_overall_1": target_overall_1,
    "target_project_1": target_project_1,
    "selfeval_project_3": selfeval_project_3,
    "budget_narrative_1": budget_narrative_1,
}


# ---------------------------------------------------------------- grid logic

def cells_of(rows):
    """Top-left cells of a grid in the '<'/'^' notation: (r, c, rowspan, colspan, text)."""
    ncols = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != ncols:
            raise ValueError(f"row {i} has {len(row)} positions, expected {ncols}")
    out = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (L, U):
                continue
            cs = 1
            while c + cs < ncols and row[c + cs] == L:
                cs += 1
            rs = 1
            while r + rs < len(rows) and rows[r + rs][c] == U:
                rs += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    if (rr, cc) == (r, c):
                        continue
                    want = L if rr == r else U
                    if rows[rr][cc] != want:
                        raise ValueError(f"cell at ({r},{c}) {rs}x{cs}: position ({rr},{cc}) is "
                                         f"{rows[rr][cc]!r}, expected {want!r}")
            out.append((r, c, rs, cs, text))
    covered = set()
    for r, c, rs, cs, _ in out:
        for rr in range(r, r + rs):
            for cc in range(c, c + cs):
                if (rr, cc) in covered:
                    raise ValueError(f"position ({rr},{cc}) covered twice")
                covered.add((rr, cc))
    if len(covered) != len(rows) * ncols:
        raise ValueError("some positions are not covered by any cell")
    return out


def norm(s):
    return "".join(s.split())


def apply_set(rows, spec):
    """Apply 'ROW/COL=VALUE' or 'R,C=VALUE' to a grid in place."""
    key, _, value = spec.partition("=")
    if not _:
        raise SystemExit(f"--set {spec!r}: missing '=VALUE'")
    if "," in key and all(p.strip().isdigit() for p in key.split(",")):
        r, c = (int(p) for p in key.split(","))
    else:
        row_label, sep, col_label = key.partition("/")
        if not sep:
            raise SystemExit(f"--set {spec!r}: expected ROW/COL=VALUE or R,C=VALUE")
        rmatch = [i for i, row in enumerate(rows) if any(norm(t) == norm(row_label) for t in row)]
        if len(rmatch) != 1:
            raise SystemExit(f"--set {spec!r}: row label matches rows {rmatch}, need exactly one")
        r = rmatch[0]
        # The nearest header row above wins: forms stack blocks with their own headers
        # (funds 得分 vs indicator 得分).
        cmatch = []
        for i in range(r - 1, -1, -1):
            cmatch = [c for c, t in enumerate(rows[i]) if norm(t) == norm(col_label)]
            if cmatch:
                break
        if len(cmatch) != 1:
            raise SystemExit(f"--set {spec!r}: column header matches columns {cmatch} above row {r}, need one")
        c = cmatch[0]
    if not (0 <= r < len(rows) and 0 <= c < len(rows[0])) or rows[r][c] in (L, U):
        raise SystemExit(f"--set {spec!r}: ({r},{c}) is not the top-left of a cell")
    print(f"  set ({r},{c}) {rows[r][c]!r} -> {value!r}")
    rows[r][c] = value


# ---------------------------------------------------------------- docx writing



def style_run(run, size, bold=False):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def add_para(doc, text, kind):
    p = doc.add_paragraph()
    run = p.add_run(text)
    if kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_run(run, 16, True)
    elif kind == "subtitle":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_run(run, 12)
    elif kind == "unit":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        style_run(run, 10.5)
    else:
        style_run(run, 10.5)
    p.paragraph_format.space_after = Pt(4)


def fill_cell(cell, text, size):
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    parts = text.split("\n")
    first = cell.paragraphs[0]
    for i, part in enumerate(parts):
        p = first if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.space_before = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if part:
            style_run(p.add_run(part), size)


def mark_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def build_docx(sample_id, spec, path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(1.8))
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    cp = doc.core_properties
    cp.title = sample_id
    cp.author = "yusuan samples/make_samples.py"
    for kind_text in spec["before"]:
        add_para(doc, kind_text[0], kind_text[1])
    rows = spec["rows"]
    cells = cells_of(rows)
    nrows, ncols = len(rows), len(rows[0])
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(w) for w in spec["widths"]]
    assert len(widths) == ncols, (sample_id, len(widths), ncols)
    for c, w in enumerate(widths):
        table.columns[c].width = w
        for r in range(nrows):
            table.cell(r, c).width = w
    height = spec.get("row_height")
    for r in range(nrows):
        if height:
            table.rows[r].height = Cm(height)
        if r < spec.get("header_rows", 0):
            mark_header(table.rows[r])
    for r, c, rs, cs, text in cells:
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        fill_cell(cell, text, 9)
    doc.add_paragraph()
    doc.save(path)
    return cells


def add_text_para(doc, text, kind):
    """A paragraph of running text: body with a two-character first-line indent (as Chinese
    official documents print them), numbered headings bold, titles centred."""
    p = doc.add_paragraph()
    run = p.add_run(text)
    fmt = p.paragraph_format
    fmt.space_after = Pt(3)
    if kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_run(run, 18, True)
    elif kind == "tabletitle":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style_run(run, 14, True)
    elif kind == "unit":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        style_run(run, 10.5)
    elif kind == "heading":
        style_run(run, 12, True)
    elif kind == "toc":
        style_run(run, 12)
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Pt(24)
        style_run(run, 12)


def add_table(doc, spec):
    rows = spec["rows"]
    cells = cells_of(rows)
    nrows, ncols = len(rows), len(rows[0])
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(w) for w in spec["widths"]]
    assert len(widths) == ncols, (len(widths), ncols)
    for c, w in enumerate(widths):
        table.columns[c].width = w
        for r in range(nrows):
            table.cell(r, c).width = w
    for r in range(min(spec.get("header_rows", 0), nrows)):
        mark_header(table.rows[r])
    for r, c, rs, cs, text in cells:
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        fill_cell(cell, text, 9)


def build_narrative_docx(sample_id, spec, path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.2))
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.5)
    cp = doc.core_properties
    cp.title = sample_id
    cp.author = "yusuan samples/make_samples.py"
    for block in spec["blocks"]:
        if block[0] == "t":
            add_table(doc, block[1])
            doc.add_paragraph()
        else:
            add_text_para(doc, block[1], block[2])
    doc.save(path)


def apply_replace(spec, change):
    """Apply 'OLD=>NEW' to the one text paragraph that contains OLD (exactly one must)."""
    old, sep, new = change.partition("=>")
    if not sep or not old:
        raise SystemExit(f"--replace {change!r}: expected OLD=>NEW")
    hits = [i for i, b in enumerate(spec["blocks"]) if b[0] == "p" and old in b[1]]
    if len(hits) != 1 or spec["blocks"][hits[0]][1].count(old) != 1:
        raise SystemExit(f"--replace {change!r}: {old!r} must occur exactly once, found in blocks {hits}")
    kind, text, style = spec["blocks"][hits[0]]
    spec["blocks"][hits[0]] = (kind, text.replace(old, new), style)
    print(f"  replace {old!r} -> {new!r}")


FIGURE = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?%?$")


def figure_cell(text):
    """(value, number format) for a figure printed as `text`, or None for text."""
    if not FIGURE.match(text):
        return None
    percent = text.endswith("%")
    core = text.rstrip("%")
    places = len(core.split(".")[1]) if "." in core else 0
    fmt = "0" + ("." + "0" * places if places else "") + ("%" if percent else "")
    # Keep the decimal exact: the workbook stores a double, the format prints it back.
    value = float(core) / 100 if percent else float(core)
    return value, fmt


def build_xlsx(sample_id, spec, path):
    """The form as an .xlsx: heading rows, then the bordered grid with its merges."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    rows = spec["rows"]
    cells = cells_of(rows)
    ncols = len(rows[0])
    wb = Workbook()
    ws = wb.active
    ws.title = sample_id
    wb.properties.title = sample_id
    wb.properties.creator = "yusuan samples/make_samples.py"
    r = 1
    for text, kind in spec["before"]:
        if kind in ("title", "subtitle"):
            ws.cell(row=r, column=1, value=text)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
            ws.cell(row=r, column=1).font = Font(size=16 if kind == "title" else 12, bold=kind == "title")
        elif kind == "unit":
            ws.cell(row=r, column=ncols, value=text).alignment = Alignment(horizontal="right")
        else:
            ws.cell(row=r, column=1, value=text)
        r += 1
    top = r
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for rr in range(len(rows)):
        for cc in range(ncols):
            c = ws.cell(row=top + rr, column=1 + cc)
            c.border = border
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for rr, cc, rs, cs, text in cells:
        c = ws.cell(row=top + rr, column=1 + cc)
        fig = figure_cell(text)
        if fig:
            c.value, c.number_format = fig
        elif text:
            c.value = text
            # "=100%" is a target value, not a formula.
            c.data_type = "s"
        if rs > 1 or cs > 1:
            ws.merge_cells(start_row=top + rr, start_column=1 + cc,
                           end_row=top + rr + rs - 1, end_column=1 + cc + cs - 1)
    for cc, w in enumerate(spec["widths"]):
        ws.column_dimensions[get_column_letter(1 + cc)].width = w * 4.5
    wb.save(path)


def convert_workbook(xlsx_path, out_dir, profile, ext):
    """LibreOffice's .xls (Excel 97-2003, BIFF8) or .ods of the .xlsx."""
    filters = {"xls": "xls:MS Excel 97", "ods": "ods"}
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
           filters[ext], "--outdir", out_dir, xlsx_path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)


def render_pdf(docx_path, out_dir, profile):
    cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
           "--outdir", out_dir, docx_path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)


def pdf_pages(pdf_path):
    out = subprocess.run(["pdfinfo", pdf_path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="output directory (default: rebuild samples/ in place)")
    ap.add_argument("--only", action="append", default=[], help="sample id (repeatable)")
    ap.add_argument("--set", action="append", default=[], metavar="ID:ROW/COL=VALUE",
                    help="change one figure (repeatable)")
    ap.add_argument("--replace", action="append", default=[], metavar="ID:OLD=>NEW",
                    help="change the text of a narrative sample (repeatable)")
    ap.add_argument("--no-pdf", action="store_true", help="write the .docx only")
    ap.add_argument("--workbooks-only", action="store_true",
                    help="write only .xlsx, .xls and .ods (leave .docx and .pdf as they are)")
    ap.add_argument("--list", action="store_true", help="list sample ids and exit")
    args = ap.parse_args()
    if args.list:
        print("\n".join(SAMPLES))
        return
    out = os.path.abspath(args.out or HERE)
    os.makedirs(out, exist_ok=True)
    ids = args.only or list(SAMPLES)
    for i in ids:
        if i not in SAMPLES:
            raise SystemExit(f"unknown sample {i!r}; known: {', '.join(SAMPLES)}")
    sets = {}
    for s in args.set:
        sid, sep, rest = s.partition(":")
        if not sep or sid not in SAMPLES:
            raise SystemExit(f"--set {s!r}: expected ID:ROW/COL=VALUE with a known ID")
        sets.setdefault(sid, []).append(rest)
    replaces = {}
    for s in args.replace:
        sid, sep, rest = s.partition(":")
        if not sep or sid not in SAMPLES:
            raise SystemExit(f"--replace {s!r}: expected ID:OLD=>NEW with a known ID")
        replaces.setdefault(sid, []).append(rest)
    manifest = []
    profile = tempfile.mkdtemp(prefix="yusuan_lo_")
    try:
        for sid in ids:
            spec = SAMPLES[sid]()
            for s in sets.get(sid, []):
                apply_set(spec["rows"], s)
            for r in replaces.get(sid, []):
                apply_replace(spec, r)
            docx_path = os.path.join(out, f"{sid}.docx")
            narrative = "blocks" in spec
            if narrative and args.workbooks_only:
                # A narrative volume is text and tables: it has no workbook twin.
                continue
            if narrative:
                build_narrative_docx(sid, spec, docx_path)
            elif not args.workbooks_only:
                build_docx(sid, spec, docx_path)
            entry = {"id": sid, "files": [f"{sid}.docx"], "note": spec["note"]}
            if sets.get(sid) or replaces.get(sid):
                entry["mutations"] = sets.get(sid, []) + replaces.get(sid, [])
            if not args.no_pdf:
                if not args.workbooks_only:
                    render_pdf(docx_path, out, profile)
                entry["files"].append(f"{sid}.pdf")
                entry["pages"] = pdf_pages(os.path.join(out, f"{sid}.pdf"))
                if not narrative:
                    xlsx_path = os.path.join(out, f"{sid}.xlsx")
                    build_xlsx(sid, spec, xlsx_path)
                    for ext in ("xls", "ods"):
                        convert_workbook(xlsx_path, out, profile, ext)
                    entry["files"] += [f"{sid}.xlsx", f"{sid}.xls", f"{sid}.ods"]
            print(f"{sid}: {', '.join(entry['files'])} pages={entry.get('pages')}")
            manifest.append(entry)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not args.only and not args.set and not args.replace and not args.no_pdf \
            and not args.workbooks_only:
        # Forms (one table each, with a golden grid) and narrative volumes (text and
        # several tables, with golden claims) are listed apart.
        forms = [e for e in manifest if "blocks" not in SAMPLES[e["id"]]()]
        narratives = [e for e in manifest if "blocks" in SAMPLES[e["id"]]()]
        with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump({"generator": "samples/make_samples.py", "samples": forms,
                       "narratives": narratives}, f, ensure_ascii=False, indent=2)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
