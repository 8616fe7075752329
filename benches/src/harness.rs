//! The measuring harness: a warm-up, then many timed iterations per
//! contender, taken in interleaved rounds so that a slow spell of a shared
//! machine falls on every contender alike, summarised by the median and the
//! interquartile range.
//!
//! One sample is one iteration, timed with `Instant` around the call. Work
//! that is not part of the workload (emptying the table before a write) is
//! done between samples, outside the timed region.

use std::time::{Duration, Instant};

use crate::BenchResult;
use crate::check::Check;
use crate::contenders::{AnyContender, Lane, lanes};
use crate::schema::Seeder;
use crate::workload::{NewUser, Workload, new_users};

/// How long to measure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// Warm-up time per contender and case (at least [`MIN_WARMUP`]
    /// iterations).
    pub(crate) warmup: Duration,
    /// Measuring time per contender and case, spread over the rounds.
    pub(crate) measure: Duration,
    /// Fewest samples per contender and case.
    pub(crate) min_samples: usize,
    /// Most samples per contender and case.
    pub(crate) max_samples: usize,
    /// Interleaved rounds: in each, every contender runs a block of its
    /// iterations, in an order that rotates from round to round.
    pub(crate) rounds: usize,
}

const MIN_WARMUP: usize = 3;

/// One contender's samples on one case, summarised.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub(crate) median: Duration,
    pub(crate) p25: Duration,
    pub(crate) p75: Duration,
    pub(crate) samples: usize,
}

impl Summary {
    /// Summarises `samples` (not empty).
    pub(crate) fn of(mut samples: Vec<Duration>) -> Summary {
        samples.sort_unstable();
        let at = |q: f64| {
            let i = ((samples.len() - 1) as f64 * q).round() as usize;
            samples[i]
        };
        let median = if samples.len() % 2 == 1 {
            samples[samples.len() / 2]
        } else {
            let hi = samples.len() / 2;
            (samples[hi - 1] + samples[hi]) / 2
        };
        Summary {
            median,
            p25: at(0.25),
            p75: at(0.75),
            samples: samples.len(),
        }
    }
}

/// The inputs of one case: the users a write workload inserts.
fn inputs(workload: Workload, size: usize) -> Vec<NewUser> {
    if workload.writes() {
        new_users(size)
    } else {
        Vec::new()
    }
}

/// Runs `workload` at `size` once per lane (see [`lanes`]) and checks
/// that every lane got what the floor got (for writes: the table holds the
/// same rows afterwards). Returns the floor's check.
pub(crate) async fn verify(
    contenders: &mut [AnyContender],
    seeder: &Seeder,
    workload: Workload,
    size: usize,
) -> BenchResult<Check> {
    seeder.seed(workload, size).await?;
    let users = inputs(workload, size);
    let mut expected: Option<(&'static str, Check)> = None;
    for lane in lanes(contenders, workload, size) {
        if lane.skip.is_some() {
            continue;
        }
        let contender = &mut contenders[lane.contender];
        contender.prepare(workload, size).await?;
        if workload.writes() {
            seeder.truncate().await?;
        }
        let answer = contender.run(workload, lane.variant, &users).await?;
        let check = if workload.writes() {
            if answer.rows != size as u64 {
                return Err(format!(
                    "{workload} at {size}: {} reports {} rows written",
                    lane.label, answer.rows
                )
                .into());
            }
            seeder.users_written().await?
        } else {
            answer
        };
        match expected {
            None => expected = Some((lane.label, check)),
            Some((floor, want)) if want != check => {
                return Err(format!(
                    "{workload} at {size}: {} got {check:?} but {floor} got {want:?}",
                    lane.label
                )
                .into());
            }
            Some(_) => {}
        }
    }
    let (_, check) = expected.ok_or("no contenders")?;
    Ok(check)
}

/// Measures `workload` at `size` on every lane; the summaries come back in
/// lane order ([`lanes`]), `None` for a skipped lane.
pub(crate) async fn measure(
    contenders: &mut [AnyContender],
    seeder: &Seeder,
    workload: Workload,
    size: usize,
    budget: Budget,
) -> BenchResult<Vec<(Lane, Option<Summary>)>> {
    seeder.seed(workload, size).await?;
    let users = inputs(workload, size);
    let all = lanes(contenders, workload, size);
    let active: Vec<Lane> = all.iter().filter(|l| l.skip.is_none()).copied().collect();

    // Warm-up, which also estimates each lane's time per iteration.
    let mut per_iteration = Vec::with_capacity(active.len());
    for lane in &active {
        let contender = &mut contenders[lane.contender];
        contender.prepare(workload, size).await?;
        if workload.writes() {
            seeder.truncate().await?;
        }
        let mut spent = Duration::ZERO;
        let mut done = 0u32;
        while done < MIN_WARMUP as u32 || spent < budget.warmup {
            if workload == Workload::BulkLoad {
                seeder.truncate().await?;
            }
            let start = Instant::now();
            contender.run(workload, lane.variant, &users).await?;
            spent += start.elapsed();
            done += 1;
        }
        per_iteration.push(spent / done);
    }

    let rounds = budget.rounds.max(1);
    let blocks: Vec<usize> = per_iteration
        .iter()
        .map(|t| {
            let wanted = (budget.measure.as_secs_f64() / t.as_secs_f64().max(1e-9)) as usize;
            wanted
                .clamp(budget.min_samples, budget.max_samples)
                .div_ceil(rounds)
        })
        .collect();

    let mut samples: Vec<Vec<Duration>> = blocks
        .iter()
        .map(|b| Vec::with_capacity(b * rounds))
        .collect();
    let n = active.len();
    for round in 0..rounds {
        for k in 0..n {
            let i = (k + round) % n;
            let lane = active[i];
            let contender = &mut contenders[lane.contender];
            if workload == Workload::Insert {
                seeder.truncate().await?;
            }
            for _ in 0..blocks[i] {
                if workload == Workload::BulkLoad {
                    seeder.truncate().await?;
                }
                let start = Instant::now();
                contender.run(workload, lane.variant, &users).await?;
                samples[i].push(start.elapsed());
            }
        }
    }
    let mut summaries = samples.into_iter().map(Summary::of);
    Ok(all
        .into_iter()
        .map(|lane| {
            let summary = if lane.skip.is_none() {
                summaries.next()
            } else {
                None
            };
            (lane, summary)
        })
        .collect())
}
