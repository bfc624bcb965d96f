//! Pages whose text runs sideways: a landscape table printed on a portrait
//! page with its content turned (some drivers and exporters do this), or a
//! page given a /Rotate that shows it on its side. A person turns such a
//! page before reading it, and so do we: glyph boxes and segments are mapped
//! into the frame in which most of the text is upright, so that layout sees
//! rows and columns the way it does on any other page.

use yusuan_model::{
    BBox, Diagnostic, DiagnosticKind, Glyph, Loc, Orientation, Page, Segment, Stage,
};

/// Where a glyph's baseline points on the page (y down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Left to right: ordinary text.
    Right,
    /// Top to bottom.
    Down,
    /// Right to left: upside down.
    Left,
    /// Bottom to top.
    Up,
}

impl Direction {
    /// The direction of a baseline vector `(a, b)` in page space (y down).
    pub(crate) fn of(a: f64, b: f64) -> Direction {
        if a.abs() >= b.abs() {
            if a >= 0.0 {
                Direction::Right
            } else {
                Direction::Left
            }
        } else if b > 0.0 {
            Direction::Down
        } else {
            Direction::Up
        }
    }

    /// Whether the baseline runs vertically.
    pub(crate) fn is_vertical(self) -> bool {
        matches!(self, Direction::Down | Direction::Up)
    }

    /// This direction seen after turning the page so that `turn` becomes
    /// [`Direction::Right`].
    fn after(self, turn: Direction) -> Direction {
        const ORDER: [Direction; 4] = [
            Direction::Right,
            Direction::Down,
            Direction::Left,
            Direction::Up,
        ];
        let index = |d: Direction| ORDER.iter().position(|&o| o == d).unwrap_or(0);
        let i = (index(self) + 4 - index(turn)) % 4;
        ORDER.get(i).copied().unwrap_or(Direction::Right)
    }

    /// Words for the page warning.
    fn describe(self) -> &'static str {
        match self {
            Direction::Right => "left to right",
            Direction::Down => "top to bottom",
            Direction::Left => "upside down",
            Direction::Up => "bottom to top",
        }
    }
}

/// At least this many glyphs must run the same sideways way before a page is
/// turned: a few vertical labels never turn a page.
const MIN_SIDEWAYS: usize = 20;

/// The sideways direction must outnumber upright glyphs this many times
/// (a turned table still has an upright page number or header).
const DOMINANCE: usize = 3;

/// The direction most of a page's text runs in, when it is not left to
/// right and clearly dominates; `None` for an ordinary page.
pub(crate) fn sideways(directions: &[Direction]) -> Option<Direction> {
    let count = |d: Direction| directions.iter().filter(|&&x| x == d).count();
    let right = count(Direction::Right);
    [Direction::Down, Direction::Up, Direction::Left]
        .into_iter()
        .map(|d| (count(d), d))
        .filter(|&(n, _)| n >= MIN_SIDEWAYS && n >= right.saturating_mul(DOMINANCE))
        .max_by_key(|&(n, _)| n)
        .map(|(_, d)| d)
}

/// Turns `page` so that text running `turn` reads left to right: glyph
/// boxes, their `rotated` flags (from `directions`, one per glyph) and
/// segments move to the turned frame, width and height swap for a quarter
/// turn, and a warning says what was done.
pub(crate) fn turn_page(page: &mut Page, directions: &[Direction], turn: Direction) {
    let (w, h) = (page.width, page.height);
    let map = |x: f64, y: f64| -> (f64, f64) {
        match turn {
            Direction::Right => (x, y),
            // Baseline (0, 1) must become (1, 0).
            Direction::Down => (y, w - x),
            // Baseline (0, -1) must become (1, 0).
            Direction::Up => (h - y, x),
            Direction::Left => (w - x, h - y),
        }
    };
    let map_box = |b: BBox| {
        let (x0, y0) = map(b.x0, b.y0);
        let (x1, y1) = map(b.x1, b.y1);
        BBox::new(x0, y0, x1, y1)
    };
    for (g, d) in page.glyphs.iter_mut().zip(directions) {
        turn_glyph(g, map_box(g.bbox), d.after(turn));
    }
    for s in &mut page.segments {
        let ((x0, y0), (x1, y1)) = match s.orientation {
            Orientation::Horizontal => ((s.start, s.pos), (s.end, s.pos)),
            Orientation::Vertical => ((s.pos, s.start), (s.pos, s.end)),
        };
        let (a, b) = (map(x0, y0), map(x1, y1));
        *s = if (a.1 - b.1).abs() <= (a.0 - b.0).abs() {
            Segment {
                orientation: Orientation::Horizontal,
                pos: a.1,
                start: a.0.min(b.0),
                end: a.0.max(b.0),
                thickness: s.thickness,
            }
        } else {
            Segment {
                orientation: Orientation::Vertical,
                pos: a.0,
                start: a.1.min(b.1),
                end: a.1.max(b.1),
                thickness: s.thickness,
            }
        };
    }
    if turn.is_vertical() {
        std::mem::swap(&mut page.width, &mut page.height);
    }
    let message = format!(
        "most text runs {}; the page is read turned so that it is upright \
         (boxes are in the turned frame, {:.0}x{:.0} pt)",
        turn.describe(),
        page.width,
        page.height
    );
    page.warnings.push(Diagnostic::warning(
        Stage::Pdf,
        DiagnosticKind::PageTurned,
        Loc::page(page.number),
        message,
    ));
}

fn turn_glyph(g: &mut Glyph, bbox: BBox, direction: Direction) {
    g.bbox = bbox;
    g.rotated = direction.is_vertical();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f64, y: f64) -> Glyph {
        Glyph {
            text: "字".to_owned(),
            bbox: BBox::new(x, y, x + 10.0, y + 10.0),
            size: 10.0,
            font: 0,
            rotated: true,
            confidence: None,
        }
    }

    #[test]
    fn directions_follow_the_baseline() {
        assert_eq!(Direction::of(1.0, 0.0), Direction::Right);
        assert_eq!(Direction::of(0.0, 1.0), Direction::Down);
        assert_eq!(Direction::of(-1.0, 0.1), Direction::Left);
        assert_eq!(Direction::of(0.2, -1.0), Direction::Up);
        assert_eq!(Direction::Down.after(Direction::Down), Direction::Right);
        assert_eq!(Direction::Right.after(Direction::Down), Direction::Up);
        assert_eq!(Direction::Right.after(Direction::Up), Direction::Down);
        assert_eq!(Direction::Up.after(Direction::Left), Direction::Down);
    }

    #[test]
    fn a_few_vertical_labels_do_not_turn_a_page() {
        let mut dirs = vec![Direction::Right; 100];
        dirs.extend([Direction::Down; 30]);
        assert_eq!(sideways(&dirs), None);
        let few = vec![Direction::Up; MIN_SIDEWAYS - 1];
        assert_eq!(sideways(&few), None);
        let mut turned = vec![Direction::Up; 200];
        turned.extend([Direction::Right; 5]);
        assert_eq!(sideways(&turned), Some(Direction::Up));
    }

    #[test]
    fn text_running_down_is_turned_upright() {
        // Portrait 600 x 800 page; two glyphs of one word running down at
        // x = 100: y = 50 then y = 60. After the turn they stand side by
        // side on one line, left to right, on an 800 x 600 page.
        let mut page = Page {
            number: 2,
            width: 600.0,
            height: 800.0,
            glyphs: vec![glyph(100.0, 50.0), glyph(100.0, 60.0)],
            segments: vec![Segment {
                orientation: Orientation::Vertical,
                pos: 90.0,
                start: 40.0,
                end: 200.0,
                thickness: 0.5,
            }],
            ..Page::default()
        };
        turn_page(&mut page, &[Direction::Down; 2], Direction::Down);
        assert_eq!((page.width, page.height), (800.0, 600.0));
        let (a, b) = (&page.glyphs[0].bbox, &page.glyphs[1].bbox);
        assert!(a.x0 < b.x0, "{a:?} {b:?}");
        assert_eq!(a.y0, b.y0);
        assert!(!page.glyphs[0].rotated);
        // Text running down has its tops to the right, so the rule left of
        // the word becomes a rule below the line.
        let s = &page.segments[0];
        assert_eq!(s.orientation, Orientation::Horizontal);
        assert!(s.pos > a.y1, "{s:?} below {a:?}");
        assert_eq!((s.start, s.end), (40.0, 200.0));
        assert!(page.warnings[0].message.contains("top to bottom"));
        assert_eq!(page.warnings[0].kind, DiagnosticKind::PageTurned);
    }

    #[test]
    fn text_running_up_is_turned_upright() {
        // Bottom to top: y = 60 comes before y = 50.
        let mut page = Page {
            width: 600.0,
            height: 800.0,
            glyphs: vec![glyph(100.0, 60.0), glyph(100.0, 50.0)],
            ..Page::default()
        };
        turn_page(&mut page, &[Direction::Up; 2], Direction::Up);
        let (a, b) = (&page.glyphs[0].bbox, &page.glyphs[1].bbox);
        assert!(a.x0 < b.x0, "{a:?} {b:?}");
        assert!(a.x0 >= 0.0 && b.x1 <= page.width);
        assert!(a.y0 >= 0.0 && a.y1 <= page.height);
    }
}
