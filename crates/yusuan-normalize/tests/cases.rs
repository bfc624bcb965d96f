//! The table of cases in `data/cases.txt`: every value form of the seeds.

use yusuan_model::{Op, Quantity, QuantityKind};
use yusuan_normalize::{ValueContext, parse_quantity};

const CASES: &str = include_str!("data/cases.txt");

/// Expected fields, as written in the table.
#[derive(Debug, PartialEq)]
struct Fields {
    kind: String,
    op: String,
    value: String,
    max: String,
    unit: String,
    yuan: String,
    date: String,
    flags: String,
}

impl Fields {
    fn parse(cols: &[&str]) -> Fields {
        let [kind, op, value, max, unit, yuan, date, flags] = cols else {
            panic!("expected 8 result columns, got {cols:?}");
        };
        Fields {
            kind: kind.to_string(),
            op: op.to_string(),
            value: value.to_string(),
            max: max.to_string(),
            unit: unit.to_string(),
            yuan: yuan.to_string(),
            date: date.to_string(),
            flags: flags.to_string(),
        }
    }

    fn of(q: &Quantity) -> Fields {
        let opt = |v: Option<String>| v.unwrap_or_else(|| "~".to_string());
        Fields {
            kind: kind_name(q.kind).to_string(),
            op: opt(q.op.map(|o| op_name(o).to_string())),
            value: opt(q.value.map(|v| v.to_string())),
            max: opt(q.max.map(|v| v.to_string())),
            unit: opt(q.unit.clone()),
            yuan: opt(q.yuan.map(|v| v.to_string())),
            date: opt(q.date.clone()),
            flags: {
                let mut flags = Vec::new();
                if q.unit_inherited {
                    flags.push("inherited".to_string());
                }
                if let Some(per) = &q.per {
                    flags.push(format!("per={per}"));
                }
                if q.uncertain {
                    flags.push("uncertain".to_string());
                }
                flags.join(",")
            },
        }
    }
}

fn kind_name(k: QuantityKind) -> &'static str {
    match k {
        QuantityKind::Amount => "amount",
        QuantityKind::Count => "count",
        QuantityKind::Percent => "percent",
        QuantityKind::Date => "date",
        QuantityKind::Duration => "duration",
        QuantityKind::Bool => "bool",
        QuantityKind::Text => "text",
    }
}

fn op_name(o: Op) -> &'static str {
    match o {
        Op::Ge => ">=",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Lt => "<",
        Op::Eq => "=",
        Op::Range => "range",
    }
}

/// One line's columns: comment dropped, trimmed, a backticked first column
/// taken literally.
fn columns(line: &str) -> Vec<String> {
    let body = match line.find(" # ").or_else(|| line.find("  #")) {
        Some(i) => &line[..i],
        None => line,
    };
    let mut cols: Vec<String> = body.split('|').map(|c| c.trim().to_string()).collect();
    if let Some(first) = cols.first_mut()
        && first.len() >= 2
        && first.starts_with('`')
        && first.ends_with('`')
    {
        *first = first[1..first.len() - 1].to_string();
    }
    // Raw text with its outer spaces kept needs the untrimmed column.
    if let Some(start) = body.find('`')
        && let Some(end) = body[start + 1..].find('`')
        && body[..start].trim().is_empty()
    {
        cols[0] = body[start + 1..start + 1 + end].to_string();
    }
    cols
}

struct Case {
    line: usize,
    raw: String,
    context: Vec<(String, String)>,
    expected: Fields,
    parts: Vec<(String, Fields)>,
}

fn load() -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for (n, line) in CASES.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(part) = line.strip_prefix("+ ") {
            let cols = columns(part);
            let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
            let case = cases
                .last_mut()
                .unwrap_or_else(|| panic!("line {line_no}: part without case"));
            case.parts
                .push((cols[0].clone(), Fields::parse(&refs[1..])));
            continue;
        }
        let cols = columns(line);
        let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
        assert!(
            refs.len() == 10,
            "line {line_no}: expected 10 columns, got {}: {line}",
            refs.len()
        );
        let context = refs[1]
            .split(';')
            .filter(|kv| !kv.trim().is_empty())
            .map(|kv| {
                let (k, v) = kv
                    .split_once('=')
                    .unwrap_or_else(|| panic!("line {line_no}: bad context {kv}"));
                (k.trim().to_string(), v.trim().to_string())
            })
            .collect();
        cases.push(Case {
            line: line_no,
            raw: cols[0].clone(),
            context,
            expected: Fields::parse(&refs[2..]),
            parts: Vec::new(),
        });
    }
    cases
}

fn context_of(pairs: &[(String, String)]) -> ValueContext<'_> {
    let mut c = ValueContext::default();
    for (k, v) in pairs {
        match k.as_str() {
            "u" => c.unit = Some(v),
            "uc" => c.unit_cell = Some(v),
            "oc" => c.op_cell = Some(v),
            "h" => c.header = Some(v),
            other => panic!("unknown context key {other}"),
        }
    }
    c
}

fn show(f: &Fields) -> String {
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        f.kind, f.op, f.value, f.max, f.unit, f.yuan, f.date, f.flags
    )
}

#[test]
fn seed_value_forms() {
    let cases = load();
    assert!(
        cases.len() >= 150,
        "the table shrank to {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let q = parse_quantity(&case.raw, &context_of(&case.context));
        assert_eq!(q.raw, case.raw, "raw must be kept as given");
        let got = Fields::of(&q);
        if got != case.expected {
            failures.push(format!(
                "line {}: {:?}\n    expected {}\n    actual   {}",
                case.line,
                case.raw,
                show(&case.expected),
                show(&got)
            ));
        }
        let got_parts: Vec<(String, Fields)> = q
            .parts
            .iter()
            .map(|p| (p.raw.clone(), Fields::of(p)))
            .collect();
        if got_parts != case.parts {
            let fmt = |ps: &[(String, Fields)]| {
                ps.iter()
                    .map(|(r, f)| format!("\n      {r} | {}", show(f)))
                    .collect::<String>()
            };
            failures.push(format!(
                "line {}: {:?} parts\n    expected{}\n    actual{}",
                case.line,
                case.raw,
                fmt(&case.parts),
                fmt(&got_parts)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn serializes_as_the_contract_says() {
    let q = parse_quantity("≤70.65万元", &ValueContext::default());
    let json = serde_json::to_value(&q).unwrap_or_default();
    // Exact JSON numbers, contract names and spellings; empty extensions left out.
    assert_eq!(json["kind"], "amount");
    assert_eq!(json["op"], "<=");
    assert_eq!(json["unit"], "万元");
    assert!(
        json["value"].is_number() && json["yuan"].is_number(),
        "{json}"
    );
    assert_eq!(json["value"].to_string(), "70.65");
    assert_eq!(json["yuan"].to_string(), "706500");
    assert!(json["max"].is_null());
    for absent in ["date", "parts", "unit_inherited", "per"] {
        assert!(json.get(absent).is_none(), "{absent} in {json}");
    }
    let back: Quantity =
        serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(back, q);
    // A figure Decimal holds but f64 does not survives the trip exactly.
    let q = parse_quantity("12,345,678,901,234.56万元", &ValueContext::default());
    let text = serde_json::to_string(&q).unwrap_or_default();
    assert!(text.contains(r#""yuan":123456789012345600"#), "{text}");
    let back: Quantity = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(back, q);
    let q = parse_quantity("不适用", &ValueContext::default());
    let json = serde_json::to_value(&q).unwrap_or_default();
    assert_eq!(json["kind"], "text");
    assert!(json["value"].is_null());
    assert_eq!(json["raw"], "不适用");
}
