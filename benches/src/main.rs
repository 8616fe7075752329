//! The benchmark suite: this ORM beside hand-written tokio-postgres (the
//! floor), SeaORM, SQLx and diesel-async, on the `diesel_bench` workloads,
//! in one run against the server the test harness provides (a throwaway
//! cluster, or `DATABASE_URL`).
//!
//! ```sh
//! cd benches && cargo run --release                  # measure, write docs/BENCHMARKS.md + docs/benchmarks.svg
//! cd benches && cargo run --profile smoke -- --smoke # every workload once at its smallest size, checked
//! ```
//!
//! Options: `--smoke` (or `ORM_BENCH_SMOKE=1`), `--measure SECONDS` and
//! `--warmup SECONDS` per contender and case, `--only WORKLOAD,...`
//! (trivial, medium, associations, insert, bulk_load, crm, translations,
//! translations_chain; a partial run does not
//! write the docs), `--out DIR` (default: the repository's `docs/`).

mod chart;
mod check;
mod connection;
mod contenders;
mod harness;
mod machine;
mod report;
mod schema;
mod workload;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use connection::ConnectionFacts;
use harness::Budget;
use machine::MachineFacts;
use orm_postgres::testing::TestServer;
use report::{CaseResult, RunReport};
use schema::Seeder;
use workload::Workload;

/// Every fallible step of the suite.
pub(crate) type BenchResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The database the suite creates (and drops when it ends).
const DATABASE: &str = "orm_bench";

/// What the command line asked for.
#[derive(Debug)]
struct Options {
    smoke: bool,
    /// `--profile-lane WORKLOAD SIZE LABEL ITERATIONS`: seed, then run one
    /// lane that many times, unchecked and untimed (for valgrind).
    profile: Option<(Workload, usize, String, usize)>,
    budget: Budget,
    only: Option<Vec<Workload>>,
    out: PathBuf,
    args: Vec<String>,
}

fn parse_options() -> BenchResult<Options> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = Options {
        profile: None,
        smoke: std::env::var("ORM_BENCH_SMOKE").is_ok_and(|v| !v.is_empty() && v != "0"),
        budget: Budget {
            warmup: Duration::from_millis(500),
            measure: Duration::from_secs(4),
            min_samples: 20,
            max_samples: 5_000,
            rounds: 10,
        },
        only: None,
        out: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs")),
        args: args.clone(),
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--smoke" => options.smoke = true,
            "--profile-lane" => {
                let key = value()?;
                let w = Workload::ALL
                    .into_iter()
                    .find(|w| w.key() == key)
                    .ok_or(format!("unknown workload `{key}`"))?;
                let size = value()?.parse()?;
                let label = value()?;
                let n = value()?.parse()?;
                options.profile = Some((w, size, label, n));
            }
            "--measure" => options.budget.measure = seconds(&value()?)?,
            "--warmup" => options.budget.warmup = seconds(&value()?)?,
            "--out" => options.out = PathBuf::from(value()?),
            "--only" => {
                let list = value()?;
                let mut chosen = Vec::new();
                for key in list.split(',') {
                    let w = Workload::ALL
                        .into_iter()
                        .find(|w| w.key() == key)
                        .ok_or(format!("unknown workload `{key}`"))?;
                    chosen.push(w);
                }
                options.only = Some(chosen);
            }
            "--help" | "-h" => {
                return Err(
                    "usage: orm-benches [--smoke] [--measure SECONDS] [--warmup SECONDS] \
                            [--only trivial,medium,associations,insert,bulk_load,crm,translations,translations_chain] [--out DIR]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument `{other}` (try --help)").into()),
        }
    }
    Ok(options)
}

fn seconds(text: &str) -> BenchResult<Duration> {
    let s: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Ok(Duration::from_secs_f64(s.max(0.0)))
}

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--print-sql") {
        return match contenders::orm_sql_shapes() {
            Ok(shapes) => {
                for (name, sql) in shapes {
                    println!("-- {name}\n{sql};\n");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("orm-benches: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let outcome = parse_options().and_then(|options| {
        // Starting the throwaway cluster blocks: do it before the runtime.
        let server = orm_postgres::testing::server()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        // The suite runs as a task on a worker thread, as a request handler
        // would, not on the thread that blocks on the runtime.
        runtime.block_on(async move { tokio::spawn(run(options, server)).await? })
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("orm-benches: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options, server: &'static TestServer) -> BenchResult<()> {
    let setup = server.fresh_database(DATABASE).await?;
    setup.close();
    drop(setup);
    let facts = ConnectionFacts::from_config(server.config_for(DATABASE))?;
    let seeder = Seeder::connect(&facts.config).await?;
    let postgres = seeder.server_version().await?;
    let mut contenders = contenders::connect_all(&facts).await?;
    let workloads: Vec<Workload> = options
        .only
        .clone()
        .unwrap_or_else(|| Workload::ALL.to_vec());

    let outcome = if let Some((workload, size, label, n)) = &options.profile {
        profile_lane(&mut contenders, &seeder, *workload, *size, label, *n).await
    } else if options.smoke {
        smoke(&mut contenders, &seeder, &workloads).await
    } else {
        let started = Instant::now();
        let load_before = machine::load_average();
        let cases = measure_all(&mut contenders, &seeder, &workloads, options.budget).await?;
        let report = RunReport {
            contenders: contenders.iter().map(|c| c.name()).collect(),
            bulk_methods: contenders.iter().map(|c| c.bulk_method()).collect(),
            cases,
            machine: MachineFacts::gather(postgres, server.is_throwaway(), load_before),
            command: command_line(&options),
            budget: options.budget,
            started: utc_now(),
            wall_time: started.elapsed(),
        };
        print!("{}", report.markdown());
        if options.only.is_none() {
            std::fs::create_dir_all(&options.out)?;
            let doc = options.out.join("BENCHMARKS.md");
            report::write_section(&doc, &report.markdown())?;
            let svg = options.out.join("benchmarks.svg");
            std::fs::write(&svg, chart::svg(&report))?;
            eprintln!("wrote {} and {}", doc.display(), svg.display());
        } else {
            eprintln!("a partial run (--only): docs left unchanged");
        }
        Ok(())
    };
    drop(contenders);
    drop(seeder);
    server.drop_database(DATABASE).await?;
    outcome
}

/// Runs the lane labelled `label` of `workload` at `size` `n` times, with
/// no timing and no checks: what `valgrind --tool=callgrind` profiles
/// (`--toggle-collect='*profile_iterations*'` keeps seeding out of it).
async fn profile_lane(
    contenders: &mut [contenders::AnyContender],
    seeder: &Seeder,
    workload: Workload,
    size: usize,
    label: &str,
    n: usize,
) -> BenchResult<()> {
    seeder.seed(workload, size).await?;
    let users = workload::new_users(if workload.writes() { size } else { 0 });
    let lane = contenders::lanes(contenders, workload, size)
        .into_iter()
        .find(|l| l.label == label && l.skip.is_none())
        .ok_or(format!("no lane `{label}` in {workload} at {size}"))?;
    let contender = &mut contenders[lane.contender];
    contender.prepare(workload, size).await?;
    // One untracked iteration fills the statement caches.
    contender.run(workload, lane.variant, &users).await?;
    if workload == Workload::BulkLoad || workload == Workload::Insert {
        seeder.truncate().await?;
    }
    profile_iterations(contender, workload, lane.variant, &users, n).await?;
    eprintln!("ran {label} on {workload} at {size} {n} times");
    Ok(())
}

#[inline(never)]
async fn profile_iterations(
    contender: &mut contenders::AnyContender,
    workload: Workload,
    variant: usize,
    users: &[workload::NewUser],
    n: usize,
) -> BenchResult<()> {
    for _ in 0..n {
        contender.run(workload, variant, users).await?;
    }
    Ok(())
}

/// Every workload once at its smallest size, checked across contenders.
async fn smoke(
    contenders: &mut [contenders::AnyContender],
    seeder: &Seeder,
    workloads: &[Workload],
) -> BenchResult<()> {
    let mut passed = 0;
    for &workload in workloads {
        let size = workload.sizes()[0];
        let check = harness::verify(contenders, seeder, workload, size).await?;
        let lanes = contenders::lanes(contenders, workload, size);
        let run = lanes.iter().filter(|l| l.skip.is_none()).count();
        println!(
            "ok {workload} at {size}: {run} variants agree ({} rows), {} n/a",
            check.rows,
            lanes.len() - run
        );
        passed += 1;
    }
    println!("smoke: {passed} passed, 0 failed");
    Ok(())
}

async fn measure_all(
    contenders: &mut [contenders::AnyContender],
    seeder: &Seeder,
    workloads: &[Workload],
    budget: Budget,
) -> BenchResult<Vec<CaseResult>> {
    let mut cases = Vec::new();
    for &workload in workloads {
        for &size in workload.sizes() {
            harness::verify(contenders, seeder, workload, size).await?;
            let lanes = harness::measure(contenders, seeder, workload, size, budget).await?;
            let case = CaseResult {
                workload,
                size,
                lanes,
            };
            let line: Vec<String> = case
                .lanes
                .iter()
                .zip(case.ratios())
                .map(|((lane, s), r)| match s {
                    Some(s) => format!(
                        "{} {} ({})",
                        lane.label,
                        report::format_duration(s.median),
                        report::format_ratio(r)
                    ),
                    None => format!("{} n/a", lane.label),
                })
                .collect();
            eprintln!("{workload} {size}: {}", line.join(", "));
            cases.push(case);
        }
    }
    Ok(cases)
}

/// The command that reproduces this run, from the repository root.
fn command_line(options: &Options) -> String {
    let mut command = String::from("cd benches && cargo run --release");
    if !options.args.is_empty() {
        command.push_str(" -- ");
        command.push_str(&options.args.join(" "));
    }
    command
}

fn utc_now() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "at an unknown time".to_owned())
}
