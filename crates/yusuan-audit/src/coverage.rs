//! Tables a 预算/决算 volume is required to contain (the standard nine of
//! the 部门预算/决算 公开 templates).

use yusuan_model::{DocType, Document, Severity, TableKind};

use crate::check::{Place, Sink, finding};
use crate::rules::MISSING_TABLE;

/// The standard tables with their Chinese names, in publication order.
const REQUIRED: &[(TableKind, &str)] = &[
    (TableKind::RevenueExpenditureSummary, "收支总表"),
    (TableKind::RevenueSummary, "收入总表"),
    (TableKind::ExpenditureSummary, "支出总表"),
    (TableKind::FiscalGrantSummary, "财政拨款收支总表"),
    (TableKind::GeneralBudgetByFunction, "一般公共预算支出表"),
    (
        TableKind::BasicExpenditureByEconomic,
        "一般公共预算基本支出表",
    ),
    (TableKind::ThreePublic, "“三公”经费支出表"),
    (TableKind::GovernmentFund, "政府性基金预算支出表"),
    (TableKind::StateCapital, "国有资本经营预算支出表"),
];

/// A volume with fewer standard tables than this is an excerpt (one table
/// published alone), not a volume missing tables.
const MIN_PRESENT: usize = 3;

/// Reports the standard tables a 预算/决算 volume lacks, as info.
pub(crate) fn check_coverage(doc: &Document, sink: &mut Sink<'_>) {
    let (volume, kind_word) = match doc.meta.doc_type {
        DocType::Budget => (true, "预算"),
        DocType::FinalAccount => (true, "决算"),
        _ => (false, ""),
    };
    if !volume {
        return;
    }
    let has = |k: TableKind| doc.tables.iter().any(|t| t.kind == k);
    let present = REQUIRED.iter().filter(|(k, _)| has(*k)).count();
    if present < MIN_PRESENT {
        return;
    }
    for (kind, name) in REQUIRED {
        if !has(*kind) {
            let message = format!(
                "部门{kind_word}公开应包含{name}（{}），本文件未识别到该表；若本部门无此项资金，通常应以空表或文字说明",
                kind.as_str()
            );
            sink.push(finding(
                MISSING_TABLE,
                Severity::Info,
                &Place::default(),
                message,
                None,
                None,
            ));
        }
    }
}
