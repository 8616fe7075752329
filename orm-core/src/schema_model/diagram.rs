//! ER diagrams of a schema model: Mermaid `erDiagram` text and Graphviz
//! DOT, with automatic junction tables drawn as many-to-many edges.

use std::fmt::Write as _;

use super::{ColumnDef, ForeignKeyDef, SchemaModel, TableDef};

impl SchemaModel {
    /// The schema as a Mermaid `erDiagram`: one entity per table (columns
    /// with their types and `PK`/`FK`/`UK` marks), one relationship per
    /// foreign key (`||--o{`, `|o--o{` when nullable, `||--o|` when
    /// unique), and junction tables as `}o--o{` edges between the tables
    /// they join. Names Mermaid cannot hold are written with `_`.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("erDiagram\n");
        for table in self.tables.iter().filter(|t| t.junction.is_none()) {
            let _ = writeln!(out, "    {} {{", mermaid_name(&table.name));
            for column in &table.columns {
                let mut marks = Vec::new();
                if is_pk(table, column) {
                    marks.push("PK");
                }
                if foreign_key_of(table, column).is_some() {
                    marks.push("FK");
                }
                if is_unique(table, column) {
                    marks.push("UK");
                }
                let _ = write!(
                    out,
                    "        {} {}",
                    mermaid_type(&column.data_type.to_postgres()),
                    mermaid_name(&column.name)
                );
                if !marks.is_empty() {
                    let _ = write!(out, " {}", marks.join(", "));
                }
                if column.nullable {
                    out.push_str(" \"nullable\"");
                }
                out.push('\n');
            }
            out.push_str("    }\n");
        }
        for table in &self.tables {
            if let Some(j) = &table.junction {
                let ends: Vec<&str> = [&j.source_column, &j.target_column]
                    .iter()
                    .filter_map(|c| foreign_key_of(table, table.column(c)?))
                    .map(|fk| fk.ref_table.as_str())
                    .collect();
                if let [a, b] = ends.as_slice() {
                    let _ = writeln!(
                        out,
                        "    {} }}o--o{{ {} : \"{}\"",
                        mermaid_name(a),
                        mermaid_name(b),
                        mermaid_label(&table.name)
                    );
                }
                continue;
            }
            for fk in &table.foreign_keys {
                let column = fk.columns.first().and_then(|c| table.column(c));
                let nullable = column.is_some_and(|c| c.nullable);
                let unique = table.is_unique_key(&fk.columns);
                let parent = if nullable { "|o" } else { "||" };
                let child = if unique { "o|" } else { "o{" };
                let _ = writeln!(
                    out,
                    "    {} {parent}--{child} {} : \"{}\"",
                    mermaid_name(&fk.ref_table),
                    mermaid_name(&table.name),
                    mermaid_label(&fk.columns.join(", "))
                );
            }
        }
        out
    }

    /// The schema as a Graphviz DOT digraph: one record-like HTML table per
    /// table (name, then a row per column with its type and key marks),
    /// one edge per foreign key from the referencing column to the
    /// referenced one, junction tables drawn as dashed double-headed edges.
    /// Render with `dot -Tsvg`.
    pub fn to_dot(&self) -> String {
        let mut out = String::from(
            "digraph schema {\n    graph [rankdir=LR, fontname=\"Helvetica\"];\n    \
             node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n    \
             edge [fontname=\"Helvetica\", fontsize=9, arrowhead=crow, arrowtail=tee, dir=both];\n",
        );
        for table in self.tables.iter().filter(|t| t.junction.is_none()) {
            let _ = write!(
                out,
                "    {} [label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">\
                 <TR><TD BGCOLOR=\"#dde6f0\"><B>{}</B></TD></TR>",
                dot_id(&table.name),
                html(&table.name)
            );
            for (i, column) in table.columns.iter().enumerate() {
                let mut text = format!(
                    "{}: {}",
                    html(&column.name),
                    html(&column.data_type.to_postgres())
                );
                if is_pk(table, column) {
                    text.push_str(" <B>PK</B>");
                }
                if foreign_key_of(table, column).is_some() {
                    text.push_str(" FK");
                }
                if is_unique(table, column) {
                    text.push_str(" UK");
                }
                if column.nullable {
                    text.push_str(" <I>null</I>");
                }
                let _ = write!(out, "<TR><TD PORT=\"c{i}\" ALIGN=\"LEFT\">{text}</TD></TR>");
            }
            out.push_str("</TABLE>>];\n");
        }
        for table in &self.tables {
            if let Some(j) = &table.junction {
                let ends: Vec<&str> = [&j.source_column, &j.target_column]
                    .iter()
                    .filter_map(|c| foreign_key_of(table, table.column(c)?))
                    .map(|fk| fk.ref_table.as_str())
                    .collect();
                if let [a, b] = ends.as_slice() {
                    let _ = writeln!(
                        out,
                        "    {} -> {} [style=dashed, arrowhead=crow, arrowtail=crow, label={}];",
                        dot_id(a),
                        dot_id(b),
                        dot_id(&table.name)
                    );
                }
                continue;
            }
            for fk in &table.foreign_keys {
                let from = port(table, fk.columns.first());
                let to = self
                    .table(&fk.ref_table)
                    .map(|t| port(t, fk.ref_columns.first()))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    {}{to} -> {}{from} [label={}];",
                    dot_id(&fk.ref_table),
                    dot_id(&table.name),
                    dot_id(&fk.columns.join(", "))
                );
            }
        }
        out.push_str("}\n");
        out
    }
}

fn is_pk(table: &TableDef, column: &ColumnDef) -> bool {
    table
        .primary_key
        .as_ref()
        .is_some_and(|k| k.columns.contains(&column.name))
}

fn is_unique(table: &TableDef, column: &ColumnDef) -> bool {
    !is_pk(table, column) && table.is_unique_key(std::slice::from_ref(&column.name))
}

fn foreign_key_of<'a>(table: &'a TableDef, column: &ColumnDef) -> Option<&'a ForeignKeyDef> {
    table
        .foreign_keys
        .iter()
        .find(|fk| fk.columns.first() == Some(&column.name))
}

/// `:c<i>` for the column at `column`, or nothing.
fn port(table: &TableDef, column: Option<&String>) -> String {
    column
        .and_then(|c| table.columns.iter().position(|x| &x.name == c))
        .map(|i| format!(":c{i}"))
        .unwrap_or_default()
}

fn mermaid_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        out.insert(0, '_');
    }
    out
}

fn mermaid_type(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | '"' | ',' => '_',
            c => c,
        })
        .collect()
}

fn mermaid_label(text: &str) -> String {
    text.replace('"', "'")
}

/// A DOT identifier: double-quoted, `"` and `\` escaped.
fn dot_id(name: &str) -> String {
    let mut out = String::from("\"");
    for c in name.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Text inside a DOT HTML label.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
