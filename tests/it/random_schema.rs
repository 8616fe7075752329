//! Random schemas built directly as data (not through the derive), for the
//! schema property tests: a small spec drawn from a stream of random
//! numbers, turned into a `SchemaModel` with names derived the way the
//! models derive them, and edited into a second spec for migrations.

use orm::schema::OnDelete;
use orm::schema_model::{
    CheckDef, ColumnDef, DataType, ForeignKeyDef, Identity, IndexDef, KeyDef, SchemaModel, TableDef,
};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Random choices, read one at a time.
pub struct Dice {
    values: Vec<u32>,
    next: usize,
}

impl Dice {
    /// `n` streams of random numbers from a fixed seed (reproducible runs).
    pub fn streams(n: usize, seed: u8) -> Vec<Dice> {
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
        );
        let strategy = proptest::collection::vec(proptest::num::u32::ANY, 400);
        (0..n)
            .map(|_| Dice {
                values: strategy.new_tree(&mut runner).unwrap().current(),
                next: 0,
            })
            .collect()
    }

    /// A number in `0..n`.
    pub fn pick(&mut self, n: usize) -> usize {
        let v = self.values.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        v as usize % n.max(1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.pick(n) == 0
    }
}

#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub name: String,
    pub renamed_from: Option<String>,
    pub kind: usize,
    pub nullable: bool,
    pub default: bool,
    pub unique: bool,
    pub indexed: bool,
    pub check: bool,
    /// A foreign key to the named table's key, with its action.
    pub references: Option<(String, OnDelete)>,
}

#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: String,
    pub renamed_from: Option<String>,
    /// 0: bigint identity, 1: integer identity always, 2: text, 3: uuid.
    pub key: usize,
    pub columns: Vec<ColumnSpec>,
    /// Indexes of two columns unique together.
    pub unique_pair: Option<(usize, usize)>,
    pub index_pair: Option<(usize, usize)>,
}

/// Column types, each with a default PostgreSQL rewrites when it stores it.
const KINDS: &[(DataType, Option<&str>)] = &[
    (DataType::SmallInt, Some("7")),
    (DataType::Integer, Some("-3")),
    (DataType::BigInt, Some("42")),
    (DataType::Real, Some("1.5")),
    (DataType::Double, Some("2.25")),
    (DataType::Numeric(None), Some("3.5")),
    (DataType::Numeric(Some((10, 2))), Some("0.25")),
    (DataType::Boolean, Some("true")),
    (DataType::Text, Some("'hello'")),
    (DataType::Varchar(Some(20)), Some("'x'")),
    (DataType::Char(3), Some("'abc'")),
    (DataType::Bytes, None),
    (DataType::Date, Some("CURRENT_DATE")),
    (DataType::Timestamp, None),
    (DataType::TimestampTz, Some("now()")),
    (DataType::Uuid, None),
    (DataType::Jsonb, Some("'{}'")),
    (DataType::Json, None),
    (DataType::Interval, None),
];

/// Kinds that convert into each other with a plain cast.
const FAMILIES: &[&[usize]] = &[&[0, 1, 2, 3, 4, 5, 6], &[8, 9, 10], &[13, 14], &[16, 17]];

fn key_type(key: usize) -> DataType {
    match key {
        0 => DataType::BigInt,
        1 => DataType::Integer,
        2 => DataType::Text,
        _ => DataType::Uuid,
    }
}

const ACTIONS: [OnDelete; 4] = [
    OnDelete::Cascade,
    OnDelete::Restrict,
    OnDelete::NoAction,
    OnDelete::SetNull,
];

fn table_name(dice: &mut Dice, i: usize) -> String {
    if dice.one_in(4) {
        format!("T{i} \"odd\" name")
    } else {
        format!("t{i}")
    }
}

fn column(dice: &mut Dice, name: String, tables: &[String]) -> ColumnSpec {
    let references = (!tables.is_empty() && dice.one_in(3)).then(|| {
        let target = tables[dice.pick(tables.len())].clone();
        (target, ACTIONS[dice.pick(ACTIONS.len())])
    });
    let nullable = dice.one_in(2) || matches!(references, Some((_, OnDelete::SetNull)));
    ColumnSpec {
        name,
        renamed_from: None,
        kind: dice.pick(KINDS.len()),
        nullable,
        default: dice.one_in(3),
        unique: dice.one_in(5),
        indexed: dice.one_in(5),
        check: dice.one_in(6),
        references,
    }
}

/// 1 to 4 tables of 0 to 4 columns; foreign keys may point at any table,
/// the table itself included, so cycles occur.
pub fn random_spec(dice: &mut Dice) -> Vec<TableSpec> {
    let n = 1 + dice.pick(4);
    let names: Vec<String> = (0..n).map(|i| table_name(dice, i)).collect();
    names
        .iter()
        .map(|name| {
            let columns: Vec<ColumnSpec> = (0..dice.pick(5))
                .map(|c| column(dice, format!("c{c}"), &names))
                .collect();
            let pair = |dice: &mut Dice| {
                (columns.len() >= 2 && dice.one_in(3))
                    .then(|| (0, 1 + dice.pick(columns.len() - 1)))
            };
            TableSpec {
                name: name.clone(),
                renamed_from: None,
                key: dice.pick(4),
                unique_pair: pair(dice),
                index_pair: pair(dice),
                columns,
            }
        })
        .collect()
}

/// Edits a spec the way a project evolves: tables added, dropped and
/// renamed; columns added, dropped, renamed, retyped within a family, made
/// (non-)nullable, given or stripped of defaults, keys and indexes.
pub fn evolve(dice: &mut Dice, spec: &[TableSpec]) -> Vec<TableSpec> {
    let mut out: Vec<TableSpec> = spec.to_vec();
    for t in &mut out {
        t.renamed_from = None;
        for c in &mut t.columns {
            c.renamed_from = None;
        }
    }
    if out.len() > 1 && dice.one_in(4) {
        let gone = out.remove(dice.pick(out.len())).name;
        // Columns referencing the dropped table go with it (their type
        // followed its key).
        for t in &mut out {
            let before = t.columns.len();
            t.columns
                .retain(|c| c.references.as_ref().is_none_or(|(r, _)| *r != gone));
            if t.columns.len() != before {
                t.unique_pair = None;
                t.index_pair = None;
            }
        }
    }
    if dice.one_in(3) {
        let k = dice.pick(out.len());
        let old = out[k].name.clone();
        let new = format!("{old}_renamed");
        out[k].renamed_from = Some(old.clone());
        out[k].name = new.clone();
        for t in &mut out {
            for c in &mut t.columns {
                if let Some((r, _)) = &mut c.references {
                    if *r == old {
                        *r = new.clone();
                    }
                }
            }
        }
    }
    let names: Vec<String> = out.iter().map(|t| t.name.clone()).collect();
    for t in &mut out {
        if !t.columns.is_empty() && dice.one_in(4) {
            let c = dice.pick(t.columns.len());
            t.columns.remove(c);
            t.unique_pair = None;
            t.index_pair = None;
        }
        for c in &mut t.columns {
            match dice.pick(12) {
                0 => {
                    c.renamed_from = Some(c.name.clone());
                    c.name = format!("{}_new", c.name);
                }
                1 => {
                    if let Some(family) = FAMILIES.iter().find(|f| f.contains(&c.kind)) {
                        c.kind = family[dice.pick(family.len())];
                        c.default = false;
                    }
                }
                2 if !matches!(c.references, Some((_, OnDelete::SetNull))) => {
                    c.nullable = !c.nullable
                }
                3 => c.default = !c.default,
                4 => c.unique = !c.unique,
                5 => c.indexed = !c.indexed,
                6 => c.check = !c.check,
                7 => {
                    if let Some((_, action)) = &mut c.references {
                        *action = ACTIONS[dice.pick(3)];
                    }
                }
                _ => {}
            }
        }
        if dice.one_in(3) {
            let n = t.columns.len();
            t.columns.push(column(dice, format!("c{n}_added"), &names));
        }
        if t.unique_pair.is_none() && t.columns.len() >= 2 && dice.one_in(4) {
            t.unique_pair = Some((0, 1));
        }
    }
    if out.len() < 5 && dice.one_in(3) {
        let i = out.len();
        let mut t = random_spec(dice).remove(0);
        t.name = format!("new{i}");
        for c in &mut t.columns {
            if c.references.is_some() {
                c.references = Some((names[dice.pick(names.len())].clone(), OnDelete::Cascade));
            }
        }
        out.push(t);
    }
    out
}

/// The schema model of `spec`, named the way the models name things.
pub fn build(spec: &[TableSpec]) -> SchemaModel {
    let key_of = |name: &str| spec.iter().find(|t| t.name == name).map_or(0, |t| t.key);
    let tables = spec
        .iter()
        .map(|t| {
            let name = &t.name;
            let mut table = TableDef::new(name.clone());
            table.renamed_from = t.renamed_from.clone();
            let mut id = ColumnDef::new("id", key_type(t.key));
            id.identity = match t.key {
                0 => Some(Identity::ByDefault),
                1 => Some(Identity::Always),
                _ => None,
            };
            table.columns.push(id);
            table.primary_key = Some(KeyDef::new(format!("{name}_pkey"), vec!["id".into()]));
            for c in &t.columns {
                let (kind, default) = KINDS.get(c.kind).cloned().unwrap_or((DataType::Text, None));
                let data_type = match &c.references {
                    Some((target, _)) => key_type(key_of(target)),
                    None => kind,
                };
                let mut column = ColumnDef::new(c.name.clone(), data_type);
                column.renamed_from = c.renamed_from.clone();
                column.nullable = c.nullable;
                if c.references.is_none() && c.default {
                    column.default = default.map(str::to_owned);
                }
                let cols = vec![c.name.clone()];
                // json has no btree operator class: no key or index on it.
                let indexable = column.data_type != DataType::Json;
                table.columns.push(column);
                if c.unique && indexable {
                    table
                        .uniques
                        .push(KeyDef::new(format!("{name}_{}_key", c.name), cols.clone()));
                }
                if c.indexed && indexable {
                    table.indexes.push(IndexDef::new(
                        format!("{name}_{}_idx", c.name),
                        cols.clone(),
                    ));
                }
                if c.check {
                    table.checks.push(CheckDef::new(
                        format!("{name}_{}_check", c.name),
                        format!("\"{}\" IS NOT NULL OR TRUE", c.name.replace('"', "\"\"")),
                    ));
                }
                if let Some((target, action)) = &c.references {
                    table.foreign_keys.push(ForeignKeyDef::new(
                        format!("{name}_{}_fkey", c.name),
                        cols,
                        target.clone(),
                        vec!["id".into()],
                        *action,
                    ));
                }
            }
            let pair_columns = |(a, b): (usize, usize)| -> Vec<String> {
                [a, b].iter().map(|&i| t.columns[i].name.clone()).collect()
            };
            let json = |(a, b): (usize, usize)| {
                [a, b].iter().any(|&i| {
                    table
                        .column(&t.columns[i].name)
                        .is_some_and(|c| c.data_type == DataType::Json)
                })
            };
            let unique_pair = t.unique_pair.filter(|&p| !json(p));
            let index_pair = t.index_pair.filter(|&p| !json(p));
            if let Some(pair) = unique_pair {
                let cols = pair_columns(pair);
                table
                    .uniques
                    .push(KeyDef::new(format!("{name}_{}_uniq", cols.join("_")), cols));
            }
            if let Some(pair) = index_pair {
                let cols = pair_columns(pair);
                table.indexes.push(IndexDef::new(
                    format!("{name}_{}_idx", cols.join("_")),
                    cols,
                ));
            }
            table
        })
        .collect();
    SchemaModel::new(tables)
}
