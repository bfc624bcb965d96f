//! Page geometry: boxes and ruling segments.

use serde::{Deserialize, Serialize};

/// An axis-aligned box in PDF points, origin top-left, y down.
///
/// Serialized as the array `[x0, y0, x1, y1]` (the contract's `bbox`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct BBox {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl BBox {
    /// A box from its edges, normalized so that `x0 <= x1` and `y0 <= y1`.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        BBox {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    /// Width in points.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height in points.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    /// The smallest box containing both.
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// Whether the point lies inside the box (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }

    /// Whether the two boxes overlap with positive area.
    pub fn intersects(&self, other: &BBox) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Rounds every edge to two decimals, for stable output.
    pub fn rounded(&self) -> BBox {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        BBox {
            x0: r(self.x0),
            y0: r(self.y0),
            x1: r(self.x1),
            y1: r(self.y1),
        }
    }
}

impl From<[f64; 4]> for BBox {
    fn from(a: [f64; 4]) -> Self {
        BBox::new(a[0], a[1], a[2], a[3])
    }
}

impl From<BBox> for [f64; 4] {
    fn from(b: BBox) -> Self {
        [b.x0, b.y0, b.x1, b.y1]
    }
}

/// Direction of a ruling segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Runs left to right; `pos` is its y.
    Horizontal,
    /// Runs top to bottom; `pos` is its x.
    Vertical,
}

/// An axis-aligned ruling segment drawn on the page: a stroked line, one edge
/// of a stroked rectangle, or a thin filled rectangle used as a table rule.
///
/// Coordinates in points, origin top-left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Horizontal or vertical.
    pub orientation: Orientation,
    /// The fixed coordinate: y for horizontal segments, x for vertical ones.
    pub pos: f64,
    /// Start along the segment's axis (smaller x or y).
    pub start: f64,
    /// End along the segment's axis (larger x or y).
    pub end: f64,
    /// Drawn thickness in points (line width, or the short side of a filled rule).
    pub thickness: f64,
}

impl Segment {
    /// Length in points.
    pub fn length(&self) -> f64 {
        self.end - self.start
    }

    /// Whether the segment is horizontal.
    pub fn is_horizontal(&self) -> bool {
        self.orientation == Orientation::Horizontal
    }
}
