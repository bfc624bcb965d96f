//! Decoding the byte strings a PDF stores outside content streams: font
//! names and document-information strings.

use encoding_rs::{GBK, UTF_16BE};

/// Decodes a PDF name's bytes (a `/BaseFont`) to text.
///
/// UTF-8 is taken as is. Anything else is read as GBK, because Chinese Word
/// 2010 writes `/BaseFont` as raw GBK bytes (`#CB#CE#CC#E5` = 宋体).
pub(crate) fn decode_name(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => GBK.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Drops the six-capital subset tag ("ABCDEF+SimSun" → "SimSun").
pub(crate) fn strip_subset_prefix(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// Decodes a PDF text string (document information /Title, /Producer).
///
/// UTF-16BE with a byte-order mark, UTF-8 (with or without mark), and
/// otherwise GBK: Chinese producers write titles as raw GBK bytes, where the
/// specification would want PDFDocEncoding. ASCII reads the same in all.
pub(crate) fn decode_text_string(bytes: &[u8]) -> String {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        decode_name(bytes)
    };
    text.trim_matches(|c: char| c.is_whitespace() || c == '\0')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_font_name_decodes() {
        // 宋体 in GBK, as Word 2010 writes it.
        assert_eq!(decode_name(&[0xCB, 0xCE, 0xCC, 0xE5]), "宋体");
        assert_eq!(decode_name(b"SimSun"), "SimSun");
    }

    #[test]
    fn subset_prefix_is_stripped_only_when_it_is_a_tag() {
        assert_eq!(strip_subset_prefix("ABCDEF+SimSun"), "SimSun");
        assert_eq!(strip_subset_prefix("abc+x"), "abc+x");
        assert_eq!(strip_subset_prefix("SimSun"), "SimSun");
    }

    #[test]
    fn text_strings_decode() {
        assert_eq!(
            decode_text_string(&[0xFE, 0xFF, 0x4E, 0x2D, 0x65, 0x87]),
            "中文"
        );
        assert_eq!(decode_text_string(b"WPS Office"), "WPS Office");
        assert_eq!(decode_text_string(&[0xD6, 0xD0, 0xCE, 0xC4]), "中文");
    }
}
