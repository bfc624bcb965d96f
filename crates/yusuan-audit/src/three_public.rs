//! "三公"经费 identities, from `records.three_public`:
//! 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, and
//! 公务用车购置及运行费 = 购置费 + 运行费. A blank figure is 0 here: the
//! forms leave a 三公 cell empty when nothing was spent.

use yusuan_model::{Decimal, Document, ThreePublic};

use crate::check::{Identity, Place, Sink, Term};
use crate::figure::{Figure, Slot};
use crate::rules::{THREE_PUBLIC_TOTAL, THREE_PUBLIC_VEHICLE};
use crate::view::View;

/// Checks every 三公 column of the document.
pub(crate) fn check_three_public(doc: &Document, views: &[View<'_>], sink: &mut Sink<'_>) {
    for tp in &doc.records.three_public {
        let fig = |v: Option<Decimal>| v.map(Figure::from_decimal);
        let place = locate(views, tp, tp.total, "“三公”经费");
        let column = if tp.column.is_empty() {
            String::new()
        } else {
            format!("（{}）", tp.column)
        };
        let unit_vehicle = match (tp.vehicle_total, tp.vehicle_purchase, tp.vehicle_operation) {
            (Some(v), _, _) => Some(Term {
                name: "公务用车购置及运行费".into(),
                figure: fig(Some(v)),
            }),
            (None, None, None) => None,
            (None, p, o) => Some(Term {
                name: "公务用车购置费 + 运行费".into(),
                figure: sum(p, o).map(Figure::from_decimal),
            }),
        };
        if let Some(total) = fig(tp.total) {
            let terms = vec![
                Term {
                    name: "因公出国（境）费".into(),
                    figure: fig(tp.overseas_travel),
                },
                unit_vehicle.unwrap_or(Term {
                    name: "公务用车购置及运行费".into(),
                    figure: None,
                }),
                Term {
                    name: "公务接待费".into(),
                    figure: fig(tp.reception),
                },
            ];
            if terms.iter().any(|t| t.figure.is_some()) {
                sink.check(Identity {
                    rule: THREE_PUBLIC_TOTAL,
                    place: place.clone(),
                    subject: format!("“三公”经费合计{column}"),
                    total,
                    terms,
                    unsure: false,
                });
            }
        }
        if let Some(vehicle) = fig(tp.vehicle_total)
            && (tp.vehicle_purchase.is_some() || tp.vehicle_operation.is_some())
        {
            sink.check(Identity {
                rule: THREE_PUBLIC_VEHICLE,
                place: locate(views, tp, Some(vehicle.value), "公务用车购置及运行费"),
                subject: format!("公务用车购置及运行费{column}"),
                total: vehicle,
                terms: vec![
                    Term {
                        name: "公务用车购置费".into(),
                        figure: fig(tp.vehicle_purchase),
                    },
                    Term {
                        name: "公务用车运行费".into(),
                        figure: fig(tp.vehicle_operation),
                    },
                ],
                unsure: false,
            });
        }
    }
}

fn sum(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (None, None) => None,
        (a, b) => a.unwrap_or_default().checked_add(b.unwrap_or_default()),
    }
}

/// The row of the table that prints `value` (the first body row showing
/// it), for the finding's place; `what` names the figure in the label.
fn locate(views: &[View<'_>], tp: &ThreePublic, value: Option<Decimal>, what: &str) -> Place {
    let mut place = Place {
        table: Some(tp.table.clone()),
        page: Some(tp.page),
        row: None,
        label: Some(if tp.column.is_empty() {
            what.to_owned()
        } else {
            format!("{what} {}", tp.column)
        }),
        ..Place::default()
    };
    let Some(view) = views.iter().find(|v| v.table.id == tp.table) else {
        return place;
    };
    let table = view.table;
    let target = value.or(tp.total).or(tp.reception).or(tp.overseas_travel);
    if let Some(target) = target {
        let row = view.body_rows().find(|&r| {
            (0..table.n_cols).any(|c| matches!(view.slot(r, c), Slot::Num(f) if f.value == target))
        });
        if let Some(r) = row {
            place.row = Some(r);
            place.page = view.page(r).or(place.page);
        }
    }
    place
}
