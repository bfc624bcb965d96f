//! Reads cells from stdin, one per line, and prints each normalized
//! `Quantity` as a JSON line: a quick way to see how a cell is read.
//!
//!     echo '≥70.65万元' | cargo run -q -p yusuan-normalize --example normalize
//!
//! A line may carry context after tabs: `cell<TAB>unit_cell<TAB>op_cell<TAB>header<TAB>table unit`.
//! `\n` in a cell stands for a line break.

use std::io::BufRead;

use yusuan_normalize::{ValueContext, parse_quantity};

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let mut fields = line.split('\t');
        let raw = fields.next().unwrap_or("").replace("\\n", "\n");
        let mut next = || fields.next().filter(|s| !s.is_empty());
        let context = ValueContext {
            unit_cell: next(),
            op_cell: next(),
            header: next(),
            unit: next(),
        };
        let q = parse_quantity(&raw, &context);
        match serde_json::to_string(&q) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("{raw:?}: {e}"),
        }
    }
}
