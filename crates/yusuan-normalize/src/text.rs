//! Cell text as a reader sees it: one width, no stray spaces.

/// Folds full-width forms to ASCII and drops the spaces a reader skips.
///
/// Spaces come from OCR and line wrapping ("100, 000", "99. 32%", "≥ 1次",
/// "2023 年度内" in the 黔南 自评表 scans). A space is dropped unless it
/// stands between two digits: "10 100.00" is two figures run together by a
/// scan ("分值 执行率"), and joining them would invent a number, so that space
/// stays and the cell does not parse. Line breaks are kept (they separate the
/// parts of a compound condition); spaces around them go.
pub(crate) fn prepare(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars().map(fold_char) {
        if c == '\n' {
            while out.ends_with(' ') {
                out.pop();
            }
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            pending_space = false;
        } else if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space
                && out.chars().next_back().is_some_and(|p| p.is_ascii_digit())
                && c.is_ascii_digit()
            {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// One character in the form the parser expects.
fn fold_char(c: char) -> char {
    match c {
        // Full-width ASCII: "１２３．４５", "％", "，", "（", "＞＝".
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}'
        | '\u{00A0}'
        | '\t'
        | '\r'
        | '\u{2000}'..='\u{200B}'
        | '\u{202F}'
        | '\u{205F}' => ' ',
        // Minus and hyphen look-alikes; the dashes (– —) stay, they are
        // placeholders or range separators.
        '\u{2212}' | '\u{FE63}' | '\u{2010}' | '\u{2011}' => '-',
        '\u{301C}' | '\u{223C}' => '~',
        '\u{FE6A}' => '%',
        '\u{FE50}' => ',',
        _ => c,
    }
}

/// Whether `c` is a CJK ideograph (the nouns that follow a measure word).
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::prepare;

    #[test]
    fn folds_width_and_drops_reader_invisible_spaces() {
        assert_eq!(prepare("１２３．４５"), "123.45");
        assert_eq!(prepare("９５％"), "95%");
        assert_eq!(prepare("１００，０００"), "100,000");
        assert_eq!(prepare("＞＝５"), ">=5");
        assert_eq!(prepare("（12.50）"), "(12.50)");
        assert_eq!(prepare("100, 000"), "100,000");
        assert_eq!(prepare("99. 32%"), "99.32%");
        assert_eq!(prepare("≥ 1次"), "≥1次");
        assert_eq!(prepare("2023 年度内"), "2023年度内");
        assert_eq!(prepare("  70.65万元 "), "70.65万元");
        assert_eq!(prepare("2024年 5 月 30 日"), "2024年5月30日");
    }

    #[test]
    fn keeps_a_space_between_two_figures() {
        assert_eq!(prepare("10 100.00"), "10 100.00");
        assert_eq!(prepare("1 000"), "1 000");
    }

    #[test]
    fn keeps_line_breaks_as_separators() {
        assert_eq!(prepare("a>1% \n b>2%\n"), "a>1%\nb>2%");
        assert_eq!(prepare("\n\n"), "");
    }
}
