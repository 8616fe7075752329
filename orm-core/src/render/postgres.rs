//! The PostgreSQL writer: IR in, SQL text with `$n` placeholders and the
//! values bound to them out. Every identifier goes through
//! [`push_ident`]; every value becomes a parameter, numbered in the order
//! it first appears in the text (a value used twice is bound once).

use std::fmt::Write as _;
use std::sync::Arc;

use crate::ident::push_ident;
use crate::ir::{
    BinOp, Cte, Delete, Expr, Func, Insert, InsertSource, Join, JoinType, LockTable, OnConflict,
    OrderItem, RecursiveCte, RowLockClause, Select, SelectItem, Source, Statement, Update,
};
use crate::query::{LockWait, Param, SqlText};

/// Renders one statement.
pub(crate) fn render(statement: &Statement) -> SqlText {
    let mut w = Writer::default();
    w.statement(statement);
    w.finish()
}

/// Renders a statement whose first `slots` parameters are the caller's
/// ([`Expr::Slot`]); its own values are numbered after them.
pub(crate) fn render_with_slots(statement: &Statement, slots: usize) -> SqlText {
    let mut w = Writer {
        slots,
        ..Writer::default()
    };
    w.statement(statement);
    w.finish()
}

/// Renders a SELECT.
pub(crate) fn render_select(select: &Select) -> SqlText {
    let mut w = Writer::default();
    w.select(select);
    w.finish()
}

/// `SAVEPOINT "name"`, `RELEASE SAVEPOINT "name"` or, for a rollback,
/// `ROLLBACK TO SAVEPOINT "name"; RELEASE SAVEPOINT "name";`.
pub(crate) fn savepoint(kind: SavepointOp, name: &str) -> String {
    let mut quoted = String::new();
    push_ident(&mut quoted, name);
    match kind {
        SavepointOp::Create => format!("SAVEPOINT {quoted}"),
        SavepointOp::Release => format!("RELEASE SAVEPOINT {quoted}"),
        SavepointOp::RollbackTo => {
            format!("ROLLBACK TO SAVEPOINT {quoted}; RELEASE SAVEPOINT {quoted};")
        }
    }
}

/// What [`database`] writes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum DatabaseOp {
    Create,
    Drop,
}

/// `CREATE DATABASE "name" TEMPLATE template0 ENCODING 'UTF8'` or
/// `DROP DATABASE IF EXISTS "name" WITH (FORCE)`.
pub(crate) fn database(op: DatabaseOp, name: &str) -> String {
    let mut quoted = String::new();
    push_ident(&mut quoted, name);
    match op {
        DatabaseOp::Create => {
            format!("CREATE DATABASE {quoted} TEMPLATE template0 ENCODING 'UTF8'")
        }
        DatabaseOp::Drop => format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"),
    }
}

/// What the `savepoint` function of this module writes.
#[derive(Clone, Copy, Debug)]
pub enum SavepointOp {
    /// `SAVEPOINT`.
    Create,
    /// `RELEASE SAVEPOINT`.
    Release,
    /// `ROLLBACK TO SAVEPOINT` then `RELEASE SAVEPOINT`.
    RollbackTo,
}

#[derive(Default)]
struct Writer {
    sql: String,
    params: Vec<Param>,
    /// Placeholders `$1..=$slots` belong to the caller's parameters.
    slots: usize,
}

impl Writer {
    fn finish(self) -> SqlText {
        SqlText {
            sql: self.sql,
            // The IR still holds its values: the statement takes copies.
            params: self
                .params
                .into_iter()
                .map(|p| Arc::try_unwrap(p).unwrap_or_else(|shared| (*shared).clone()))
                .collect(),
        }
    }

    fn ident(&mut self, name: &str) {
        push_ident(&mut self.sql, name);
    }

    fn push(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn param(&mut self, value: &Param) {
        let n = self.slots
            + match self.params.iter().position(|v| Arc::ptr_eq(v, value)) {
                Some(i) => i + 1,
                None => {
                    self.params.push(Arc::clone(value));
                    self.params.len()
                }
            };
        let _ = write!(self.sql, "${n}");
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            each(self, item);
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Select(s) => self.select(s),
            Statement::Insert(i) => self.insert(i),
            Statement::Update(u) => self.update(u),
            Statement::Delete(d) => self.delete(d),
            Statement::LockTable(l) => self.lock_table(l),
            Statement::Raw(text) => self.push(text),
        }
    }

    fn with(&mut self, recursive: Option<&RecursiveCte>, ctes: &[Cte]) {
        if let Some(r) = recursive {
            self.push("WITH RECURSIVE ");
            self.ident(&r.name);
            self.push("(");
            self.list(&r.columns, |w, c| w.ident(c));
            self.push(") AS (");
            self.select(&r.anchor);
            self.push(" UNION ALL ");
            self.select(&r.step);
            self.push(")");
            if let Some(cycle) = &r.cycle {
                self.push(" CYCLE ");
                self.list(&cycle.columns, |w, c| w.ident(c));
                self.push(" SET ");
                self.ident(&cycle.mark);
                self.push(" USING ");
                self.ident(&cycle.path);
            }
            if ctes.is_empty() {
                self.push(" ");
                return;
            }
            self.push(", ");
        } else if ctes.is_empty() {
            return;
        } else {
            self.push("WITH ");
        }
        self.list(ctes, |w, cte| {
            w.ident(&cte.name);
            w.push(" AS (");
            w.statement(&cte.statement);
            w.push(")");
        });
        self.push(" ");
    }

    fn select(&mut self, s: &Select) {
        self.with(s.recursive.as_deref(), &s.with);
        self.push("SELECT ");
        if !s.distinct_on.is_empty() {
            self.push("DISTINCT ON (");
            self.list(&s.distinct_on, Self::expr);
            self.push(") ");
        } else if s.distinct {
            self.push("DISTINCT ");
        }
        self.list(&s.items, Self::select_item);
        if let Some(from) = &s.from {
            self.push(" FROM ");
            self.source(from);
        }
        for join in &s.joins {
            self.join(join);
        }
        if let Some(filter) = &s.filter {
            self.push(" WHERE ");
            self.expr(filter);
        }
        if !s.group_by.is_empty() {
            self.push(" GROUP BY ");
            self.list(&s.group_by, Self::expr);
        }
        if let Some(having) = &s.having {
            self.push(" HAVING ");
            self.expr(having);
        }
        self.order_by(&s.order);
        if let Some(limit) = &s.limit {
            self.push(" LIMIT ");
            self.expr(limit);
        }
        if let Some(offset) = &s.offset {
            self.push(" OFFSET ");
            self.expr(offset);
        }
        if let Some(lock) = &s.lock {
            self.row_lock(lock);
        }
    }

    fn select_item(&mut self, item: &SelectItem) {
        self.expr(&item.expr);
        if let Some(alias) = &item.alias {
            self.push(" AS ");
            self.ident(alias);
        }
    }

    fn order_by(&mut self, order: &[OrderItem]) {
        if !order.is_empty() {
            self.push(" ORDER BY ");
            self.order_list(order);
        }
    }

    fn order_list(&mut self, order: &[OrderItem]) {
        self.list(order, |w, item| {
            w.expr(&item.expr);
            if item.descending {
                w.push(" DESC");
            }
            match item.nulls_first {
                Some(true) => w.push(" NULLS FIRST"),
                Some(false) => w.push(" NULLS LAST"),
                None => {}
            }
        });
    }

    fn row_lock(&mut self, lock: &RowLockClause) {
        self.push(" ");
        self.push(lock.strength.as_sql());
        if let Some(of) = &lock.of {
            self.push(" OF ");
            self.ident(of);
        }
        match lock.wait {
            LockWait::Wait => {}
            LockWait::NoWait => self.push(" NOWAIT"),
            LockWait::SkipLocked => self.push(" SKIP LOCKED"),
        }
    }

    fn source(&mut self, source: &Source) {
        match source {
            Source::Table { name, alias } => {
                self.ident(name);
                if let Some(alias) = alias {
                    self.push(" AS ");
                    self.ident(alias);
                }
            }
            Source::Subquery { query, alias } => {
                self.push("(");
                self.select(query);
                self.push(") AS ");
                self.ident(alias);
            }
            Source::UnionAll { parts, alias } => {
                self.push("(");
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        self.push(" UNION ALL ");
                    }
                    self.select(part);
                }
                self.push(") AS ");
                self.ident(alias);
            }
            Source::Function {
                call,
                alias,
                columns,
            } => {
                self.expr(call);
                self.push(" AS ");
                self.ident(alias);
                if !columns.is_empty() {
                    self.push("(");
                    self.list(columns, |w, c| w.ident(c));
                    self.push(")");
                }
            }
        }
    }

    fn join(&mut self, join: &Join) {
        self.push(match join.kind {
            JoinType::Inner => " INNER JOIN ",
            JoinType::Left => " LEFT JOIN ",
        });
        if join.lateral {
            self.push("LATERAL ");
        }
        self.source(&join.source);
        self.push(" ON ");
        self.expr(&join.on);
    }

    fn insert(&mut self, i: &Insert) {
        self.push("INSERT INTO ");
        self.ident(&i.table);
        if !i.columns.is_empty() {
            self.push(" (");
            self.list(&i.columns, |w, c| w.ident(c));
            self.push(")");
        }
        match &i.source {
            InsertSource::DefaultValues => self.push(" DEFAULT VALUES"),
            InsertSource::Values(rows) => {
                self.push(" VALUES ");
                self.list(rows, |w, row| {
                    w.push("(");
                    w.list(row, Self::expr);
                    w.push(")");
                });
            }
            InsertSource::Select(select) => {
                self.push(" ");
                self.select(select);
            }
        }
        match &i.on_conflict {
            None => {}
            Some(OnConflict::DoNothing { target }) => {
                self.push(" ON CONFLICT");
                self.conflict_target(target);
                self.push(" DO NOTHING");
            }
            Some(OnConflict::DoUpdate { target, set }) => {
                self.push(" ON CONFLICT");
                self.conflict_target(target);
                self.push(" DO UPDATE SET ");
                self.assignments(set);
            }
            Some(OnConflict::DoNothingOnConstraint { constraint }) => {
                self.push(" ON CONFLICT ON CONSTRAINT ");
                self.ident(constraint);
                self.push(" DO NOTHING");
            }
            Some(OnConflict::DoUpdateOnConstraint { constraint, set }) => {
                self.push(" ON CONFLICT ON CONSTRAINT ");
                self.ident(constraint);
                self.push(" DO UPDATE SET ");
                self.assignments(set);
            }
        }
        self.returning(&i.returning);
    }

    fn conflict_target(&mut self, target: &[crate::ir::Name]) {
        if !target.is_empty() {
            self.push(" (");
            self.list(target, |w, c| w.ident(c));
            self.push(")");
        }
    }

    fn assignments(&mut self, set: &[(crate::ir::Name, Expr)]) {
        self.list(set, |w, (column, value)| {
            w.ident(column);
            w.push(" = ");
            w.expr(value);
        });
    }

    fn returning(&mut self, returning: &[Expr]) {
        if !returning.is_empty() {
            self.push(" RETURNING ");
            self.list(returning, Self::expr);
        }
    }

    fn update(&mut self, u: &Update) {
        self.push("UPDATE ");
        self.ident(&u.table);
        self.push(" SET ");
        self.assignments(&u.set);
        if let Some(filter) = &u.filter {
            self.push(" WHERE ");
            self.expr(filter);
        }
        self.returning(&u.returning);
    }

    fn delete(&mut self, d: &Delete) {
        self.push("DELETE FROM ");
        self.ident(&d.table);
        if let Some(filter) = &d.filter {
            self.push(" WHERE ");
            self.expr(filter);
        }
        self.returning(&d.returning);
    }

    fn lock_table(&mut self, l: &LockTable) {
        self.push("LOCK TABLE ");
        self.list(&l.tables, |w, t| w.ident(t));
        self.push(" IN ");
        self.push(l.mode);
        self.push(" MODE");
        if l.nowait {
            self.push(" NOWAIT");
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Column { table, column } => {
                if let Some(table) = table {
                    self.ident(table);
                    self.push(".");
                }
                self.ident(column);
            }
            Expr::AllColumns(table) => {
                self.ident(table);
                self.push(".*");
            }
            Expr::Star => self.push("*"),
            Expr::Param(value) => self.param(value),
            Expr::Slot(n) => {
                let _ = write!(self.sql, "${}", n + 1);
            }
            Expr::Cast {
                expr,
                sql_type,
                array,
            } => {
                self.expr(expr);
                self.push("::");
                self.push(sql_type);
                if *array {
                    self.push("[]");
                }
            }
            Expr::Int(n) => {
                let _ = write!(self.sql, "{n}");
            }
            Expr::Bool(b) => self.push(if *b { "TRUE" } else { "FALSE" }),
            Expr::Null => self.push("NULL"),
            Expr::Default => self.push("DEFAULT"),
            Expr::Binary(a, op, b) => {
                if op.is_arithmetic() {
                    self.push("(");
                }
                self.expr(a);
                self.push(match op {
                    BinOp::Eq => " = ",
                    BinOp::Ne => " <> ",
                    BinOp::Gt => " > ",
                    BinOp::Gte => " >= ",
                    BinOp::Lt => " < ",
                    BinOp::Lte => " <= ",
                    BinOp::Like => " LIKE ",
                    BinOp::ILike => " ILIKE ",
                    BinOp::Add => " + ",
                    BinOp::Sub => " - ",
                    BinOp::Mul => " * ",
                    BinOp::Div => " / ",
                });
                self.expr(b);
                if op.is_arithmetic() {
                    self.push(")");
                }
            }
            Expr::And(parts) => self.connective(parts, " AND ", "TRUE"),
            Expr::Or(parts) => self.connective(parts, " OR ", "FALSE"),
            Expr::Not(inner) => {
                self.push("NOT (");
                self.expr(inner);
                self.push(")");
            }
            Expr::IsNotTrue(inner) => {
                self.push("(");
                self.expr(inner);
                self.push(") IS NOT TRUE");
            }
            Expr::IsNull(inner, null) => {
                self.expr(inner);
                self.push(if *null { " IS NULL" } else { " IS NOT NULL" });
            }
            Expr::Any(a, array) => {
                self.expr(a);
                self.push(" = ANY(");
                self.expr(array);
                self.push(")");
            }
            Expr::Between(a, low, high) => {
                self.expr(a);
                self.push(" BETWEEN ");
                self.expr(low);
                self.push(" AND ");
                self.expr(high);
            }
            Expr::Exists(select) => {
                self.push("EXISTS (");
                self.select(select);
                self.push(")");
            }
            Expr::InSelect(a, select) => {
                self.expr(a);
                self.push(" IN (");
                self.select(select);
                self.push(")");
            }
            Expr::Subquery(select) => {
                self.push("(");
                self.select(select);
                self.push(")");
            }
            Expr::Call { func, args, order } => {
                self.call(*func, args);
                if !order.is_empty() {
                    // Aggregate ordering goes inside the parentheses.
                    self.sql.pop();
                    self.push(" ORDER BY ");
                    self.order_list(order);
                    self.push(")");
                }
            }
            Expr::Window {
                func,
                args,
                partition,
                order,
            } => {
                self.call(*func, args);
                self.push(" OVER (");
                if !partition.is_empty() {
                    self.push("PARTITION BY ");
                    self.list(partition, Self::expr);
                    if !order.is_empty() {
                        self.push(" ");
                    }
                }
                if !order.is_empty() {
                    self.push("ORDER BY ");
                    self.order_list(order);
                }
                self.push(")");
            }
        }
    }

    fn call(&mut self, func: Func, args: &[Expr]) {
        self.push(match func {
            Func::Count => "count(",
            Func::CountDistinct => "count(DISTINCT ",
            Func::Sum => "sum(",
            Func::Avg => "avg(",
            Func::Min => "min(",
            Func::Max => "max(",
            Func::ArrayAgg => "array_agg(",
            Func::Coalesce => "COALESCE(",
            Func::RowNumber => "row_number(",
            Func::Unnest => "unnest(",
            Func::ArrayPosition => "array_position(",
            Func::Cardinality => "cardinality(",
        });
        if args.is_empty() && func == Func::Count {
            self.push("*");
        }
        self.list(args, Self::expr);
        self.push(")");
    }

    fn connective(&mut self, parts: &[Expr], word: &str, empty: &str) {
        match parts {
            [] => self.push(empty),
            [only] => self.expr(only),
            _ => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        self.push(word);
                    }
                    let nested = matches!(part, Expr::And(p) | Expr::Or(p) if p.len() > 1);
                    if nested {
                        self.push("(");
                    }
                    self.expr(part);
                    if nested {
                        self.push(")");
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
