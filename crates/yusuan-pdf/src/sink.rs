//! The events the interpreter adapter emits, and the collector that turns
//! them into a [`Page`].
//!
//! The adapter does the PDF work (transforms, clipping, de-duplication); a
//! sink only sees our own types, so a dumper or a test recorder can stand in
//! for the collector without knowing hayro.

use yusuan_model::{BBox, Diagnostic, DiagnosticKind, Glyph, Loc, Page, Segment, Stage};

use crate::turn::{Direction, sideways, turn_page};

/// Two glyphs with the same text whose boxes' left and bottom edges differ by
/// at most this many points are one glyph painted twice.
const DUPLICATE_DISTANCE: f64 = 0.5;

/// Page geometry announced at the start of a page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageStart {
    /// Page number, from 1.
    pub(crate) number: u32,
    /// Width of the rotated crop box in points.
    pub(crate) width: f64,
    /// Height of the rotated crop box in points.
    pub(crate) height: f64,
    /// /Rotate in degrees.
    pub(crate) rotation: u16,
}

/// One visible (or deliberately invisible) glyph, already clipped.
#[derive(Debug, Clone)]
pub(crate) struct GlyphEvent<'e> {
    /// Unicode text.
    pub(crate) text: &'e str,
    /// Box in points, origin top-left.
    pub(crate) bbox: BBox,
    /// Effective font size in points.
    pub(crate) size: f32,
    /// Font name as shown to people.
    pub(crate) font: &'e str,
    /// Where the baseline points.
    pub(crate) direction: Direction,
    /// Painted with text render mode 3 (or clip-only): an OCR layer.
    pub(crate) invisible: bool,
}

/// Receiver of page events, in content-stream order.
pub(crate) trait PageSink {
    /// A page starts.
    fn begin_page(&mut self, start: PageStart);
    /// A glyph was painted.
    fn glyph(&mut self, glyph: GlyphEvent<'_>);
    /// A ruling segment was painted.
    fn segment(&mut self, segment: Segment);
    /// An image was painted.
    /// An image painted over `area` square points of the page (its visible
    /// bounding box).
    fn image(&mut self, area: f64);
    /// Something on the page needs reporting (lower case, without "page N:").
    fn warning(&mut self, kind: DiagnosticKind, message: String);
    /// The page ended.
    fn end_page(&mut self);
}

/// Builds one [`Page`] from events.
#[derive(Debug, Default)]
pub(crate) struct PageCollector {
    page: Page,
    /// The baseline direction of each glyph of `page.glyphs`, in order.
    directions: Vec<Direction>,
    /// Glyphs painted invisibly, kept apart until the page ends (see `end_page`).
    invisible: Vec<Glyph>,
    /// The baseline direction of each glyph of `invisible`.
    invisible_directions: Vec<Direction>,
    finished: bool,
}

impl PageCollector {
    /// The collected page; `None` before `end_page`.
    pub(crate) fn into_page(self) -> Option<Page> {
        self.finished.then_some(self.page)
    }

    fn font_index(&mut self, name: &str) -> u16 {
        if let Some(i) = self.page.fonts.iter().position(|f| f == name) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        // A page with more than 65,535 fonts is hostile; its extra fonts share the last index.
        if self.page.fonts.len() >= usize::from(u16::MAX) {
            return u16::MAX;
        }
        self.page.fonts.push(name.to_owned());
        u16::try_from(self.page.fonts.len() - 1).unwrap_or(u16::MAX)
    }
}

impl PageCollector {
    /// Turns the page when most of its text (visible, or the OCR layer when
    /// nothing is visible) runs sideways; see [`crate::turn`].
    fn turn_if_sideways(&mut self) {
        let decisive = if self.directions.is_empty() {
            &self.invisible_directions
        } else {
            &self.directions
        };
        let Some(turn) = sideways(decisive) else {
            return;
        };
        // Invisible glyphs turn with the page: append them for the turn and
        // take them back after.
        let visible = self.page.glyphs.len();
        self.page.glyphs.append(&mut self.invisible);
        let mut directions = std::mem::take(&mut self.directions);
        directions.append(&mut self.invisible_directions);
        turn_page(&mut self.page, &directions, turn);
        self.invisible = self.page.glyphs.split_off(visible);
    }
}

impl PageSink for PageCollector {
    fn begin_page(&mut self, start: PageStart) {
        self.page = Page {
            number: start.number,
            width: start.width,
            height: start.height,
            rotation: start.rotation,
            ..Page::default()
        };
        self.directions.clear();
        self.invisible.clear();
        self.invisible_directions.clear();
        self.finished = false;
    }

    fn glyph(&mut self, glyph: GlyphEvent<'_>) {
        let font = self.font_index(glyph.font);
        let g = Glyph {
            text: glyph.text.to_owned(),
            bbox: glyph.bbox,
            size: glyph.size,
            font,
            rotated: glyph.direction.is_vertical(),
            confidence: None,
        };
        if glyph.invisible {
            self.invisible.push(g);
            self.invisible_directions.push(glyph.direction);
        } else {
            self.page.glyphs.push(g);
            self.directions.push(glyph.direction);
        }
    }

    fn segment(&mut self, segment: Segment) {
        self.page.segments.push(segment);
    }

    fn image(&mut self, area: f64) {
        self.page.images = self.page.images.saturating_add(1);
        self.page.image_area += area;
    }

    fn warning(&mut self, kind: DiagnosticKind, message: String) {
        if !self
            .page
            .warnings
            .iter()
            .any(|w| w.kind == kind && w.message == message)
        {
            self.page.warnings.push(Diagnostic::warning(
                Stage::Pdf,
                kind,
                Loc::page(self.page.number),
                message,
            ));
        }
    }

    fn end_page(&mut self) {
        self.turn_if_sideways();
        remove_overprints(&mut self.page.glyphs);
        remove_overprints(&mut self.invisible);
        // Invisible text (Tr 3) is how searchable scans carry their OCR layer,
        // so it is kept where it is the only text or lies over images (a scan
        // with a visible stamped page number must keep its OCR words); copies
        // of visible glyphs are merged away, and it follows the visible text.
        // On a born-digital page (no image) it can only duplicate words or add
        // text nobody sees, so it is dropped there, with a count.
        let invisible = std::mem::take(&mut self.invisible);
        if !invisible.is_empty() {
            let n = invisible.len();
            if self.page.glyphs.is_empty() || self.page.images > 0 {
                self.page.glyphs.extend(invisible);
                remove_overprints(&mut self.page.glyphs);
                self.warning(
                    DiagnosticKind::TextDropped,
                    format!("{n} glyphs of invisible text (an ocr layer?) kept"),
                );
            } else {
                self.warning(
                    DiagnosticKind::TextDropped,
                    format!("{n} invisible glyphs dropped beside the visible text"),
                );
            }
        }
        self.finished = true;
    }
}

/// Drops glyphs that repeat an earlier glyph's text on (almost) the same
/// spot, keeping content order.
///
/// Producers overprint for bold (the 西安 商务局 tables draw every header
/// twice), and `pdftotext` merges such copies too. Sorting once per page
/// costs less than a lookup per glyph.
fn remove_overprints(glyphs: &mut Vec<Glyph>) {
    if glyphs.len() < 2 {
        return;
    }
    // Integer keys sort fast even in unoptimized test builds: first
    // character, then bottom edge and left edge in hundredths of a point.
    let hundredths = |v: f64| (v * 100.0).round() as i64;
    let limit = hundredths(DUPLICATE_DISTANCE);
    let mut keys: Vec<(u32, i64, i64, usize)> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let first = g.text.chars().next().map_or(0, u32::from);
            (first, hundredths(g.bbox.y1), hundredths(g.bbox.x0), i)
        })
        .collect();
    keys.sort_unstable();
    let mut copy = vec![false; glyphs.len()];
    for (n, &(c, y, x, i)) in keys.iter().enumerate() {
        for &(cj, yj, xj, j) in keys.iter().skip(n + 1) {
            if cj != c || yj - y > limit {
                break;
            }
            let same_text = glyphs.get(i).map(|g| &g.text) == glyphs.get(j).map(|g| &g.text);
            if (xj - x).abs() <= limit && same_text {
                // Keep the one painted first.
                if let Some(flag) = copy.get_mut(i.max(j)) {
                    *flag = true;
                }
            }
        }
    }
    let mut flags = copy.into_iter();
    glyphs.retain(|_| !flags.next().unwrap_or(false));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph<'e>(text: &'e str, invisible: bool) -> GlyphEvent<'e> {
        GlyphEvent {
            text,
            bbox: BBox::new(0.0, 0.0, 10.0, 10.0),
            size: 10.0,
            font: "SimSun",
            direction: Direction::Right,
            invisible,
        }
    }

    fn start() -> PageStart {
        PageStart {
            number: 3,
            width: 595.0,
            height: 842.0,
            rotation: 0,
        }
    }

    #[test]
    fn a_page_of_one_image_is_scanned_and_a_chart_is_not() {
        let mut c = PageCollector::default();
        c.begin_page(start());
        c.image(595.0 * 842.0);
        c.end_page();
        let page = c.into_page().expect("finished");
        assert!(page.is_scanned());
        assert!(page.warnings.is_empty(), "the pipeline warns, after OCR");

        let mut c = PageCollector::default();
        c.begin_page(start());
        c.image(595.0 * 200.0);
        c.end_page();
        let page = c.into_page().expect("finished");
        assert!(
            !page.has_text() && !page.is_scanned(),
            "a chart covers 0.24"
        );
    }

    #[test]
    fn invisible_text_is_kept_as_an_ocr_layer() {
        // A scan with its OCR layer: kept, and the page is not "scanned".
        let mut c = PageCollector::default();
        c.begin_page(start());
        c.image(595.0 * 842.0);
        c.glyph(glyph("预", true));
        c.end_page();
        let page = c.into_page().expect("finished");
        assert_eq!(page.glyphs.len(), 1);
        assert!(!page.is_scanned());

        // A scan with a visible page number: the OCR words stay; the invisible
        // copy of the visible "1" goes.
        let mut c = PageCollector::default();
        c.begin_page(start());
        c.image(595.0 * 842.0);
        c.glyph(glyph("1", false));
        c.glyph(glyph("1", true));
        let mut word = glyph("算", true);
        word.bbox = BBox::new(50.0, 50.0, 60.0, 60.0);
        c.glyph(word);
        c.end_page();
        let page = c.into_page().expect("finished");
        let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "1算");

        // Born digital (no image): invisible text beside visible text is dropped.
        let mut c = PageCollector::default();
        c.begin_page(start());
        c.glyph(glyph("预", false));
        c.glyph(glyph("算", true));
        c.end_page();
        let page = c.into_page().expect("finished");
        assert_eq!(page.glyphs.len(), 1);
        let lines: Vec<String> = page.warnings.iter().map(|w| w.to_line()).collect();
        assert_eq!(
            lines,
            ["pdf, page 3: 1 invisible glyphs dropped beside the visible text"]
        );
        assert_eq!(page.warnings[0].kind, DiagnosticKind::TextDropped);
    }

    #[test]
    fn overprinted_copies_are_merged() {
        let mut c = PageCollector::default();
        c.begin_page(start());
        c.glyph(glyph("序", false));
        let mut copy = glyph("序", false);
        copy.bbox = BBox::new(0.3, 0.0, 10.3, 10.0);
        c.glyph(copy);
        let mut next = glyph("序", false);
        next.bbox = BBox::new(12.0, 0.0, 22.0, 10.0);
        c.glyph(next);
        c.end_page();
        let page = c.into_page().expect("finished");
        assert_eq!(page.glyphs.len(), 2);
    }

    #[test]
    fn fonts_are_interned() {
        let mut c = PageCollector::default();
        c.begin_page(start());
        c.glyph(glyph("一", false));
        c.glyph(glyph("二", false));
        c.end_page();
        let page = c.into_page().expect("finished");
        assert_eq!(page.fonts, ["SimSun"]);
        assert!(page.glyphs.iter().all(|g| g.font == 0));
    }
}
