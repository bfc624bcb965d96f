//! The only module that knows hayro: a [`Device`] that turns hayro's drawing
//! calls into [`PageSink`] events in our own types.
//!
//! Coordinates: the interpreter runs with `page.initial_transform(true)`, so
//! every transform it hands us ends in device space = points, origin top-left
//! of the rotated crop box, y down — the model's convention.

use std::collections::BTreeMap;

use hayro_interpret::font::{Glyph, GlyphRun, PositionedGlyph};
use hayro_interpret::hayro_cmap::{BfString, WritingMode};
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Stream};
use hayro_interpret::hayro_syntax::page::Resources;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, FillRule, Image, ImageDrawProps, Paint,
    SoftMask,
};
use yusuan_model::{BBox, DiagnosticKind, Segment};

use crate::rules::{FillShape, Pt, clip_segment, filled_box, stroked_line};
use crate::sink::{GlyphEvent, PageSink};
use crate::text::{decode_name, strip_subset_prefix};
use crate::turn::Direction;

/// Glyph box in glyph space (1/1000 em, y up): the model wants boxes that are
/// stable from glyph to glyph more than exact ink, so every glyph gets the
/// same vertical extent — top at 0.88 em above the baseline, bottom 0.12 em
/// below (the ascent/descent of SimSun and most CJK fonts).
const GLYPH_TOP: f64 = 880.0;
const GLYPH_BOTTOM: f64 = -120.0;

/// Advance used when the font states none (1/1000 em): CJK ideographs are
/// full-width, everything else is guessed at half an em.
const FALLBACK_ADVANCE_WIDE: f64 = 1000.0;
const FALLBACK_ADVANCE_NARROW: f64 = 500.0;

/// Clip-stack depth beyond which further clips are ignored (hostile files
/// nest `q W n` thousands deep; the bounding box still narrows).
const MAX_CLIP_PATHS: usize = 64;

/// Form XObjects visited when collecting a page's font names.
const MAX_FORMS_FOR_FONTS: usize = 64;

/// Font names are resolved per font program once per document.
#[derive(Debug, Default)]
pub(crate) struct FontNames {
    by_program: BTreeMap<u128, String>,
}

/// A font of a page's resources, for naming fonts hayro only knows by program.
struct ResourceFont<'a> {
    /// Name as people read it (subset tag dropped, GBK decoded).
    name: String,
    /// Whether the /BaseFont bytes were UTF-8.
    utf8: bool,
    /// The embedded font file, if any.
    file: Option<Stream<'a>>,
}

/// One entry of the clip stack, in device space.
struct Clip {
    /// Intersection of this clip's bounds with all below it.
    bounds: Rect,
    /// The clip outline when it is not a plain rectangle.
    path: Option<(BezPath, FillRule)>,
}

/// Identity of a glyph run, to recognise the second call hayro makes for
/// fill-and-stroke text (`Tr 2`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct RunKey {
    len: usize,
    first: [f64; 6],
}

/// Counts of glyphs without Unicode, per font name.
type MissingUnicode = BTreeMap<String, u32>;

/// The hayro device of one page.
pub(crate) struct PageDevice<'s, 'a, S: PageSink> {
    sink: &'s mut S,
    fonts: &'s mut FontNames,
    resources: &'s Resources<'a>,
    page_fonts: Option<Vec<ResourceFont<'a>>>,
    width: f64,
    height: f64,
    clips: Vec<Clip>,
    last_run: Option<RunKey>,
    missing: MissingUnicode,
    text: String,
    keep_clipped: bool,
    clipped: u32,
}

impl<'s, 'a, S: PageSink> PageDevice<'s, 'a, S> {
    /// A device for a page of `width` × `height` points (rotated crop box).
    pub(crate) fn new(
        sink: &'s mut S,
        fonts: &'s mut FontNames,
        resources: &'s Resources<'a>,
        width: f64,
        height: f64,
        keep_clipped: bool,
    ) -> Self {
        PageDevice {
            sink,
            fonts,
            resources,
            page_fonts: None,
            width,
            height,
            clips: Vec::new(),
            last_run: None,
            missing: MissingUnicode::new(),
            text: String::new(),
            keep_clipped,
            clipped: 0,
        }
    }

    /// Reports what the page could not decode; call once after interpreting.
    pub(crate) fn finish(self) {
        if self.clipped > 0 {
            // Text cut off by a clip path is invisible on the printed page too
            // (WPS 表格 and Excel clip overflowing cells and the print area),
            // but a reader of the numbers should know something was cut.
            let what = if self.keep_clipped { "kept" } else { "dropped" };
            self.sink.warning(
                DiagnosticKind::TextDropped,
                format!("{} glyphs hidden by a clip path {what}", self.clipped),
            );
        }
        for (font, n) in self.missing {
            self.sink.warning(
                DiagnosticKind::TextDropped,
                format!("font {font} has no unicode mapping; {n} glyphs dropped"),
            );
        }
    }

    /// The visible area: page box narrowed by the clip stack.
    fn visible(&self) -> Rect {
        let page = Rect::new(0.0, 0.0, self.width, self.height);
        match self.clips.last() {
            Some(c) => page.intersect(c.bounds),
            None => page,
        }
    }

    /// Whether a device-space point lies on the page (crop box), with half a
    /// point of slack for glyphs set flush with the edge.
    fn on_page(&self, p: Point) -> bool {
        p.x >= -0.5 && p.x <= self.width + 0.5 && p.y >= -0.5 && p.y <= self.height + 0.5
    }

    /// Whether a device-space point is inside every clip of the stack.
    fn in_clip(&self, p: Point) -> bool {
        let Some(top) = self.clips.last() else {
            return true;
        };
        let b = top.bounds;
        // Half a point of slack: glyph centres of text set flush with a cell edge.
        if p.x < b.x0 - 0.5 || p.x > b.x1 + 0.5 || p.y < b.y0 - 0.5 || p.y > b.y1 + 0.5 {
            return false;
        }
        self.clips.iter().all(|c| match &c.path {
            Some((path, rule)) => {
                let w = path.winding(p);
                match rule {
                    FillRule::NonZero => w != 0,
                    FillRule::EvenOdd => w % 2 != 0,
                }
            }
            None => true,
        })
    }

    fn emit_segment(&mut self, s: Segment) {
        let v = self.visible();
        if let Some(s) = clip_segment(s, v.x0, v.y0, v.x1, v.y1) {
            self.sink.segment(s);
        }
    }

    /// Rules of a stroked path: each straight, axis-aligned piece.
    fn stroke_rules(&mut self, path: &BezPath, t: Affine, line_width: f64) {
        let thickness = line_width * t.determinant().abs().sqrt();
        let (mut cur, mut start) = (Point::ZERO, Point::ZERO);
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    cur = t * p;
                    start = cur;
                }
                PathEl::LineTo(p) => {
                    let p = t * p;
                    if let Some(s) = stroked_line(pt(cur), pt(p), thickness) {
                        self.emit_segment(s);
                    }
                    cur = p;
                }
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => cur = t * p,
                PathEl::ClosePath => {
                    if let Some(s) = stroked_line(pt(cur), pt(start), thickness) {
                        self.emit_segment(s);
                    }
                    cur = start;
                }
            }
        }
    }

    /// Rules of a filled path: each thin axis-aligned subpath.
    fn fill_rules(&mut self, path: &BezPath, t: Affine) {
        let mut shape: Option<FillShape> = None;
        let mut found = Vec::new();
        for el in path.elements() {
            match *el {
                PathEl::MoveTo(p) => {
                    if let Some(s) = shape.take().and_then(|s| s.finish()) {
                        found.push(s);
                    }
                    shape = Some(FillShape::start(pt(t * p)));
                }
                PathEl::LineTo(p) => match shape.as_mut() {
                    Some(s) => s.line_to(pt(t * p)),
                    None => shape = Some(FillShape::start(pt(t * p))),
                },
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => match shape.as_mut() {
                    Some(s) => s.curve_to(pt(t * p)),
                    None => {
                        let mut s = FillShape::start(pt(t * p));
                        s.curve_to(pt(t * p));
                        shape = Some(s);
                    }
                },
                PathEl::ClosePath => {}
            }
        }
        if let Some(s) = shape.and_then(|s| s.finish()) {
            found.push(s);
        }
        for s in found {
            self.emit_segment(s);
        }
    }

    /// The display name of the font a run was shown with.
    fn run_font_name(&mut self, glyph: &PositionedGlyph<'a>) -> String {
        match &**glyph {
            Glyph::Type3(_) => "type3".to_owned(),
            Glyph::Outline(o) => match o.font_data() {
                Some(data) => {
                    if let Some(name) = self.fonts.by_program.get(&data.cache_key) {
                        return name.clone();
                    }
                    let ps = data.postscript_name.unwrap_or_default();
                    // hayro turns a non-UTF-8 /BaseFont (Word 2010's GBK names)
                    // into a placeholder; find the real bytes in the resources.
                    let name = if ps.is_empty() || ps.starts_with('{') {
                        let len = (*data.data).as_ref().len();
                        self.name_non_utf8_font(len)
                    } else {
                        strip_subset_prefix(&ps).to_owned()
                    };
                    self.fonts.by_program.insert(data.cache_key, name.clone());
                    name
                }
                // Not embedded (standard 14 or a system font hayro substituted).
                None => self.name_non_embedded_font(),
            },
        }
    }

    fn page_fonts(&mut self) -> &[ResourceFont<'a>] {
        if self.page_fonts.is_none() {
            self.page_fonts = Some(collect_fonts(self.resources));
        }
        self.page_fonts.as_deref().unwrap_or_default()
    }

    fn name_non_utf8_font(&mut self, program_len: usize) -> String {
        let candidates: Vec<&ResourceFont<'a>> =
            self.page_fonts().iter().filter(|f| !f.utf8).collect();
        match candidates.as_slice() {
            [] => "unknown".to_owned(),
            [one] => one.name.clone(),
            many => {
                // Several GBK-named fonts on the page: match the embedded file by size.
                let by_len = many.iter().find(|f| {
                    f.file
                        .as_ref()
                        .and_then(|s| s.decoded().ok())
                        .is_some_and(|d| d.len() == program_len)
                });
                by_len.map_or_else(|| "unknown".to_owned(), |f| f.name.clone())
            }
        }
    }

    fn name_non_embedded_font(&mut self) -> String {
        let names: Vec<&str> = self
            .page_fonts()
            .iter()
            .filter(|f| f.file.is_none())
            .map(|f| f.name.as_str())
            .collect();
        match names.as_slice() {
            [one] => (*one).to_owned(),
            _ => "unknown (not embedded)".to_owned(),
        }
    }
}

fn pt(p: Point) -> Pt {
    (p.x, p.y)
}

/// Fonts of a page's resources and of the forms it paints, without duplicates.
fn collect_fonts<'a>(resources: &Resources<'a>) -> Vec<ResourceFont<'a>> {
    let mut out: Vec<ResourceFont<'a>> = Vec::new();
    let mut queue: Vec<Resources<'a>> = vec![resources.clone()];
    let mut forms = 0usize;
    while let Some(res) = queue.pop() {
        for key in res.fonts.keys() {
            if let Some(dict) = res.fonts.get::<Dict<'a>>(&key)
                && let Some(font) = resource_font(&dict)
                && !out.iter().any(|f| f.name == font.name)
            {
                out.push(font);
            }
        }
        for key in res.x_objects.keys() {
            if forms >= MAX_FORMS_FOR_FONTS {
                break;
            }
            if let Some(stream) = res.x_objects.get::<Stream<'a>>(&key)
                && stream
                    .dict()
                    .get::<Name<'_>>(b"Subtype")
                    .is_some_and(|n| n.as_ref() == b"Form")
                && let Some(r) = stream.dict().get::<Dict<'a>>(b"Resources")
            {
                forms += 1;
                queue.push(Resources::new(r));
            }
        }
    }
    out
}

fn resource_font<'a>(dict: &Dict<'a>) -> Option<ResourceFont<'a>> {
    let base = dict.get::<Name<'_>>(b"BaseFont")?;
    let bytes: &[u8] = base.as_ref();
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let name = strip_subset_prefix(&decode_name(bytes)).to_owned();
    let descriptor = dict.get::<Dict<'a>>(b"FontDescriptor").or_else(|| {
        dict.get::<Array<'a>>(b"DescendantFonts")?
            .iter::<Dict<'a>>()
            .next()?
            .get::<Dict<'a>>(b"FontDescriptor")
    });
    let file = descriptor.and_then(|d| {
        d.get::<Stream<'a>>(b"FontFile2")
            .or_else(|| d.get::<Stream<'a>>(b"FontFile3"))
            .or_else(|| d.get::<Stream<'a>>(b"FontFile"))
    });
    Some(ResourceFont { name, utf8, file })
}

/// Whether a paint is (near) white: white rules erase, they do not rule.
fn is_white(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, a] = c.to_rgba().components();
            a < 0.05 || (r > 0.95 && g > 0.95 && b > 0.95)
        }
        Paint::Pattern(_) => false,
    }
}

/// Whether a character can only be a full-width glyph.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x20000..=0x3FFFF)
}

impl<'a, S: PageSink> Device<'a> for PageDevice<'_, 'a, S> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.last_run = None;
        if is_white(&props.paint) {
            return;
        }
        let t = props.transform;
        match draw_mode {
            DrawMode::Fill(_) => self.fill_rules(path, t),
            DrawMode::Stroke(s) => self.stroke_rules(path, t, f64::from(s.line_width)),
            DrawMode::FillAndStroke(_, s) => {
                self.fill_rules(path, t);
                self.stroke_rules(path, t, f64::from(s.line_width));
            }
            DrawMode::Invisible => {}
        }
    }

    fn draw_rect(&mut self, rect: &Rect, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.last_run = None;
        if is_white(&props.paint) {
            return;
        }
        let t = props.transform;
        let fill = |dev: &mut Self| {
            // `re` under a rotation or skew is no longer axis-aligned: go the path way.
            let [_, b, c, _, _, _] = t.as_coeffs();
            if b.abs() > 1e-6 || c.abs() > 1e-6 {
                dev.fill_rules(&rect.to_path(0.1), t);
                return;
            }
            let (p0, p1) = (
                t * Point::new(rect.x0, rect.y0),
                t * Point::new(rect.x1, rect.y1),
            );
            if let Some(s) = filled_box(p0.x, p0.y, p1.x, p1.y) {
                dev.emit_segment(s);
            }
        };
        match draw_mode {
            DrawMode::Fill(_) => fill(self),
            DrawMode::Stroke(s) => {
                self.stroke_rules(&rect.to_path(0.1), t, f64::from(s.line_width));
            }
            DrawMode::FillAndStroke(_, s) => {
                fill(self);
                self.stroke_rules(&rect.to_path(0.1), t, f64::from(s.line_width));
            }
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, clip_path: &ClipPath) {
        let below = self.visible();
        let bounds = below.intersect(clip_path.path.bounding_box());
        let path =
            (self.clips.len() < MAX_CLIP_PATHS).then(|| (clip_path.path.clone(), clip_path.fill));
        self.clips.push(Clip { bounds, path });
    }

    fn push_clip_rect(&mut self, rect: &Rect) {
        let bounds = self.visible().intersect(*rect);
        self.clips.push(Clip { bounds, path: None });
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn pop_transparency_group(&mut self) {}

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        self.last_run = None;
        // The transform maps the image's pixel grid onto the page; what
        // counts is the part of its box that is visible.
        let (w, h) = (f64::from(image.width()), f64::from(image.height()));
        let shown = props
            .transform
            .transform_rect_bbox(Rect::new(0.0, 0.0, w, h))
            .intersect(self.visible());
        self.sink
            .image(shown.width().max(0.0) * shown.height().max(0.0));
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let glyphs = run.glyphs();
        let Some(first) = glyphs.first() else {
            return;
        };
        // Fill-and-stroke text (`Tr 2`) arrives as a fill run and then the same
        // run stroked: keep one.
        let key = RunKey {
            len: glyphs.len(),
            first: (props.transform * first.transform()).as_coeffs(),
        };
        if matches!(mode, DrawMode::Stroke(_)) && self.last_run == Some(key) {
            return;
        }
        self.last_run = Some(key);
        let invisible = matches!(mode, DrawMode::Invisible);
        let vertical = matches!(run.writing_mode(), WritingMode::Vertical);
        let mut font: Option<String> = None;
        for g in glyphs {
            let t = props.transform * g.transform();
            let [a, b, c, d, _, _] = t.as_coeffs();
            let size = c.hypot(d) * 1000.0;
            if !size.is_finite() || size <= 0.0 {
                continue;
            }
            let mut text = std::mem::take(&mut self.text);
            text.clear();
            match g.as_unicode() {
                Some(BfString::Char(ch)) => text.push(ch),
                Some(BfString::String(s)) => text.push_str(&s),
                None => {}
            }
            let unmapped = text.is_empty() || text.contains('\u{FFFD}');
            // Spaces and control codes paint nothing a reader needs: layout
            // works from gaps between boxes.
            if !unmapped && text.chars().all(|ch| ch.is_whitespace() || ch.is_control()) {
                self.text = text;
                continue;
            }
            let advance = match &**g {
                Glyph::Outline(o) => o.advance_width().map(f64::from),
                Glyph::Type3(_) => None,
            }
            .filter(|w| w.is_finite() && *w > 0.0 && *w < 4000.0)
            .unwrap_or_else(|| {
                if text.chars().next().is_some_and(is_wide) {
                    FALLBACK_ADVANCE_WIDE
                } else {
                    FALLBACK_ADVANCE_NARROW
                }
            });
            let (x0, x1) = if vertical {
                // Vertical fonts advance downwards; the origin is the glyph's top centre.
                (-500.0, 500.0)
            } else {
                (0.0, advance)
            };
            let corners = [
                t * Point::new(x0, GLYPH_BOTTOM),
                t * Point::new(x1, GLYPH_BOTTOM),
                t * Point::new(x0, GLYPH_TOP),
                t * Point::new(x1, GLYPH_TOP),
            ];
            let (mut bx0, mut by0, mut bx1, mut by1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for p in corners {
                bx0 = bx0.min(p.x);
                by0 = by0.min(p.y);
                bx1 = bx1.max(p.x);
                by1 = by1.max(p.y);
            }
            let centre = Point::new((bx0 + bx1) / 2.0, (by0 + by1) / 2.0);
            if !centre.x.is_finite() || !centre.y.is_finite() || !self.on_page(centre) {
                self.text = text;
                continue;
            }
            if !self.in_clip(centre) {
                self.clipped = self.clipped.saturating_add(1);
                if !self.keep_clipped {
                    self.text = text;
                    continue;
                }
            }
            if font.is_none() {
                font = Some(self.run_font_name(first));
            }
            let name = font.as_deref().unwrap_or("unknown");
            if unmapped {
                let n = self.missing.entry(name.to_owned()).or_insert(0);
                *n = n.saturating_add(1);
                self.text = text;
                continue;
            }
            self.sink.glyph(GlyphEvent {
                text: &text,
                bbox: BBox::new(bx0, by0, bx1, by1),
                size: size as f32,
                font: name,
                direction: Direction::of(a, b),
                invisible,
            });
            self.text = text;
        }
    }
}
