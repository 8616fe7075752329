//! Ordering terms without their static types, and their rendering.

use crate::handle::Path;
use crate::model::Model;
use crate::query::filter::ColRef;
use crate::query::join_column::Operand;
use crate::query::order::OrderTerm;
use crate::query::render::Renderer;

/// One `ORDER BY` term, untyped.
#[derive(Clone)]
pub(crate) struct OrderSpec {
    pub(crate) col: Operand,
    pub(crate) descending: bool,
    pub(crate) nulls_first: Option<bool>,
}

impl<M> From<&OrderTerm<M>> for OrderSpec {
    fn from(t: &OrderTerm<M>) -> Self {
        OrderSpec {
            col: t.col.clone(),
            descending: t.descending,
            nulls_first: t.nulls_first,
        }
    }
}

/// `M`'s default ordering (`#[orm(ordering(...))]`).
pub(crate) fn default_order<M: Model>() -> Vec<OrderSpec> {
    let meta = M::META;
    meta.ordering
        .iter()
        .filter_map(|o| {
            Some(OrderSpec {
                col: Operand::Model(ColRef {
                    leaf: M::meta,
                    index: meta.column_index(o.field)?,
                    path: Path::EMPTY,
                    translated: false,
                }),
                descending: o.descending,
                nulls_first: None,
            })
        })
        .collect()
}

/// `a DESC, b NULLS FIRST` (no `ORDER BY` keyword); empty for no terms.
pub(crate) fn order_list(r: &mut Renderer, terms: &[OrderSpec]) -> String {
    let mut out = String::new();
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        t.col.render(r, &mut out);
        if t.descending {
            out.push_str(" DESC");
        }
        match t.nulls_first {
            Some(true) => out.push_str(" NULLS FIRST"),
            Some(false) => out.push_str(" NULLS LAST"),
            None => {}
        }
    }
    out
}
