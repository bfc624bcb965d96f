//! Evaluating one arithmetic identity `total = Σ terms` into a finding.

use yusuan_model::{BBox, Decimal, Finding, Severity};

use crate::figure::{Figure, show};
use crate::rules::severity_of;

/// Terms listed by name in a message; more are summarized as "等 N 项".
const MAX_TERMS_SHOWN: usize = 6;

/// Where a finding points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place {
    /// Table id.
    pub(crate) table: Option<String>,
    /// Page.
    pub(crate) page: Option<u32>,
    /// Row in the table.
    pub(crate) row: Option<usize>,
    /// Row label as printed.
    pub(crate) label: Option<String>,
    /// Column in the table.
    pub(crate) col: Option<usize>,
    /// The column's header path joined with "/".
    pub(crate) column: Option<String>,
    /// The cell's box on the page.
    pub(crate) bbox: Option<BBox>,
    /// The table's title.
    pub(crate) table_title: Option<String>,
    /// Unit of the figures compared.
    pub(crate) unit: Option<String>,
}

/// One addend: its name and printed figure (`None`: blank, counted as 0).
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) name: String,
    pub(crate) figure: Option<Figure>,
}

/// `subject` (printed as `total`) should equal the sum of `terms`.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub(crate) rule: &'static str,
    pub(crate) place: Place,
    /// What the total is, in Chinese ("“三公”经费合计").
    pub(crate) subject: String,
    pub(crate) total: Figure,
    pub(crate) terms: Vec<Term>,
    /// The parts were not all recognized as parts of the total: a failure is
    /// reported as a warning, not an error.
    pub(crate) unsure: bool,
}

/// Collects findings, applying the options.
#[derive(Debug)]
pub(crate) struct Sink<'o> {
    pub(crate) findings: Vec<Finding>,
    pub(crate) rounding_info: bool,
    pub(crate) disabled: &'o [String],
}

impl Sink<'_> {
    /// Adds a finding unless its rule is disabled.
    pub(crate) fn push(&mut self, f: Finding) {
        if f.within_rounding && !self.rounding_info {
            return;
        }
        if self.disabled.iter().any(|d| d == &f.rule) {
            return;
        }
        self.findings.push(f);
    }

    /// Evaluates an identity: silent when it holds exactly, `info` when the
    /// difference is within the printed rounding, else the rule's severity.
    pub(crate) fn check(&mut self, id: Identity) {
        if let Some(f) = evaluate(&id) {
            self.push(f);
        }
    }
}

/// The finding for an identity, if it does not hold exactly.
pub(crate) fn evaluate(id: &Identity) -> Option<Finding> {
    let mut expected = Decimal::ZERO;
    let mut tolerance = id.total.half_ulp();
    let mut decimals = id.total.decimals;
    for t in &id.terms {
        if let Some(f) = t.figure {
            expected = expected.checked_add(f.value)?;
            tolerance = tolerance.checked_add(f.half_ulp())?;
            decimals = decimals.max(f.decimals);
        }
    }
    let diff = id.total.value.checked_sub(expected)?;
    if diff.is_zero() {
        return None;
    }
    let terms = describe_terms(&id.terms, decimals);
    let mut message = format!(
        "{}应为 {}（{}），表中为 {}，相差 {}",
        id.subject,
        show(expected, decimals),
        terms,
        show(id.total.value, decimals),
        show(diff.abs(), decimals)
    );
    let rounding = diff.abs() <= tolerance;
    let severity = if rounding {
        message.push_str(&format!(
            "，在四舍五入误差（±{}）以内",
            tolerance.normalize()
        ));
        Severity::Info
    } else if id.unsure {
        message.push_str("（未能确认所列各项即为全部组成部分，请核对）");
        Severity::Warning.min(severity_of(id.rule))
    } else {
        severity_of(id.rule)
    };
    let mut f = finding(
        id.rule,
        severity,
        &id.place,
        message,
        Some(expected),
        Some(id.total.value),
    );
    f.within_rounding = rounding;
    Some(f)
}

/// Checks that `part` (an of-which figure) is not above `whole` beyond what
/// rounding both to their printed precision allows.
pub(crate) fn check_not_above(
    rule: &'static str,
    place: Place,
    part_name: &str,
    part: Figure,
    whole_name: &str,
    whole: Figure,
    sink: &mut Sink<'_>,
) {
    let Some(excess) = part.value.checked_sub(whole.value) else {
        return;
    };
    if excess <= Decimal::ZERO {
        return;
    }
    let Some(tolerance) = part.half_ulp().checked_add(whole.half_ulp()) else {
        return;
    };
    let decimals = part.decimals.max(whole.decimals);
    let mut message = format!(
        "其中项{part_name} {} 大于其所属的{whole_name} {}，超出 {}",
        show(part.value, decimals),
        show(whole.value, decimals),
        show(excess, decimals)
    );
    let rounding = excess <= tolerance;
    let severity = if rounding {
        message.push_str(&format!(
            "，在四舍五入误差（±{}）以内",
            tolerance.normalize()
        ));
        Severity::Info
    } else {
        severity_of(rule)
    };
    let mut f = finding(
        rule,
        severity,
        &place,
        message,
        Some(whole.value),
        Some(part.value),
    );
    f.within_rounding = rounding;
    sink.push(f);
}

/// "因公出国（境）费 0 + 公务接待费 1.48" (blank terms shown as 0).
fn describe_terms(terms: &[Term], decimals: u32) -> String {
    let shown: Vec<String> = terms
        .iter()
        .take(MAX_TERMS_SHOWN)
        .map(|t| match t.figure {
            Some(f) => format!("{} {}", t.name, show(f.value, f.decimals)),
            None => format!("{} 0", t.name),
        })
        .collect();
    let mut s = shown.join(" + ");
    if terms.len() > MAX_TERMS_SHOWN {
        s.push_str(&format!(" + … 共 {} 项", terms.len()));
    }
    if terms.is_empty() {
        s = format!("0（保留 {decimals} 位小数）");
    }
    s
}

/// A finding with the given fields.
pub(crate) fn finding(
    rule: &'static str,
    severity: Severity,
    place: &Place,
    message: String,
    expected: Option<Decimal>,
    actual: Option<Decimal>,
) -> Finding {
    Finding {
        rule: rule.to_owned(),
        severity,
        table: place.table.clone(),
        page: place.page,
        row: place.row,
        label: place.label.clone(),
        message,
        expected,
        actual,
        quote: None,
        paragraph: None,
        claim: None,
        col: place.col,
        column: place.column.clone(),
        bbox: place.bbox,
        table_title: place.table_title.clone(),
        unit: place.unit.clone(),
        within_rounding: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::read_figure;
    use crate::rules::THREE_PUBLIC_TOTAL;

    fn term(name: &str, raw: &str) -> Term {
        Term {
            name: name.into(),
            figure: read_figure(raw),
        }
    }

    fn identity(total: &str, terms: Vec<Term>) -> Identity {
        Identity {
            rule: THREE_PUBLIC_TOTAL,
            place: Place::default(),
            subject: "“三公”经费合计".into(),
            total: read_figure(total).unwrap(),
            terms,
            unsure: false,
        }
    }

    fn three(total: &str, overseas: &str) -> Identity {
        identity(
            total,
            vec![
                term("因公出国（境）费", overseas),
                term("公务用车购置及运行费", "4.27"),
                term("公务接待费", "1.48"),
            ],
        )
    }

    #[test]
    fn holds_exactly_is_silent() {
        assert!(evaluate(&three("5.75", "")).is_none());
    }

    #[test]
    fn mismatch_states_both_figures() {
        let f = evaluate(&three("5.85", "")).unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(
            f.message,
            "“三公”经费合计应为 5.75（因公出国（境）费 0 + 公务用车购置及运行费 4.27 + 公务接待费 1.48），表中为 5.85，相差 0.10"
        );
        assert_eq!(f.expected, Some("5.75".parse().unwrap()));
        assert_eq!(f.actual, Some("5.85".parse().unwrap()));
    }

    #[test]
    fn rounding_difference_is_info() {
        // 0.00 + 4.27 + 1.48 = 5.75; a total printed 5.76 is 0.01 off,
        // within 4 × 0.005 (three printed terms and the total).
        let f = evaluate(&three("5.76", "0.00")).unwrap();
        assert_eq!(f.severity, Severity::Info);
        assert!(f.message.contains("四舍五入"), "{}", f.message);
    }
}
