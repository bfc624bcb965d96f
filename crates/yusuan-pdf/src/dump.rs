//! Human-readable views of a page for `yusuan inspect`: a text dump and an SVG.

use std::fmt::Write as _;

use yusuan_model::{BBox, Glyph, Page};

/// Glyphs whose baselines differ by less than this share a run (points).
const SAME_BASELINE: f64 = 1.0;

/// A gap wider than this many font sizes ends a run.
const RUN_GAP_EMS: f64 = 1.5;

/// A run of consecutive glyphs on one baseline, in one font.
struct Run<'p> {
    text: String,
    bbox: BBox,
    glyphs: Vec<&'p Glyph>,
}

fn runs(page: &Page) -> Vec<Run<'_>> {
    let mut out: Vec<Run<'_>> = Vec::new();
    for g in &page.glyphs {
        let joins = out
            .last()
            .and_then(|r| r.glyphs.last())
            .is_some_and(|last| {
                last.font == g.font
                    && last.rotated == g.rotated
                    && (last.bbox.y1 - g.bbox.y1).abs() < SAME_BASELINE
                    && g.bbox.x0 >= last.bbox.x0
                    && g.bbox.x0 - last.bbox.x1 < RUN_GAP_EMS * f64::from(g.size)
                    && !g.rotated
            });
        match out.last_mut() {
            Some(run) if joins => {
                run.text.push_str(&g.text);
                run.bbox = run.bbox.union(&g.bbox);
                run.glyphs.push(g);
            }
            _ => out.push(Run {
                text: g.text.clone(),
                bbox: g.bbox,
                glyphs: vec![g],
            }),
        }
    }
    out
}

fn font_name(page: &Page, index: u16) -> &str {
    page.fonts
        .get(usize::from(index))
        .map_or("?", String::as_str)
}

/// A readable listing of a page: its box, glyph runs (consecutive glyphs on
/// one baseline in one font, with box, size and font), then its segments.
pub fn dump_page(page: &Page) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "page {} {:.2}x{:.2} pt rotate {} glyphs {} segments {} images {} (cover {:.2})",
        page.number,
        page.width,
        page.height,
        page.rotation,
        page.glyphs.len(),
        page.segments.len(),
        page.images,
        page.image_cover()
    );
    for w in &page.warnings {
        let _ = writeln!(s, "warning: {}", w.to_line());
    }
    let _ = writeln!(s, "runs:");
    for run in runs(page) {
        let b = run.bbox;
        let first = run.glyphs.first();
        let size = first.map_or(0.0, |g| g.size);
        let font = first.map_or("?", |g| font_name(page, g.font));
        let rot = if first.is_some_and(|g| g.rotated) {
            " rotated"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  [{:7.2} {:7.2} {:7.2} {:7.2}] {size:5.2}pt {font}{rot}: {}",
            b.x0, b.y0, b.x1, b.y1, run.text
        );
    }
    let _ = writeln!(s, "segments:");
    for seg in &page.segments {
        let _ = writeln!(
            s,
            "  {} at {:7.2} from {:7.2} to {:7.2} thick {:.2}",
            if seg.is_horizontal() { "h" } else { "v" },
            seg.pos,
            seg.start,
            seg.end,
            seg.thickness
        );
    }
    s
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An SVG of the page box, each glyph box with its text, and the segments in
/// red, in page points (origin top-left).
pub fn page_svg(page: &Page) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.2} {h:.2}" width="{w:.2}" height="{h:.2}">"#,
        w = page.width,
        h = page.height
    );
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{:.2}" height="{:.2}" fill="white" stroke="black" stroke-width="0.5"/>"#,
        page.width, page.height
    );
    let _ = writeln!(
        s,
        r#"<g fill="none" stroke="steelblue" stroke-width="0.2">"#
    );
    for g in &page.glyphs {
        let b = g.bbox;
        let _ = writeln!(
            s,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"/>"#,
            b.x0,
            b.y0,
            b.width(),
            b.height()
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g font-family="sans-serif" fill="black">"#);
    for g in &page.glyphs {
        let b = g.bbox;
        let size = b.height().min(b.width().max(1.0) * 2.0) * 0.8;
        let _ = writeln!(
            s,
            r#"<text x="{:.2}" y="{:.2}" font-size="{:.2}">{}</text>"#,
            b.x0,
            b.y1 - b.height() * 0.15,
            size,
            escape(&g.text)
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g stroke="red" stroke-width="0.6">"#);
    for seg in &page.segments {
        let (x1, y1, x2, y2) = if seg.is_horizontal() {
            (seg.start, seg.pos, seg.end, seg.pos)
        } else {
            (seg.pos, seg.start, seg.pos, seg.end)
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}"/>"#
        );
    }
    let _ = writeln!(s, "</g>\n</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Orientation, Segment};

    fn glyph(text: &str, x: f64) -> Glyph {
        Glyph {
            text: text.to_owned(),
            bbox: BBox::new(x, 100.0, x + 10.0, 110.0),
            size: 10.0,
            font: 0,
            rotated: false,
            confidence: None,
        }
    }

    fn page() -> Page {
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs: vec![glyph("合", 50.0), glyph("计", 60.0), glyph("1", 300.0)],
            segments: vec![Segment {
                orientation: Orientation::Horizontal,
                pos: 95.0,
                start: 40.0,
                end: 400.0,
                thickness: 0.96,
            }],
            fonts: vec!["SimSun".to_owned()],
            ..Page::default()
        }
    }

    #[test]
    fn dump_joins_runs_and_lists_segments() {
        let d = dump_page(&page());
        assert!(d.contains("SimSun: 合计\n"), "{d}");
        assert!(d.contains("SimSun: 1\n"), "{d}");
        assert!(d.contains("h at   95.00 from   40.00 to  400.00"), "{d}");
    }

    #[test]
    fn svg_has_boxes_text_and_red_lines() {
        let svg = page_svg(&page());
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches("<text").count(), 3);
        assert!(svg.contains(r#"<line x1="40.00" y1="95.00" x2="400.00" y2="95.00"/>"#));
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
