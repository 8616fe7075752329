//! Turning filters, orderings and foreign-key paths into SQL text with
//! numbered parameters. Every identifier goes through `push_ident`.

use std::fmt::Write as _;

use crate::Error;
use crate::handle::Path;
use crate::ident::push_ident;
use crate::meta::ModelMeta;
use crate::query::filter::{ColRef, Expr};
use crate::query::value::Value;
use crate::translation::TranslationCtx;

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
    aliased: bool,
    join_prefix: String,
    pub(crate) params: Vec<Value>,
    joins: Vec<JoinEntry>,
    /// Set when the statement is translated (`query.translated(...)`).
    pub(crate) translation: Option<TranslationCtx>,
    /// The first problem met while rendering (a translated column in an
    /// untranslated query).
    pub(crate) error: Option<Error>,
    /// (join identity, quoted alias) of every explicit join rendered so far.
    pub(crate) explicit: Vec<(u64, String)>,
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
            aliased: false,
            join_prefix: "T".to_owned(),
            params: Vec::new(),
            joins: Vec::new(),
            translation: None,
            error: None,
            explicit: Vec::new(),
        }
    }

    /// A renderer whose root table is aliased `alias` and whose joins are
    /// named `<prefix>1`, `<prefix>2`, ...: for a subquery nested in another
    /// statement (a LATERAL child query), so names never collide.
    pub(crate) fn nested(root: &'static ModelMeta, alias: &str, join_prefix: String) -> Self {
        let mut r = Renderer::new(root);
        r.root_alias = crate::ident::quote_ident(alias);
        r.aliased = true;
        r.join_prefix = join_prefix;
        r
    }

    /// Continues numbering parameters after `outer`'s (take them back with
    /// [`Renderer::give_params`]).
    pub(crate) fn take_params(&mut self, outer: &mut Renderer) {
        self.params = std::mem::take(&mut outer.params);
    }

    /// Hands the parameters back to `outer`.
    pub(crate) fn give_params(&mut self, outer: &mut Renderer) {
        outer.params = std::mem::take(&mut self.params);
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
        if self.aliased {
            out.push_str(" AS ");
            out.push_str(&self.root_alias);
        }
        for join in &self.joins {
            out.push(' ');
            out.push_str(&join.sql);
        }
        out
    }

    /// Adds a join written by the caller (a junction or a LATERAL
    /// subquery); it may reference the root alias and earlier joins.
    pub(crate) fn push_join_sql(&mut self, sql: String, left: bool) {
        self.joins.push(JoinEntry {
            key: Vec::new(),
            alias: String::new(),
            left,
            sql,
        });
    }

    /// The joins alone (no root table), each preceded by a space.
    pub(crate) fn joins_clause(&self) -> String {
        let mut out = String::new();
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
            if let Some(existing) = self
                .joins
                .iter()
                .find(|j| !j.key.is_empty() && j.key == key)
            {
                alias = existing.alias.clone();
                outer = outer || existing.left;
                continue;
            }
            let mut new_alias = String::new();
            push_ident(
                &mut new_alias,
                &format!("{}{}", self.join_prefix, self.joins.len() + 1),
            );
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
        if col.translated {
            return (self.translated_text(col), true);
        }
        let (mut out, outer) = self.alias_for(&col.path);
        let meta = col.meta();
        out.push('.');
        push_ident(&mut out, meta.column);
        (out, outer || meta.nullable)
    }

    /// The translated text of the label key `col`, joining the
    /// translations table the first time.
    fn translated_text(&mut self, col: &ColRef) -> String {
        let (alias, _) = self.alias_for(&col.path);
        let meta = col.meta();
        let mut key_sql = alias;
        key_sql.push('.');
        push_ident(&mut key_sql, meta.column);
        let mut key: Vec<(usize, usize)> = col
            .path
            .hops()
            .map(|h| (model_addr((h.model)()), h.column))
            .collect();
        key.push((model_addr((col.leaf)()), col.index));
        let Some(mut ctx) = self.translation.take() else {
            if self.error.is_none() {
                self.error = Some(Error::invalid_input(format!(
                    "`{}` is used translated, but the query has no `.translated(...)` language",
                    meta.field
                )));
            }
            return "NULL".to_owned();
        };
        let mut params = std::mem::take(&mut self.params);
        let mut new_joins = Vec::new();
        let expr = ctx.text(
            key,
            &key_sql,
            &mut |v| {
                params.push(v);
                format!("${}", params.len())
            },
            &mut |sql| new_joins.push(sql),
        );
        self.params = params;
        for sql in new_joins {
            self.push_join_sql(sql, true);
        }
        self.translation = Some(ctx);
        expr
    }

    /// Records a problem met while rendering (the first one is reported).
    pub(crate) fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(Error::invalid_input(message));
        }
    }

    /// Fails with the first problem met while rendering.
    pub(crate) fn check(&mut self) -> crate::Result<()> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
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
            Expr::Junction {
                table,
                outer,
                matched,
                model,
                value,
            } => {
                let p = self.bind(value.clone());
                let pk = model().pk().column;
                let _ = write!(
                    out,
                    "EXISTS (SELECT 1 FROM {table} WHERE {table}.{outer} = {}.",
                    self.root_alias
                );
                push_ident(out, pk);
                let _ = write!(out, " AND {table}.{matched} = {p})");
            }
            Expr::Joined(joined) => joined.render(self, out),
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
            Expr::True | Expr::IsNull(..) | Expr::Junction { .. } => false,
            // Joined columns may come from a LEFT JOIN: assume NULL is possible.
            Expr::Joined(_) => true,
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
