//! Turning filters, orderings and foreign-key paths into SQL text with
//! numbered parameters. Every identifier goes through `push_ident`.

use std::fmt::Write as _;

use crate::handle::Path;
use crate::ident::push_ident;
use crate::meta::ModelMeta;
use crate::query::filter::{ColRef, Expr};
use crate::query::value::Value;

/// A join added to reach columns through foreign keys.
struct JoinEntry {
    /// (model address, column index) of every hop from the root.
    key: Vec<(usize, usize)>,
    alias: String,
    left: bool,
    sql: String,
}

/// Accumulates parameters and joins while SQL is written.
pub(crate) struct Renderer {
    root: &'static ModelMeta,
    root_alias: String,
    pub(crate) params: Vec<Value>,
    joins: Vec<JoinEntry>,
}

fn model_addr(m: &'static ModelMeta) -> usize {
    std::ptr::from_ref(m) as usize
}

impl Renderer {
    pub(crate) fn new(root: &'static ModelMeta) -> Self {
        let mut root_alias = String::new();
        push_ident(&mut root_alias, root.table);
        Renderer {
            root,
            root_alias,
            params: Vec::new(),
            joins: Vec::new(),
        }
    }

    /// Binds a value and returns its placeholder.
    pub(crate) fn bind(&mut self, value: Value) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    /// The quoted alias of the root table.
    pub(crate) fn root_alias(&self) -> &str {
        &self.root_alias
    }

    /// `FROM` clause body: the root table and every join registered so far.
    pub(crate) fn table_list(&self) -> String {
        let mut out = String::new();
        push_ident(&mut out, self.root.table);
        for join in &self.joins {
            out.push(' ');
            out.push_str(&join.sql);
        }
        out
    }

    /// True when a join was added.
    pub(crate) fn has_joins(&self) -> bool {
        !self.joins.is_empty()
    }

    /// True when some join is a LEFT JOIN (row locks then need `OF`).
    pub(crate) fn has_outer_join(&self) -> bool {
        self.joins.iter().any(|j| j.left)
    }

    /// The alias of the table at the end of `path`, joining what is
    /// missing; and whether that table may be absent (a LEFT JOIN on the
    /// way).
    pub(crate) fn alias_for(&mut self, path: &Path) -> (String, bool) {
        let mut alias = self.root_alias.clone();
        let mut key = Vec::new();
        let mut outer = false;
        for hop in path.hops() {
            let model = (hop.model)();
            let column = &model.columns[hop.column];
            key.push((model_addr(model), hop.column));
            let Some(fk) = &column.foreign_key else {
                continue;
            };
            let target = (fk.target)();
            let target_col = fk.target_column().unwrap_or(target.pk());
            outer = outer || column.nullable;
            if let Some(existing) = self.joins.iter().find(|j| j.key == key) {
                alias = existing.alias.clone();
                outer = outer || existing.left;
                continue;
            }
            let mut new_alias = String::new();
            push_ident(&mut new_alias, &format!("T{}", self.joins.len() + 1));
            let mut sql = String::from(if outer { "LEFT JOIN " } else { "INNER JOIN " });
            push_ident(&mut sql, target.table);
            let _ = write!(sql, " AS {new_alias} ON {new_alias}.");
            push_ident(&mut sql, target_col.column);
            let _ = write!(sql, " = {alias}.");
            push_ident(&mut sql, column.column);
            self.joins.push(JoinEntry {
                key: key.clone(),
                alias: new_alias.clone(),
                left: outer,
                sql,
            });
            alias = new_alias;
        }
        (alias, outer)
    }

    /// The qualified column, and whether it can be NULL.
    pub(crate) fn column(&mut self, col: &ColRef) -> (String, bool) {
        let (mut out, outer) = self.alias_for(&col.path);
        let meta = col.meta();
        out.push('.');
        push_ident(&mut out, meta.column);
        (out, outer || meta.nullable)
    }

    /// Renders a filter expression.
    pub(crate) fn expr(&mut self, expr: &Expr, out: &mut String) {
        match expr {
            Expr::True => out.push_str("TRUE"),
            Expr::Compare(col, op, value) => {
                let (c, _) = self.column(col);
                let p = self.bind(value.clone());
                let _ = write!(out, "{c} {} {p}", op.as_sql());
            }
            Expr::Any(col, value) => {
                let (c, _) = self.column(col);
                let p = self.bind(value.clone());
                let _ = write!(out, "{c} = ANY({p})");
            }
            Expr::IsNull(col, null) => {
                let (c, _) = self.column(col);
                let _ = write!(out, "{c} IS {}NULL", if *null { "" } else { "NOT " });
            }
            Expr::Like {
                col,
                pattern,
                case_insensitive,
            } => {
                let (c, _) = self.column(col);
                let p = self.bind(pattern.clone());
                let op = if *case_insensitive { "ILIKE" } else { "LIKE" };
                let _ = write!(out, "{c} {op} {p}");
            }
            Expr::Between(col, low, high) => {
                let (c, _) = self.column(col);
                let lo = self.bind(low.clone());
                let hi = self.bind(high.clone());
                let _ = write!(out, "{c} BETWEEN {lo} AND {hi}");
            }
            Expr::Columns(a, op, b) => {
                let (a, _) = self.column(a);
                let (b, _) = self.column(b);
                let _ = write!(out, "{a} {} {b}", op.as_sql());
            }
            Expr::And(parts) | Expr::Or(parts) => {
                let is_and = matches!(expr, Expr::And(_));
                if parts.is_empty() {
                    out.push_str(if is_and { "TRUE" } else { "FALSE" });
                    return;
                }
                if parts.len() == 1 {
                    self.expr(&parts[0], out);
                    return;
                }
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(if is_and { " AND " } else { " OR " });
                    }
                    let nested = matches!(part, Expr::And(_) | Expr::Or(_));
                    if nested {
                        out.push('(');
                    }
                    self.expr(part, out);
                    if nested {
                        out.push(')');
                    }
                }
            }
            Expr::Not(inner) => {
                // NOT (x) is NULL when x is NULL, which would drop the row;
                // `IS NOT TRUE` keeps it, as Django's exclude does.
                let mut body = String::new();
                self.expr(inner, &mut body);
                if self.may_be_null(inner) {
                    let _ = write!(out, "({body}) IS NOT TRUE");
                } else {
                    let _ = write!(out, "NOT ({body})");
                }
            }
        }
    }

    /// True when the expression can evaluate to NULL.
    fn may_be_null(&mut self, expr: &Expr) -> bool {
        match expr {
            Expr::True | Expr::IsNull(..) => false,
            Expr::Compare(c, ..)
            | Expr::Any(c, _)
            | Expr::Between(c, ..)
            | Expr::Like { col: c, .. } => self.column(c).1,
            Expr::Columns(a, _, b) => self.column(a).1 || self.column(b).1,
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(|p| self.may_be_null(p)),
            Expr::Not(inner) => self.may_be_null(inner),
        }
    }
}
