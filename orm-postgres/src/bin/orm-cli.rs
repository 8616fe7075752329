//! The standalone command line: the commands that need only a database and
//! the migrations folder (`migrate`, `sqlmigrate`, `showmigrations`,
//! `inspect`, `graph --database`). An application's own binary calling
//! `orm_postgres::cli::run(&[...])` adds `makemigrations`, `check` and
//! `graph` of the models.

fn main() -> std::process::ExitCode {
    orm_postgres::cli::run_without_models()
}
