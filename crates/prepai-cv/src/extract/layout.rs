//! Reading order from glyph positions: glyphs → rows → segments, then a column gutter is
//! looked for so that two-column pages are read left column first, then right column.

/// One glyph as placed on the page (y grows downwards, units are PDF points).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge.
    pub x: f64,
    /// Baseline, measured from the top of the page.
    pub y: f64,
    /// Horizontal advance.
    pub advance: f64,
    /// Effective font size.
    pub size: f64,
    /// The decoded character(s).
    pub text: String,
}

/// A horizontal run of text inside a row, separated from its neighbours by a wide gap.
#[derive(Debug, Clone)]
struct Segment {
    x0: f64,
    x1: f64,
    text: String,
}

/// Glyphs sharing a baseline.
#[derive(Debug, Clone)]
struct Row {
    y: f64,
    size: f64,
    segments: Vec<Segment>,
}

/// Rebuilds the text of one page in reading order.
pub fn page_text(glyphs: &[Glyph], page_width: f64) -> String {
    let rows = rows(glyphs);
    let gutter = find_gutter(&rows, page_width);
    let mut out = Flow::default();
    let (mut left, mut right) = (Flow::default(), Flow::default());
    for row in &rows {
        match gutter {
            Some(g) if !row.segments.iter().any(|s| crosses(s, g)) => {
                let (l, r): (Vec<&Segment>, Vec<&Segment>) =
                    row.segments.iter().partition(|s| s.x1 <= g);
                left.push(row, &l);
                right.push(row, &r);
            }
            _ => {
                out.append(std::mem::take(&mut left));
                out.append(std::mem::take(&mut right));
                out.push(row, &row.segments.iter().collect::<Vec<_>>());
            }
        }
    }
    out.append(left);
    out.append(right);
    out.text
}

/// Text of one reading flow, with blank lines where the vertical gap is large.
#[derive(Default)]
struct Flow {
    text: String,
    last: Option<(f64, f64)>,
}

impl Flow {
    fn push(&mut self, row: &Row, segments: &[&Segment]) {
        if segments.is_empty() {
            return;
        }
        if let Some((y, size)) = self.last {
            if row.y - y > 2.0 * size.max(row.size) {
                self.text.push('\n');
            }
        }
        let line: Vec<&str> = segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        self.text.push_str(&line.join("\t"));
        self.text.push('\n');
        self.last = Some((row.y, row.size));
    }

    fn append(&mut self, other: Flow) {
        if other.text.is_empty() {
            return;
        }
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
        self.text.push_str(&other.text);
        self.last = other.last;
    }
}

fn crosses(s: &Segment, x: f64) -> bool {
    s.x0 < x - 1.0 && s.x1 > x + 1.0
}

/// Groups glyphs into rows by baseline and splits rows into segments at wide gaps.
fn rows(glyphs: &[Glyph]) -> Vec<Row> {
    let mut sorted: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| g.size > 0.5 && !g.text.is_empty())
        .collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<(f64, f64, Vec<&Glyph>)> = Vec::new();
    for g in sorted {
        match rows.last_mut() {
            Some((y, size, members)) if (g.y - *y).abs() <= 0.45 * size.max(g.size) => {
                *size = size.max(g.size);
                members.push(g);
            }
            _ => rows.push((g.y, g.size, vec![g])),
        }
    }
    rows.into_iter()
        .map(|(y, size, mut members)| {
            members.sort_by(|a, b| a.x.total_cmp(&b.x));
            Row {
                y,
                size,
                segments: segments(&members),
            }
        })
        .filter(|r| !r.segments.is_empty())
        .collect()
}

fn segments(glyphs: &[&Glyph]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        let end = g.x + g.advance.max(0.0);
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.advance.max(0.0));
            if p.text == g.text && (g.x - p.x).abs() < 0.3 {
                continue; // the same glyph drawn twice (fake bold, shadows)
            }
            if gap > 1.5 * g.size.max(p.size) {
                out.push(Segment {
                    x0: g.x,
                    x1: end,
                    text: String::new(),
                });
            } else if let Some(seg) = out.last_mut() {
                if gap > 0.18 * g.size && !seg.text.ends_with(' ') && !g.text.starts_with(' ') {
                    seg.text.push(' ');
                }
            }
        } else {
            out.push(Segment {
                x0: g.x,
                x1: end,
                text: String::new(),
            });
        }
        if let Some(seg) = out.last_mut() {
            seg.text.push_str(&g.text);
            seg.x1 = seg.x1.max(end);
        }
        prev = Some(g);
    }
    out.retain(|s| !s.text.trim().is_empty());
    out
}

/// Finds the x of a vertical gutter between two columns of left-aligned text, if the page
/// has one. Right-aligned dates or tab stops in a single-column layout do not qualify: a real
/// column has its own rows (rows with text on one side only) and a common left edge.
fn find_gutter(rows: &[Row], page_width: f64) -> Option<f64> {
    if rows.len() < 6 {
        return None;
    }
    let mut candidates: Vec<(f64, usize)> = Vec::new();
    // 2-point steps on ordinary pages; at most ~400 probes on absurdly wide ones.
    let step = (page_width * 0.6 / 400.0).max(2.0);
    let mut x = page_width * 0.2;
    while x <= page_width * 0.8 {
        if let Some(crossing) = gutter_crossings(rows, x) {
            candidates.push((x, crossing));
        }
        x += step;
    }
    // Among valid positions, the fewest crossing rows; among those, the widest clear band.
    let fewest = candidates.iter().map(|c| c.1).min()?;
    let mut best: Option<(f64, f64)> = None;
    let mut run: Option<(f64, f64)> = None;
    let mut last_x = f64::NEG_INFINITY;
    for &(x, crossing) in &candidates {
        if crossing != fewest {
            run = None;
            continue;
        }
        run = match run {
            Some((s, _)) if x - last_x < step * 1.25 => Some((s, x)),
            _ => Some((x, x)),
        };
        last_x = x;
        if let Some((s, e)) = run {
            if best.is_none_or(|(bs, be)| e - s > be - bs) {
                best = Some((s, e));
            }
        }
    }
    best.filter(|(s, e)| e - s >= 2.0 * step)
        .map(|(s, e)| (s + e) / 2.0)
}

/// The number of rows crossing a gutter at `x`, if `x` separates two real columns.
fn gutter_crossings(rows: &[Row], x: f64) -> Option<usize> {
    let (mut crossing, mut left_only, mut right_only) = (0usize, 0usize, 0usize);
    let mut right_starts: Vec<f64> = Vec::new();
    let mut left_count = 0usize;
    for row in rows {
        if row.segments.iter().any(|s| crosses(s, x)) {
            crossing += 1;
            continue;
        }
        let l = row.segments.iter().filter(|s| s.x1 <= x).count();
        let r = row.segments.len() - l;
        left_count += l;
        right_starts.extend(row.segments.iter().filter(|s| s.x0 >= x).map(|s| s.x0));
        match (l > 0, r > 0) {
            (true, false) => left_only += 1,
            (false, true) => right_only += 1,
            _ => {}
        }
    }
    if crossing * 4 > rows.len()
        || right_starts.len() < 4
        || left_count < 3
        || left_only == 0
        || right_only == 0
    {
        return None;
    }
    // Largest number of right-hand segments starting within 6 points of each other.
    right_starts.sort_by(f64::total_cmp);
    let mut aligned = 0;
    let mut lo = 0;
    for hi in 0..right_starts.len() {
        while right_starts[hi] - right_starts[lo] > 6.0 {
            lo += 1;
        }
        aligned = aligned.max(hi - lo + 1);
    }
    (aligned * 10 >= right_starts.len() * 6).then_some(crossing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x: f64, y: f64, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * 5.0,
                y,
                advance: 5.0,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut g = word(
            20.0,
            20.0,
            "Header spanning the whole width of the page here",
        );
        for i in 0..6 {
            let y = 50.0 + i as f64 * 14.0;
            g.extend(word(20.0, y, &format!("left{i}")));
            if i < 5 {
                g.extend(word(300.0, y, &format!("right{i}")));
            }
        }
        g.extend(word(300.0, 50.0 + 6.0 * 14.0, "right5"));
        let text = page_text(&g, 595.0);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], "Header spanning the whole width of the page here");
        assert_eq!(
            &lines[1..7],
            &["left0", "left1", "left2", "left3", "left4", "left5"]
        );
        assert_eq!(lines[7], "right0");
    }

    #[test]
    fn right_aligned_dates_stay_on_their_row() {
        let mut g = Vec::new();
        for i in 0..8 {
            let y = 20.0 + i as f64 * 14.0;
            g.extend(word(20.0, y, &format!("Job {i} at Acme")));
            let date = if i % 2 == 0 {
                "2019 - 2022"
            } else {
                "Jan 2019 - Present"
            };
            g.extend(word(560.0 - date.len() as f64 * 5.0, y, date));
            g.extend(word(20.0, y + 7.0, "a bullet"));
        }
        let text = page_text(&g, 595.0);
        assert!(text.starts_with("Job 0 at Acme\t2019 - 2022\n"), "{text}");
    }
}
