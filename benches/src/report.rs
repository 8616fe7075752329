//! The report: a markdown section of `docs/BENCHMARKS.md` (between two
//! markers, so sections other suites write survive) and the SVG chart
//! beside it.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::BenchResult;
use crate::contenders::Lane;
use crate::harness::{Budget, Summary};
use crate::machine::MachineFacts;
use crate::workload::Workload;

const BEGIN: &str = "<!-- orm-benches:diesel_bench:begin -->";
const END: &str = "<!-- orm-benches:diesel_bench:end -->";

/// One workload at one size: every lane (for `diesel_bench`'s workloads,
/// one per contender, in contender order) with its summary, `None` when the
/// lane was not run.
#[derive(Debug, Clone)]
pub(crate) struct CaseResult {
    pub(crate) workload: Workload,
    pub(crate) size: usize,
    pub(crate) lanes: Vec<(Lane, Option<Summary>)>,
}

impl CaseResult {
    /// The floor's median (the first lane's).
    pub(crate) fn floor(&self) -> Duration {
        self.lanes[0]
            .1
            .as_ref()
            .map_or(Duration::ZERO, |s| s.median)
    }

    /// Each lane's median over the floor's; `None` for a lane not run.
    pub(crate) fn ratios(&self) -> Vec<Option<f64>> {
        let floor = self.floor().as_secs_f64();
        self.lanes
            .iter()
            .map(|(_, s)| s.as_ref().map(|s| s.median.as_secs_f64() / floor))
            .collect()
    }

    /// The median of the lane labelled `label`, when it ran.
    pub(crate) fn median_of(&self, label: &str) -> Option<Duration> {
        self.lanes
            .iter()
            .find(|(l, _)| l.label == label)
            .and_then(|(_, s)| s.as_ref().map(|s| s.median))
    }
}

/// Everything one run measured.
#[derive(Debug, Clone)]
pub(crate) struct RunReport {
    pub(crate) contenders: Vec<&'static str>,
    pub(crate) bulk_methods: Vec<&'static str>,
    pub(crate) cases: Vec<CaseResult>,
    pub(crate) machine: MachineFacts,
    pub(crate) command: String,
    pub(crate) budget: Budget,
    pub(crate) started: String,
    pub(crate) wall_time: Duration,
}

/// A duration with four significant digits and a fitting unit.
pub(crate) fn format_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    let (value, unit) = if s < 1e-3 {
        (s * 1e6, "µs")
    } else if s < 1.0 {
        (s * 1e3, "ms")
    } else {
        (s, "s")
    };
    let decimals = if value >= 100.0 {
        1
    } else if value >= 10.0 {
        2
    } else {
        3
    };
    format!("{value:.decimals$} {unit}")
}

/// A ratio with two decimals, or "n/a".
pub(crate) fn format_ratio(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "n/a".to_owned(), |r| format!("{r:.2}"))
}

fn size_label(workload: Workload, size: usize) -> String {
    match workload {
        Workload::Associations => "100 x 10 x 10".to_owned(),
        _ => size.to_string(),
    }
}

impl RunReport {
    /// The cases of `diesel_bench`'s workloads.
    fn diesel_cases(&self) -> impl Iterator<Item = &CaseResult> {
        self.cases.iter().filter(|c| c.workload.is_diesel_bench())
    }

    /// The section of the workloads that compare variants: crm prefetch
    /// and translations.
    fn write_variants(&self, md: &mut String) {
        let cases: Vec<&CaseResult> = self
            .cases
            .iter()
            .filter(|c| !c.workload.is_diesel_bench())
            .collect();
        if cases.is_empty() {
            return;
        }
        let _ = writeln!(
            md,
            "## Prefetch and translations\n\n\
             The same harness, runtime and checks; each contender runs every variant it can \
             express (loading strategies, fallback shapes, the N+1 loops), and a contender \
             that cannot is listed as n/a with the reason. The ratio is over the first row's \
             median (the hand-written tokio-postgres floor).\n"
        );
        for w in Workload::ALL.into_iter().filter(|w| !w.is_diesel_bench()) {
            let mine: Vec<&&CaseResult> = cases.iter().filter(|c| c.workload == w).collect();
            if mine.is_empty() {
                continue;
            }
            let _ = writeln!(md, "### `{}`\n\n{}.\n", w.key(), w.description());
            let _ = writeln!(
                md,
                "| size | variant | median | p25 | p75 | samples | ratio |\n\
                 |---:|---|---:|---:|---:|---:|---:|"
            );
            for case in &mine {
                for ((lane, s), ratio) in case.lanes.iter().zip(case.ratios()) {
                    match s {
                        Some(s) => {
                            let _ = writeln!(
                                md,
                                "| {} | {} | {} | {} | {} | {} | {} |",
                                case.size,
                                lane.label,
                                format_duration(s.median),
                                format_duration(s.p25),
                                format_duration(s.p75),
                                s.samples,
                                format_ratio(ratio)
                            );
                        }
                        None => {
                            let _ = writeln!(
                                md,
                                "| {} | {} | n/a: {} | | | | n/a |",
                                case.size,
                                lane.label,
                                lane.skip.unwrap_or("not run")
                            );
                        }
                    }
                }
            }
            md.push('\n');
            for line in crate::contenders::targets(w, &mine) {
                let _ = writeln!(md, "- {line}");
            }
            md.push('\n');
        }
    }

    /// The markdown section, markers included.
    pub(crate) fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "{BEGIN}");
        let _ = writeln!(
            md,
            "<!-- Written by the benchmark binary; edit benches/src/report.rs, not this text. -->\n"
        );
        let _ = writeln!(md, "## The diesel_bench workloads\n");
        let _ = writeln!(
            md,
            "Measured {} (wall time {:.0} s) with, from the repository root:\n\n```sh\n{}\n```\n",
            self.started,
            self.wall_time.as_secs_f64(),
            self.command
        );
        let _ = writeln!(
            md,
            "**Diagnostic column:** *{}* runs the floor's prepared statements but collects every \
             row (`client.query`) before decoding, as `diesel_bench`'s tokio-postgres \
             implementation does; diesel's published ratios are relative to that variant. The \
             floor itself decodes rows as they stream in (`query_raw`).\n",
            crate::contenders::buffered_floor_name()
        );
        self.write_ratios(&mut md);
        let _ = writeln!(
            md,
            "![Ratios to the tokio-postgres floor per workload and size](benchmarks.svg)\n"
        );
        self.write_medians(&mut md);
        self.write_variants(&mut md);
        self.write_method(&mut md);
        self.write_machine(&mut md);
        let _ = writeln!(md, "{END}");
        md
    }

    fn write_ratios(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "### Ratios to the floor\n\nMedian time of one iteration divided by the floor's \
             median on the same case (hand-written tokio-postgres, statements prepared once: \
             1.00). Lower is better.\n"
        );
        let _ = write!(md, "| workload | size | floor median |");
        for name in &self.contenders[1..] {
            let _ = write!(md, " {name} |");
        }
        let _ = write!(md, "\n|---|---:|---:|");
        for _ in &self.contenders[1..] {
            let _ = write!(md, "---:|");
        }
        md.push('\n');
        for case in self.diesel_cases() {
            let _ = write!(
                md,
                "| {} | {} | {} |",
                case.workload,
                size_label(case.workload, case.size),
                format_duration(case.floor())
            );
            for ratio in &case.ratios()[1..] {
                let _ = write!(md, " {} |", format_ratio(*ratio));
            }
            md.push('\n');
        }
        md.push('\n');
    }

    fn write_medians(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "### Medians and spread\n\nOne sample is one iteration. p25 and p75 are the \
             quartiles of the samples; the ratio is the median over the floor's median.\n"
        );
        let _ = writeln!(
            md,
            "| workload | size | contender | median | p25 | p75 | samples | ratio |\n\
             |---|---:|---|---:|---:|---:|---:|---:|"
        );
        for case in self.diesel_cases() {
            for ((lane, s), ratio) in case.lanes.iter().zip(case.ratios()) {
                let Some(s) = s else { continue };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    case.workload,
                    size_label(case.workload, case.size),
                    lane.label,
                    format_duration(s.median),
                    format_duration(s.p25),
                    format_duration(s.p75),
                    s.samples,
                    format_ratio(ratio)
                );
            }
        }
        md.push('\n');
    }

    fn write_method(&self, md: &mut String) {
        let _ = writeln!(md, "### What each workload does\n");
        let _ = writeln!(
            md,
            "Schema (as `diesel_bench`): `users (id SERIAL PRIMARY KEY, name VARCHAR NOT NULL, \
             hair_color VARCHAR)`, `posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL \
             REFERENCES users, title VARCHAR NOT NULL, body TEXT)`, `comments (id SERIAL PRIMARY \
             KEY, post_id INTEGER NOT NULL REFERENCES posts, text TEXT NOT NULL)`, index on \
             `posts.user_id`. The tables are truncated (identities restarted) and seeded before \
             each workload and size, then `VACUUM ANALYZE`d.\n"
        );
        for w in Workload::ALL.into_iter().filter(|w| w.is_diesel_bench()) {
            let _ = writeln!(md, "- `{}`: {}.", w.key(), w.description());
        }
        let _ = writeln!(md, "\nBulk load, by contender:\n");
        for (name, method) in self.contenders.iter().zip(&self.bulk_methods) {
            let _ = writeln!(md, "- {name}: {method}");
        }
        let b = self.budget;
        let _ = writeln!(
            md,
            "\n### How it measures\n\n\
             - Every contender has one connection of its own to the same database and runs on \
             the same multi-thread tokio runtime (one worker per core); the contenders run one \
             at a time.\n\
             - Before timing, each case runs once per contender and the results are compared \
             with the floor's: row counts and an order-independent fingerprint of every loaded \
             value (for writes, of the rows the table holds afterwards). A mismatch stops the run.\n\
             - Warm-up: {warmup:.1} s (at least 3 iterations) per contender and case; its mean \
             sets the number of samples, about {measure:.1} s worth, between {min} and {max}.\n\
             - The samples are taken in {rounds} interleaved rounds: in each round every \
             contender runs a block of its iterations, in an order rotated from round to round, \
             so a slow spell on the shared machine falls on all contenders alike.\n\
             - One sample is one iteration, timed with `Instant` around the call: statements, \
             building the library's structs, stitching associations, and a cheap fingerprint of \
             the result that every contender computes alike. Emptying the table between insert \
             blocks and before every bulk load happens outside the timed region.\n\
             - The floor prepares every statement (one multi-row INSERT per size) before the \
             warm-up. The peers use their own statement caches, which the warm-up fills.\n",
            warmup = b.warmup.as_secs_f64(),
            measure = b.measure.as_secs_f64(),
            min = b.min_samples,
            max = b.max_samples,
            rounds = b.rounds,
        );
    }

    fn write_machine(&self, md: &mut String) {
        let m = &self.machine;
        let _ = writeln!(
            md,
            "### Machine and versions\n\n\
             - CPU: {cpu}, `nproc` = {nproc}; memory {memory}; {kernel}\n\
             - Shared machine: other jobs may have run at the same time (load average \
             {load_before} at the start, {load_after} at the end); the interleaved rounds \
             spread that noise over all contenders, but the spread columns show it.\n\
             - PostgreSQL {pg}: {kind}\n\
             - {rustc}, release profile (`opt-level = 3`)\n\
             - this repository at commit `{commit}`\n",
            cpu = m.cpu_model,
            nproc = m.nproc,
            memory = m.memory,
            kernel = m.kernel,
            pg = m.postgres,
            kind = m.server_kind,
            rustc = m.rustc,
            commit = m.orm_commit,
            load_before = m.load_before,
            load_after = m.load_after,
        );
        let _ = writeln!(md, "| crate | version |\n|---|---|");
        for (name, version) in &m.crates {
            let _ = writeln!(md, "| {name} | {version} |");
        }
        md.push('\n');
    }
}

/// Replaces the section between the markers in `path` (or appends it, or
/// creates the file).
pub(crate) fn write_section(path: &Path, section: &str) -> BenchResult<()> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "# Benchmarks\n\nEvery figure here comes from the suite in `benches/` (a separate \
             cargo workspace, so the main `cargo test` never builds the peers).\n\n"
                .to_owned()
        }
        Err(e) => return Err(e.into()),
    };
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(begin), Some(end)) if begin < end => {
            let rest = &old[end + END.len()..];
            let rest = rest.strip_prefix('\n').unwrap_or(rest);
            format!("{}{}{}", &old[..begin], section, rest)
        }
        _ => format!("{}{}", old, section),
    };
    std::fs::write(path, new)?;
    Ok(())
}
