//! Issue 21: figures read by OCR with a low confidence.
//!
//! A difference in a table read by OCR may be the OCR's, not the
//! document's: a `8` read as `3` breaks a sum the department got right. So
//! an error in a table holding a cell marked `uncertain` (a character read
//! with a confidence under the OCR threshold, see `Cell::ocr`) becomes a
//! warning saying why. Kept apart from the rules on purpose: it applies to
//! every rule's findings, after they are made.

use yusuan_model::{Document, Finding, Severity};

/// Lowers errors that uncertain OCR cells may explain to warnings.
pub(crate) fn soften_uncertain(doc: &Document, findings: &mut [Finding]) {
    let uncertain = |id: &str| -> usize {
        doc.tables
            .iter()
            .filter(|t| t.id == id)
            .flat_map(|t| &t.cells)
            .filter(|c| c.is_uncertain())
            .count()
    };
    let any: usize = doc
        .tables
        .iter()
        .map(|t| t.cells.iter().filter(|c| c.is_uncertain()).count())
        .sum();
    if any == 0 {
        return;
    }
    for f in findings
        .iter_mut()
        .filter(|f| f.severity == Severity::Error)
    {
        let n = match &f.table {
            Some(id) => uncertain(id),
            None => any,
        };
        if n > 0 {
            f.severity = Severity::Warning;
            f.message.push_str(&format!(
                "（该表经 OCR 识别，{n} 个单元格置信度低，差异可能来自识别错误，请核对原件）"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use yusuan_model::{
        Cell, CellMethod, CellOcr, Document, Severity, Source, SourceFormat, Table, ThreePublic,
    };

    use crate::{AuditOptions, audit};

    /// A 三公 record whose parts do not add up, in a table read by OCR.
    fn doc(uncertain: bool) -> Document {
        let mut doc = Document::new(Source {
            path: "scan.pdf".into(),
            sha256: String::new(),
            format: SourceFormat::Pdf,
            pages: 1,
            producer: None,
            ocr_pages: vec![1],
        });
        doc.tables.push(Table {
            id: "t1".into(),
            cells: vec![Cell {
                row: 1,
                col: 0,
                rowspan: 1,
                colspan: 1,
                text: "5.85".into(),
                page: 1,
                bbox: None,
                ocr: Some(CellOcr {
                    method: CellMethod::Ocr,
                    confidence: Some(if uncertain { 0.55 } else { 0.99 }),
                    uncertain,
                }),
                ..Cell::default()
            }],
            ..Table::default()
        });
        let d = |s: &str| s.parse().ok();
        doc.records.three_public.push(ThreePublic {
            table: "t1".into(),
            page: 1,
            column: "2023年预算数".into(),
            unit: Some("万元".into()),
            total: d("5.85"),
            overseas_travel: None,
            vehicle_total: d("4.27"),
            vehicle_purchase: None,
            vehicle_operation: d("4.27"),
            reception: d("1.48"),
        });
        doc
    }

    #[test]
    fn issue_21_an_uncertain_ocr_figure_gives_a_warning_not_an_error() {
        let sure = audit(&doc(false), &AuditOptions::default());
        let rule = |f: &&yusuan_model::Finding| f.rule == "three_public_total";
        let f = sure.iter().find(rule).map(|f| f.severity);
        assert_eq!(f, Some(Severity::Error));
        let unsure = audit(&doc(true), &AuditOptions::default());
        let f = unsure.iter().find(rule);
        assert_eq!(f.map(|f| f.severity), Some(Severity::Warning));
        assert!(
            f.is_some_and(|f| f.message.contains("经 OCR 识别，1 个单元格置信度低")),
            "{f:?}"
        );
        assert!(unsure.iter().all(|f| f.severity != Severity::Error));
    }
}
