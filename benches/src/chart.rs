//! The chart: horizontal bars of each peer's ratio to the floor, one group
//! per workload and size, drawn as hand-written SVG (no plotting crate).

use std::fmt::Write as _;

use crate::report::RunReport;

const COLOURS: [&str; 6] = [
    "#000000", "#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9a9a9a",
];
const BAR: f64 = 11.0;
const GROUP_GAP: f64 = 10.0;
const LEFT: f64 = 160.0;
const PLOT_WIDTH: f64 = 640.0;
const TOP: f64 = 70.0;

/// Escapes text for an SVG text node or attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A round axis maximum at or above `max`.
fn axis_max(max: f64) -> f64 {
    let mut top = 1.5;
    while top < max {
        top += if top < 4.0 { 0.5 } else { 1.0 };
    }
    top
}

/// Ratios above this are drawn clipped at the axis end (the N+1 loops).
const CLIP: f64 = 4.0;

/// The SVG document.
pub(crate) fn svg(report: &RunReport) -> String {
    // The floor is 1.00 everywhere: draw it as the reference line, not bars.
    // Each case draws a bar per lane that ran, except the floor's.
    let bars =
        |c: &crate::report::CaseResult| c.ratios().iter().skip(1).filter(|r| r.is_some()).count();
    let total_bars: usize = report.cases.iter().map(bars).sum();
    let height = TOP + total_bars as f64 * BAR + report.cases.len() as f64 * GROUP_GAP + 50.0;
    let width = LEFT + PLOT_WIDTH + 340.0;
    let max_ratio = report
        .cases
        .iter()
        .flat_map(|c| c.ratios())
        .flatten()
        .fold(1.0_f64, f64::max);
    let top = axis_max(max_ratio.min(CLIP));
    let x = |ratio: f64| LEFT + ratio / top * PLOT_WIDTH;

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        s,
        r##"<rect width="100%" height="100%" fill="white"/><text x="10" y="18" font-size="13" font-weight="bold">Median time relative to hand-written tokio-postgres (1.00 = the floor; lower is better)</text>"##
    );
    // Legend.
    for (i, name) in report.contenders.iter().enumerate().skip(1) {
        let lx = 10.0 + (i - 1) as f64 * 150.0;
        let _ = writeln!(
            s,
            r#"<rect x="{lx}" y="44" width="10" height="10" fill="{c}"/><text x="{tx}" y="53">{name}</text>"#,
            c = COLOURS[i % COLOURS.len()],
            tx = lx + 14.0,
            name = escape(name)
        );
    }
    // Grid and axis labels.
    let plot_bottom = height - 40.0;
    let mut tick = 0.0;
    while tick <= top + 1e-9 {
        let tx = x(tick);
        let stroke = if (tick - 1.0).abs() < 1e-9 {
            r##"stroke="#000" stroke-width="1.5""##
        } else {
            r##"stroke="#ddd""##
        };
        let _ = writeln!(
            s,
            r#"<line x1="{tx:.1}" y1="{TOP}" x2="{tx:.1}" y2="{plot_bottom:.1}" {stroke}/><text x="{tx:.1}" y="{ly:.1}" text-anchor="middle">{tick:.1}</text>"#,
            ly = plot_bottom + 14.0
        );
        tick += if top <= 4.0 { 0.5 } else { 1.0 };
    }
    let _ = writeln!(
        s,
        r#"<text x="{cx:.1}" y="{ly:.1}" text-anchor="middle">ratio to the floor</text>"#,
        cx = LEFT + PLOT_WIDTH / 2.0,
        ly = plot_bottom + 30.0
    );
    // Bars.
    let mut gy = TOP + GROUP_GAP / 2.0;
    for case in &report.cases {
        let n = bars(case);
        let label = match case.workload {
            crate::workload::Workload::Associations => case.workload.key().to_owned(),
            _ => format!("{} {}", case.workload.key(), case.size),
        };
        let _ = writeln!(
            s,
            r#"<text x="{lx}" y="{ly:.1}" text-anchor="end">{label}</text>"#,
            lx = LEFT - 6.0,
            ly = gy + n as f64 * BAR / 2.0 + 4.0,
            label = escape(&label)
        );
        let mut k = 0;
        for ((lane, _), ratio) in case.lanes.iter().zip(case.ratios()).skip(1) {
            let Some(ratio) = ratio else { continue };
            let by = gy + k as f64 * BAR;
            k += 1;
            let shown = ratio.min(top);
            let bw = (x(shown) - LEFT).max(0.5);
            let clipped = if ratio > top { " \u{25b8}" } else { "" };
            // Lanes of the variant workloads carry their label: several
            // share a contender's colour.
            let tag = if case.workload.is_diesel_bench() {
                String::new()
            } else {
                format!("  {}", lane.label)
            };
            let _ = writeln!(
                s,
                r#"<rect x="{LEFT}" y="{by:.1}" width="{bw:.1}" height="{bh:.1}" fill="{c}"><title>{name}: {ratio:.2}</title></rect><text x="{tx:.1}" y="{ty:.1}" font-size="9">{ratio:.2}{clipped}{tag}</text>"#,
                bh = BAR - 1.0,
                c = COLOURS[lane.contender % COLOURS.len()],
                name = escape(lane.label),
                tag = escape(&tag),
                tx = LEFT + bw + 3.0,
                ty = by + BAR - 2.5
            );
        }
        gy += n as f64 * BAR + GROUP_GAP;
    }
    s.push_str("</svg>\n");
    s
}
