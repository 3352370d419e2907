//! Tables: a header on every page a table spans, rows kept whole when short and split between
//! lines when they cannot fit on any page.

use super::{Column, Face, Flow, Ink, Span, Style, WrappedLine};

/// Padding inside a cell, pt.
const PAD: f32 = 3.0;

/// Rows of at most this many lines are never split across pages.
const WHOLE: usize = 12;

/// A table's measures: its columns' widths, its type and its header, wrapped.
struct Grid<'a> {
    columns: &'a [Column],
    widths: Vec<f32>,
    x0: f32,
    style: Style,
    header: Vec<Vec<WrappedLine>>,
    header_h: f32,
}

impl Grid<'_> {
    fn new<'a>(flow: &Flow, columns: &'a [Column], size: f32) -> Grid<'a> {
        let total: f32 = columns.iter().map(|c| c.weight).sum::<f32>().max(0.01);
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| flow.text_width() * c.weight / total)
            .collect();
        let style = Style::heading(size, Ink::TEXT);
        let header: Vec<Vec<WrappedLine>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                Flow::wrap(
                    &[Span::new(c.title.clone(), Face::Bold)],
                    w - 2.0 * PAD,
                    size,
                )
            })
            .collect();
        let header_h =
            header.iter().map(Vec::len).max().unwrap_or(1) as f32 * style.leading + 2.0 * PAD;
        Grid {
            columns,
            widths,
            x0: flow.left(),
            style,
            header,
            header_h,
        }
    }

    fn width(&self) -> f32 {
        self.widths.iter().sum()
    }

    /// Each cell of a row, wrapped to its column.
    fn wrap(&self, row: &[Vec<Span>]) -> Vec<Vec<WrappedLine>> {
        row.iter()
            .zip(&self.widths)
            .map(|(spans, w)| Flow::wrap(spans, w - 2.0 * PAD, self.style.size))
            .collect()
    }

    /// The baseline of line `i` of a row whose top is at `y`.
    fn baseline(&self, y: f32, i: usize) -> f32 {
        let leading = self.style.leading;
        y + PAD + (i as f32 + 1.0) * leading - leading * 0.25
    }

    fn draw_header(&self, flow: &mut Flow) {
        let y = flow.y;
        flow.rect(
            self.x0,
            y,
            self.width(),
            self.header_h,
            Some(Ink::SHADE),
            None,
        );
        let mut x = self.x0;
        for (lines, w) in self.header.iter().zip(&self.widths) {
            for (i, line) in lines.iter().enumerate() {
                flow.line_of_runs(x + PAD, self.baseline(y, i), line, self.style);
            }
            x += w;
        }
        flow.y += self.header_h;
    }

    /// Lines `from..from + fit` of a row at the cursor, a rule under them.
    fn draw_part(&self, flow: &mut Flow, cells: &[Vec<WrappedLine>], from: usize, fit: usize) {
        let y = flow.y;
        let h = fit as f32 * self.style.leading + 2.0 * PAD;
        let mut x = self.x0;
        for ((lines, w), col) in cells.iter().zip(&self.widths).zip(self.columns) {
            if col.checkbox && from == 0 {
                let b = self.style.size * 1.1;
                flow.rect(
                    x + PAD + 1.0,
                    y + PAD + 1.0,
                    b,
                    b,
                    None,
                    Some((Ink::TEXT, 0.7)),
                );
            }
            for (i, line) in lines.iter().skip(from).take(fit).enumerate() {
                flow.line_of_runs(x + PAD, self.baseline(y, i), line, self.style);
            }
            x += w;
        }
        flow.line(
            self.x0,
            y + h,
            self.x0 + self.width(),
            y + h,
            0.4,
            Ink::LINE,
        );
        flow.y += h;
    }
}

impl Flow {
    /// A table: header on every page it spans, rows split between lines when they must.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Vec<Span>>], size: f32) {
        let grid = Grid::new(self, columns, size);
        let leading = grid.style.leading;
        // The header never ends a page alone: keep it with the first row (or as much of a row
        // too tall for any page as would be split anyway).
        let first_row_lines = rows.first().map_or(1, |row| {
            grid.wrap(row)
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .clamp(1, WHOLE)
        });
        self.ensure(grid.header_h + first_row_lines as f32 * leading + 2.0 * PAD);
        grid.draw_header(self);
        for row in rows {
            let cells = grid.wrap(row);
            let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut from = 0;
            while from < n {
                let fit = (((self.room() - 2.0 * PAD) / leading).floor() as usize).min(n - from);
                // Keep short rows whole; split only rows that cannot fit on a fresh page.
                if fit == 0 || (fit < n - from && n - from <= WHOLE) {
                    self.new_page();
                    grid.draw_header(self);
                    continue;
                }
                grid.draw_part(self, &cells, from, fit);
                from += fit;
            }
        }
        self.space(leading * 0.6);
    }
}
