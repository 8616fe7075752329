//! The tables a statement reads and how its columns are reached: the root
//! table (or its alias), the joins added to follow foreign keys, the
//! translation joins, and the explicit joins. Turns the filter tree, the
//! operands and the ordering terms into IR expressions; writes no SQL.

use std::borrow::Cow;

use crate::Error;
use crate::handle::Path;
use crate::ir::{self, BinOp, Join, JoinType, Name, OrderItem, Source};
use crate::meta::ModelMeta;
use crate::query::aggregate::{AggSpec, RelationKind};
use crate::query::expr::{Expr, Op, Related, Relation, Test};
use crate::query::join::{ExplicitJoins, is_reserved_alias};
use crate::query::operand::{Arith, ColRef, JoinedCol, Operand, OperandKind};
use crate::query::order::OrderSpec;
use crate::relation::Link;
use crate::translation::TranslationCtx;

/// `expr::sql_type`, or `expr` unchanged.
fn cast(expr: ir::Expr, sql_type: Option<&'static str>) -> ir::Expr {
    match sql_type {
        Some(t) => expr.cast(t, false),
        None => expr,
    }
}

/// A join added to reach columns through foreign keys (or any join the
/// statement needs).
struct JoinEntry {
    /// (model address, column index) of every hop from the root; empty for
    /// a join that is not a foreign key hop.
    key: Vec<(usize, usize)>,
    alias: Name,
    join: Join,
}

/// The FROM clause being built, and everything needed to name columns.
pub(crate) struct Scope {
    root: &'static ModelMeta,
    root_alias: Name,
    aliased: bool,
    join_prefix: Cow<'static, str>,
    joins: Vec<JoinEntry>,
    /// Set when the statement is translated (`query.translated(...)`).
    pub(crate) translation: Option<TranslationCtx>,
    /// The first problem met (a translated column in an untranslated
    /// query, an unknown join).
    error: Option<Error>,
    /// (join identity, alias) of every explicit join added so far.
    explicit: Vec<(u64, Name)>,
    /// True where aggregates over the statement's own rows are allowed
    /// (the select list, HAVING and ORDER BY of a values query).
    pub(crate) inline_aggregates: bool,
    /// (aggregate key, alias) of every relation aggregate's LATERAL join.
    relation_aggregates: Vec<(String, Name)>,
    /// Semi-joins (`EXISTS` on a relation) numbered so far, nested ones
    /// included: their aliases stay unique in the whole statement.
    subqueries: usize,
}

fn model_addr(m: &'static ModelMeta) -> usize {
    std::ptr::from_ref(m) as usize
}

/// The through model's column pointing at `parent`, for many-to-many
/// field `index` of `parent` whose through model must be `through`.
fn through_source(
    parent: &'static ModelMeta,
    index: usize,
    through: &'static ModelMeta,
) -> crate::Result<&'static str> {
    let meta = parent.many_to_many.get(index).ok_or_else(|| {
        Error::schema(vec![format!(
            "{}: no many-to-many field #{index}",
            parent.name
        )])
    })?;
    if !meta.through().is_some_and(|t| t.is(through)) {
        return Err(Error::invalid_input(format!(
            "{}.{} has no through model {}: a condition on the junction rows is \
             written on the relation's through model",
            parent.name, meta.field, through.name
        )));
    }
    let junction = meta.junction().ok_or_else(|| {
        Error::schema(vec![format!(
            "{}.{}: the through model lacks the named source or target field",
            parent.name, meta.field
        )])
    })?;
    Ok(junction.source_column)
}

impl Op {
    pub(crate) fn bin_op(self) -> BinOp {
        match self {
            Op::Eq => BinOp::Eq,
            Op::Ne => BinOp::Ne,
            Op::Gt => BinOp::Gt,
            Op::Gte => BinOp::Gte,
            Op::Lt => BinOp::Lt,
            Op::Lte => BinOp::Lte,
        }
    }
}

impl Scope {
    pub(crate) fn new(root: &'static ModelMeta) -> Self {
        Scope {
            root,
            root_alias: Name::Borrowed(root.table),
            aliased: false,
            join_prefix: Cow::Borrowed("T"),
            joins: Vec::new(),
            translation: None,
            error: None,
            explicit: Vec::new(),
            inline_aggregates: false,
            relation_aggregates: Vec::new(),
            subqueries: 0,
        }
    }

    /// A scope whose root table is aliased `alias` and whose joins are
    /// named `<prefix>1`, `<prefix>2`, ...: for a subquery nested in another
    /// statement, so names never collide.
    pub(crate) fn nested(root: &'static ModelMeta, alias: String, join_prefix: String) -> Self {
        let mut s = Scope::new(root);
        s.root_alias = Name::Owned(alias);
        s.aliased = true;
        s.join_prefix = Cow::Owned(join_prefix);
        s
    }

    /// The root table's name or alias.
    pub(crate) fn root_alias(&self) -> Name {
        self.root_alias.clone()
    }

    /// The root table's column `column`.
    pub(crate) fn root_column(&self, column: &'static str) -> ir::Expr {
        ir::Expr::column(self.root_alias(), column)
    }

    /// Every column of `meta` from the table `alias`, as select items.
    pub(crate) fn columns_of(alias: &Name, meta: &ModelMeta) -> Vec<ir::SelectItem> {
        meta.columns
            .iter()
            .map(|c| ir::SelectItem::expr(ir::Expr::column(alias.clone(), c.column)))
            .collect()
    }

    /// The FROM source: the root table, aliased when nested.
    pub(crate) fn source(&self) -> Source {
        Source::Table {
            name: Name::Borrowed(self.root.table),
            alias: self.aliased.then(|| self.root_alias()),
        }
    }

    /// A `SELECT <items> FROM <root> <joins>`.
    pub(crate) fn select(&self, items: Vec<ir::SelectItem>) -> ir::Select {
        let mut s = ir::Select::from(self.source(), items);
        s.joins = self.joins();
        s
    }

    /// Adds a join made by the caller (a junction, a LATERAL subquery).
    pub(crate) fn push_join(&mut self, join: Join) {
        self.joins.push(JoinEntry {
            key: Vec::new(),
            alias: Name::Borrowed(""),
            join,
        });
    }

    /// The joins, in the order added.
    pub(crate) fn joins(&self) -> Vec<Join> {
        self.joins.iter().map(|j| j.join.clone()).collect()
    }

    /// True when a join was added.
    pub(crate) fn has_joins(&self) -> bool {
        !self.joins.is_empty()
    }

    /// True when some join is a LEFT JOIN (row locks then need `OF`).
    pub(crate) fn has_outer_join(&self) -> bool {
        self.joins.iter().any(|j| j.join.kind == JoinType::Left)
    }

    /// The alias of the table at the end of `path`, joining what is
    /// missing; and whether that table may be absent (a LEFT JOIN on the
    /// way).
    pub(crate) fn alias_for(&mut self, path: &Path) -> (Name, bool) {
        let mut alias = self.root_alias();
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
                outer = outer || existing.join.kind == JoinType::Left;
                continue;
            }
            let new_alias = Name::Owned(format!("{}{}", self.join_prefix, self.joins.len() + 1));
            let join = Join {
                kind: if outer {
                    JoinType::Left
                } else {
                    JoinType::Inner
                },
                lateral: false,
                source: Source::Table {
                    name: Name::Borrowed(target.table),
                    alias: Some(new_alias.clone()),
                },
                on: ir::Expr::column(new_alias.clone(), target_col.column)
                    .equals(ir::Expr::column(alias, column.column)),
            };
            self.joins.push(JoinEntry {
                key: key.clone(),
                alias: new_alias.clone(),
                join,
            });
            alias = new_alias;
        }
        (alias, outer)
    }

    /// The qualified column, and whether it can be NULL.
    pub(crate) fn column(&mut self, col: &ColRef) -> (ir::Expr, bool) {
        if col.translated {
            return (self.translated_text(col), true);
        }
        let (alias, outer) = self.alias_for(&col.path);
        let meta = col.meta();
        (ir::Expr::column(alias, meta.column), outer || meta.nullable)
    }

    /// The translated text of the label key `col`, joining the
    /// translations table the first time.
    fn translated_text(&mut self, col: &ColRef) -> ir::Expr {
        let (alias, _) = self.alias_for(&col.path);
        let meta = col.meta();
        let key_expr = ir::Expr::column(alias, meta.column);
        let mut key: Vec<(usize, usize)> = col
            .path
            .hops()
            .map(|h| (model_addr((h.model)()), h.column))
            .collect();
        key.push((model_addr((col.leaf)()), col.index));
        let Some(mut ctx) = self.translation.take() else {
            self.fail(format!(
                "`{}` is used translated, but the query has no `.translated(...)` language",
                meta.field
            ));
            return ir::Expr::Null;
        };
        let mut new_joins = Vec::new();
        let expr = ctx.text(key, key_expr, &mut |join| new_joins.push(join));
        for join in new_joins {
            self.push_join(join);
        }
        self.translation = Some(ctx);
        expr
    }

    /// Records a problem (the first one is reported by [`Scope::check`]).
    pub(crate) fn fail(&mut self, message: String) {
        self.fail_with(Error::invalid_input(message));
    }

    /// Records an error (the first one is reported by [`Scope::check`]).
    pub(crate) fn fail_with(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Fails with the first problem met.
    pub(crate) fn check(&mut self) -> crate::Result<()> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// A column of an explicit join; an unknown join is reported and
    /// written as `NULL`.
    fn joined(&mut self, col: &JoinedCol) -> ir::Expr {
        if let Some(problem) = col.problem {
            self.fail(format!("joined column `{}`: {problem}", col.name));
            return ir::Expr::Null;
        }
        match self.explicit.iter().find(|(id, _)| *id == col.join) {
            Some((_, alias)) => ir::Expr::column(alias.clone(), col.name.to_string()),
            None => {
                self.fail(format!(
                    "column `{}` belongs to a join that is not part of the query \
                     (or is added after its first use): add it with `.join(...)` first",
                    col.name
                ));
                ir::Expr::Null
            }
        }
    }

    /// The operand as an expression, and whether it can be NULL (a joined
    /// column may come from a LEFT JOIN: assumed nullable).
    pub(crate) fn operand(&mut self, operand: &Operand) -> (ir::Expr, bool) {
        match &operand.0 {
            OperandKind::Model(col) => self.column(col),
            OperandKind::Joined(col) => (self.joined(col), true),
            OperandKind::Aggregate(spec) => (self.aggregate(spec), !spec.not_null()),
            OperandKind::Value(value) => (ir::Expr::Param(value.clone()), false),
            OperandKind::Arith(left, op, right) => {
                let (left, left_null) = self.operand(left);
                let (right, right_null) = self.operand(right);
                let op = match op {
                    Arith::Add => BinOp::Add,
                    Arith::Sub => BinOp::Sub,
                    Arith::Mul => BinOp::Mul,
                    Arith::Div => BinOp::Div,
                };
                (left.op(op, right), left_null || right_null)
            }
        }
    }

    /// An aggregate: inline over the statement's rows, or (over a
    /// relation) the value of a `LEFT JOIN LATERAL` subquery per row,
    /// added once per distinct aggregate. Each relation aggregate has its
    /// own subquery, so two never multiply each other's rows.
    fn aggregate(&mut self, spec: &AggSpec) -> ir::Expr {
        let Some(relation) = spec.relation else {
            if !self.inline_aggregates {
                self.fail(format!(
                    "the aggregate `{}` is over the query's rows: use it in `values(...)` or \
                     `aggregate(...)`; `annotate` and filters take aggregates over a relation \
                     (`Model::RELATION.count_each()`)",
                    spec.key()
                ));
                return ir::Expr::Null;
            }
            let args = match &spec.arg {
                Some(col) => vec![self.column(col).0],
                None => Vec::new(),
            };
            return cast(ir::Expr::call(spec.func, args), spec.cast);
        };
        let key = spec.key();
        if let Some((_, alias)) = self.relation_aggregates.iter().find(|(k, _)| *k == key) {
            return ir::Expr::column(alias.clone(), "v");
        }
        let n = self.relation_aggregates.len();
        let parent = (relation.parent)();
        let link = match relation.kind {
            RelationKind::ManyToMany(i) => Link::many_to_many(parent, i),
            RelationKind::Reverse(i) => Link::reverse(parent, i),
        };
        let link = match link {
            Ok(link) if std::ptr::eq(parent, self.root) => link,
            Ok(_) => {
                self.fail(format!(
                    "the aggregate `{key}` is over a relation of another model"
                ));
                return ir::Expr::Null;
            }
            Err(e) => {
                self.fail(e.to_string());
                return ir::Expr::Null;
            }
        };
        let child_meta = (relation.child)();
        let mut child = Scope::nested(child_meta, format!("__orm_a{n}t"), format!("__orm_a{n}T"));
        let child_alias = child.root_alias();
        let junction = Name::Owned(format!("__orm_a{n}j"));
        if let Some(join) = link.junction_join(&child_alias, child_meta, &junction) {
            child.push_join(join);
        }
        let args = match &spec.arg {
            Some(col) => vec![child.column(col).0],
            None => Vec::new(),
        };
        let value = cast(ir::Expr::call(spec.func, args), spec.cast);
        let mut sub = child.select(vec![ir::SelectItem::aliased(value, "v")]);
        sub.filter = Some(
            link.parent_key(&child_alias, &junction)
                .equals(self.root_column(self.root.pk().column)),
        );
        if let Err(e) = child.check() {
            self.fail(e.to_string());
        }
        let alias = Name::Owned(format!("__orm_a{n}"));
        self.push_join(Join {
            kind: JoinType::Left,
            lateral: true,
            source: Source::Subquery {
                query: Box::new(sub),
                alias: alias.clone(),
            },
            on: ir::Expr::Bool(true),
        });
        self.relation_aggregates.push((key, alias.clone()));
        ir::Expr::column(alias, "v")
    }

    /// Registers a join the ORM added under an explicit join identity, so
    /// its columns resolve like an explicit join's.
    pub(crate) fn register_join(&mut self, id: u64, alias: Name) {
        self.explicit.push((id, alias));
    }

    /// The explicit joins, in the order added, each alias registered
    /// before its ON clause is built (so it can name its own columns).
    pub(crate) fn add_explicit(&mut self, explicit: &ExplicitJoins) {
        for (n, spec) in explicit.joins.iter().enumerate() {
            let alias: Name = match &spec.alias {
                Some(a) => Name::Owned(a.to_string()),
                None => Name::Owned(format!("j{}", n + 1)),
            };
            if let Some(reserved) = spec.alias.as_deref().filter(|a| is_reserved_alias(a)) {
                self.fail(format!(
                    "the join alias \"{reserved}\" is reserved for the ORM's own joins \
                     (`T<n>`, `tr<n>`, `__orm...`); choose another"
                ));
            }
            if alias == self.root_alias || self.explicit.iter().any(|(_, a)| *a == alias) {
                self.fail(format!(
                    "the join alias \"{alias}\" is used twice in one query"
                ));
            }
            if self.explicit.iter().any(|(id, _)| *id == spec.id) {
                self.fail(format!("the join \"{alias}\" was added to the query twice"));
            }
            self.explicit.push((spec.id, alias.clone()));
            let on = self.expr(&spec.on);
            self.push_join(Join {
                kind: if spec.left {
                    JoinType::Left
                } else {
                    JoinType::Inner
                },
                lateral: false,
                source: Source::Table {
                    name: Name::Owned(spec.table.to_string()),
                    alias: Some(alias),
                },
                on,
            });
        }
    }

    /// The ordering terms as IR.
    pub(crate) fn order(&mut self, terms: &[OrderSpec]) -> Vec<OrderItem> {
        terms
            .iter()
            .map(|t| OrderItem {
                expr: self.operand(&t.col).0,
                descending: t.descending,
                nulls_first: t.nulls_first,
            })
            .collect()
    }

    /// The filter tree as an IR condition.
    pub(crate) fn expr(&mut self, expr: &Expr) -> ir::Expr {
        match expr {
            Expr::True => ir::Expr::Bool(true),
            Expr::Test(operand, test) => {
                let (left, _) = self.operand(operand);
                self.test(left, test)
            }
            Expr::Junction {
                table,
                outer,
                matched,
                model,
                value,
            } => {
                let mut sub = ir::Select::from(
                    Source::table(*table),
                    vec![ir::SelectItem::expr(ir::Expr::Int(1))],
                );
                sub.filter = Some(ir::Expr::And(vec![
                    ir::Expr::column(*table, *outer).equals(self.root_column(model().pk().column)),
                    ir::Expr::column(*table, *matched).equals(ir::Expr::Param(value.clone())),
                ]));
                ir::Expr::Exists(Box::new(sub))
            }
            Expr::Related(related) => self.related(related),
            Expr::And(parts) => ir::Expr::And(parts.iter().map(|p| self.expr(p)).collect()),
            Expr::Or(parts) => ir::Expr::Or(parts.iter().map(|p| self.expr(p)).collect()),
            Expr::Not(inner) => {
                // NOT (x) is NULL when x is NULL, which would drop the row;
                // `IS NOT TRUE` keeps it, as Django's exclude does.
                let body = self.expr(inner);
                if self.may_be_null(inner) {
                    ir::Expr::IsNotTrue(Box::new(body))
                } else {
                    ir::Expr::Not(Box::new(body))
                }
            }
        }
    }

    /// `EXISTS (SELECT 1 FROM <child> [JOIN <junction>] WHERE <child's
    /// parent key> = <root key> AND <filter>)`, the child table and its
    /// joins aliased `__orm_e<n>...` so nested semi-joins never collide.
    fn related(&mut self, r: &Related) -> ir::Expr {
        let parent = (r.parent)();
        let child_meta = (r.child)();
        self.subqueries += 1;
        let n = self.subqueries;
        let mut sub = Scope::nested(child_meta, format!("__orm_e{n}t"), format!("__orm_e{n}T"));
        sub.subqueries = n;
        let child = sub.root_alias();
        let parent_key = match r.relation {
            Relation::ManyToMany(i) => Link::many_to_many(parent, i).map(|link| {
                let junction = Name::Owned(format!("__orm_e{n}j"));
                if let Some(join) = link.junction_join(&child, child_meta, &junction) {
                    sub.push_join(join);
                }
                link.parent_key(&child, &junction)
            }),
            Relation::Reverse(i) => {
                Link::reverse(parent, i).map(|link| link.parent_key(&child, &child))
            }
            Relation::Through(i) => through_source(parent, i, child_meta)
                .map(|column| ir::Expr::column(child.clone(), column)),
        };
        let parent_key = match parent_key {
            Ok(key) => key,
            Err(e) => {
                self.fail_with(e);
                return ir::Expr::Null;
            }
        };
        let mut filter = vec![parent_key.equals(self.root_column(parent.pk().column))];
        if !matches!(r.filter, Expr::True) {
            filter.push(sub.expr(&r.filter));
        }
        self.subqueries = sub.subqueries;
        if let Err(e) = sub.check() {
            self.fail_with(e);
        }
        let mut select = sub.select(vec![ir::SelectItem::expr(ir::Expr::Int(1))]);
        select.filter = Some(ir::Expr::And(filter));
        ir::Expr::Exists(Box::new(select))
    }

    fn test(&mut self, left: ir::Expr, test: &Test) -> ir::Expr {
        let param = |v: &crate::query::Param| ir::Expr::Param(v.clone());
        match test {
            Test::Compare(op, value) => left.op(op.bin_op(), param(value)),
            Test::Any(value) => left.any(param(value)),
            Test::IsNull(null) => ir::Expr::IsNull(Box::new(left), *null),
            Test::Like {
                pattern,
                insensitive,
            } => left.op(
                if *insensitive {
                    BinOp::ILike
                } else {
                    BinOp::Like
                },
                param(pattern),
            ),
            Test::Between(low, high) => {
                ir::Expr::Between(Box::new(left), Box::new(param(low)), Box::new(param(high)))
            }
            Test::Column(op, right) => {
                let (right, _) = self.operand(right);
                left.op(op.bin_op(), right)
            }
            Test::InQuery(build) => match build() {
                Ok(select) => ir::Expr::InSelect(Box::new(left), Box::new(select)),
                Err(e) => {
                    self.fail_with(e);
                    ir::Expr::Null
                }
            },
        }
    }

    /// True when the condition can evaluate to NULL.
    fn may_be_null(&mut self, expr: &Expr) -> bool {
        match expr {
            Expr::True | Expr::Junction { .. } | Expr::Related(_) => false,
            Expr::Test(_, Test::IsNull(_)) => false,
            // The subquery may select NULL.
            Expr::Test(_, Test::InQuery(_)) => true,
            Expr::Test(operand, Test::Column(_, right)) => {
                self.operand(operand).1 || self.operand(right).1
            }
            Expr::Test(operand, _) => self.operand(operand).1,
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(|p| self.may_be_null(p)),
            Expr::Not(inner) => self.may_be_null(inner),
        }
    }
}
