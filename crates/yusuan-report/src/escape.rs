//! Escaping of document text for HTML and SVG: every text of a document
//! (cell texts, titles, messages, file names) is untrusted input.

use std::fmt::Write as _;

/// Text for an HTML/SVG text node or a quoted attribute value: `& < > " '`
/// become entities, control characters (other than tab and newline) are
/// dropped, so that no document text can end an element, an attribute or a
/// `<script>`.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A piece usable in an element id: ASCII letters and digits kept, anything
/// else as `_XX` hex, so that table ids from any reader make valid,
/// unique ids.
pub(crate) fn id_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02X}");
        }
    }
    out
}

/// A relative URL for a file path: each byte outside `A-Z a-z 0-9 - . _ ~ /`
/// percent-encoded (UTF-8 names included), so that `#`, `?` and `%` in a
/// file name do not cut the link when the report is opened from disk.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_inert() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'q'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
        );
        assert_eq!(esc("a\u{0}b\u{1b}c\nd"), "abc\nd");
        assert_eq!(esc("合计"), "合计");
    }

    #[test]
    fn ids_and_urls_are_safe() {
        assert_eq!(id_part("t1"), "t1");
        assert_eq!(id_part("t\"1 x"), "t_221_20x");
        assert_eq!(
            url_path("a b/合#?.pdf.html"),
            "a%20b/%E5%90%88%23%3F.pdf.html"
        );
    }
}
