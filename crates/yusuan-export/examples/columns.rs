//! Prints the record tables' columns as the Markdown of docs/schema.md
//! ("Record tables"): `cargo run -p yusuan-export --example columns`.

fn main() {
    print!("{}", yusuan_export::columns_markdown());
}
