//! The commands of the command line.

use std::io::Write;
use std::process::ExitCode;

use orm_core::schema_model::SchemaModel;
use orm_core::{Error, ModelMeta, Result, Schema};

use super::{Cli, Command, Format};
use crate::migrate::{MakeOptions, Migration, load_dir, make_migrations, migrate, status};
use crate::{Db, InspectOptions, drift, introspect, models_source};

pub(super) async fn dispatch(
    cli: Cli,
    models: Option<&[&'static ModelMeta]>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let files = load_dir(&cli.migrations)?;
    match cli.command {
        Command::Sqlmigrate { name } => {
            let name = name.strip_suffix(".sql").unwrap_or(&name);
            let m = files.iter().find(|m| m.name() == name).ok_or_else(|| {
                Error::invalid_input(format!(
                    "no migration {name} in {}",
                    cli.migrations.display()
                ))
            })?;
            line(out, m.sql().trim_end())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Graph {
            format,
            database: false,
        } if models.is_some() => {
            let model = schema(models)?.model();
            graph(out, &model, format)
        }
        command => {
            let url = database_url(cli.database_url.as_deref())?;
            let db = Db::builder(url).max_size(2).connect().await?;
            let paths = (url, cli.migrations.as_path());
            let result = with_database(command, &db, &files, paths, models, out).await;
            db.close();
            result
        }
    }
}

async fn with_database(
    command: Command,
    db: &Db,
    files: &[Migration],
    (url, dir): (&str, &std::path::Path),
    models: Option<&[&'static ModelMeta]>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    match command {
        Command::Makemigrations {
            name,
            allow_destructive,
            lock_timeout,
            dry_run,
            replay,
            check,
        } => {
            let wanted = schema(models)?.model();
            let current = if replay {
                crate::migrate::replay(url, files).await?
            } else {
                let pending: Vec<String> = status(db, files)
                    .await?
                    .into_iter()
                    .filter(|s| !s.applied || s.changed)
                    .map(|s| s.name)
                    .collect();
                if !pending.is_empty() {
                    return Err(Error::invalid_input(format!(
                        "the database lacks migrations {}: run `migrate` first, or pass \
                         --replay to compare with what the files build",
                        pending.join(", ")
                    )));
                }
                introspect(db).await?
            };
            let operations = current.diff(&wanted);
            if check {
                if operations.is_empty() {
                    line(out, "No changes detected")?;
                    return Ok(ExitCode::SUCCESS);
                }
                line(out, "The models need a migration:")?;
                for op in &operations {
                    line(out, &format!("  {}", op.describe()))?;
                }
                return Ok(ExitCode::from(1));
            }
            let options = MakeOptions {
                name,
                allow_destructive,
                lock_timeout,
            };
            let made = make_migrations(&operations, files, &options)?;
            if made.is_empty() {
                line(out, "No changes detected")?;
            }
            for new in made {
                for w in &new.warnings {
                    line(out, &format!("warning: {w}"))?;
                }
                let m = &new.migration;
                if dry_run {
                    line(out, &format!("-- {}.sql", m.name()))?;
                    line(out, m.sql().trim_end())?;
                    continue;
                }
                let path = dir.join(format!("{}.sql", m.name()));
                write_file(&path, m.sql())?;
                line(out, &format!("Created {}", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { lock_timeout } => {
            let applied = migrate(db, files, &lock_timeout).await?;
            if applied.is_empty() {
                line(out, "No migrations to apply")?;
            }
            for name in applied {
                line(out, &format!("Applied {name}"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Showmigrations => {
            for s in status(db, files).await? {
                let mark = match (s.applied, s.changed) {
                    (true, true) => "[!]",
                    (true, false) => "[X]",
                    _ => "[ ]",
                };
                let note = if s.changed {
                    " (changed after it was applied)"
                } else {
                    ""
                };
                line(out, &format!("{mark} {}{note}", s.name))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let wanted = schema(models)?.model();
            let states = status(db, files).await?;
            let mut clean = true;
            for s in states.iter().filter(|s| !s.applied || s.changed) {
                clean = false;
                let what = if s.changed {
                    "changed after it was applied"
                } else {
                    "not applied"
                };
                line(out, &format!("migration {} is {what}", s.name))?;
            }
            let found = drift(db, &wanted).await?;
            clean &= found.is_empty();
            line(out, found.to_string().trim_end())?;
            Ok(if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Inspect { unmanaged, tables } => {
            let live = introspect(db).await?;
            let options = InspectOptions { unmanaged, tables };
            write!(out, "{}", models_source(&live, &options)).map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Graph { format, .. } => {
            let live = introspect(db).await?;
            graph(out, &live, format)
        }
        Command::Sqlmigrate { .. } => Ok(ExitCode::SUCCESS),
    }
}

fn graph(out: &mut dyn Write, model: &SchemaModel, format: Format) -> Result<ExitCode> {
    let text = match format {
        Format::Mermaid => model.to_mermaid(),
        Format::Dot => model.to_dot(),
    };
    write!(out, "{text}").map_err(io)?;
    Ok(ExitCode::SUCCESS)
}

fn schema(models: Option<&[&'static ModelMeta]>) -> Result<Schema> {
    let models = models.ok_or_else(|| {
        Error::invalid_input(
            "this command needs the application's models: run it from the application's own \
             binary calling `orm_postgres::cli::run(&[Model::META, ...])`",
        )
    })?;
    Schema::new(models.iter().copied())
}

fn database_url(url: Option<&str>) -> Result<&str> {
    url.filter(|u| !u.is_empty())
        .ok_or_else(|| Error::config("no database: set DATABASE_URL or pass --database-url", None))
}

fn write_file(path: &std::path::Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    if path.exists() {
        return Err(Error::invalid_input(format!(
            "{} exists already",
            path.display()
        )));
    }
    std::fs::write(path, text).map_err(io)
}

fn line(out: &mut dyn Write, text: &str) -> Result<()> {
    writeln!(out, "{text}").map_err(io)
}

fn io(e: std::io::Error) -> Error {
    Error::config("cannot write the output", Some(Box::new(e)))
}
