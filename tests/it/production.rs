//! Production deployments: TLS to a server that demands it, tracing spans,
//! a transaction-mode PgBouncer in front of the server, and read replicas.
//! Every server these tests need (a TLS-only cluster, PgBouncer, a
//! streaming replica) is started by the harness for the test and stopped
//! at its end. Lines starting `measured:` are the figures quoted in
//! `docs/production.md` (run with `--nocapture` to see them).

mod pgbouncer;
mod replicas;
mod tls;
mod tracing_spans;
