//! JSON Schemas of the data files, derived from the model types, for editors
//! (Taplo / Even Better TOML validate and complete evidence files with them).

use schemars::{schema_for, JsonSchema, Schema};

use crate::model::{EditionMeta, FindingsFile, Framework, Platform, Settings};

/// One schema file: its name and which data files it describes.
pub struct SchemaFile {
    pub file_name: &'static str,
    pub title: &'static str,
    /// Glob patterns, relative to the project folder, for `.taplo.toml`.
    pub include: &'static [&'static str],
    pub exclude: &'static [&'static str],
    schema: fn() -> Schema,
}

fn with_title<T: JsonSchema>(title: &str) -> Schema {
    let mut schema = schema_for!(T);
    schema.insert("title".into(), title.into());
    schema
}

pub const SCHEMAS: &[SchemaFile] = &[
    SchemaFile {
        file_name: "scorecard.schema.json",
        title: "scorecard.toml: site settings",
        include: &["data/scorecard.toml"],
        exclude: &[],
        schema: || with_title::<Settings>("scorecard.toml: site settings"),
    },
    SchemaFile {
        file_name: "edition.schema.json",
        title: "edition.toml: an edition's own facts",
        include: &["data/editions/*/edition.toml"],
        exclude: &[],
        schema: || with_title::<EditionMeta>("edition.toml: an edition's own facts"),
    },
    SchemaFile {
        file_name: "framework.schema.json",
        title: "framework.toml: actions, indicators and the rating scale",
        include: &["data/editions/*/framework.toml"],
        exclude: &[],
        schema: || {
            with_title::<Framework>("framework.toml: actions, indicators and the rating scale")
        },
    },
    SchemaFile {
        file_name: "platform.schema.json",
        title: "platform.toml: a platform and the company's right of reply",
        include: &["data/editions/*/platforms/*/platform.toml"],
        exclude: &[],
        schema: || {
            with_title::<Platform>("platform.toml: a platform and the company's right of reply")
        },
    },
    SchemaFile {
        file_name: "findings.schema.json",
        title: "A findings file: ratings, rationales and sources",
        include: &["data/editions/*/platforms/*/**/*.toml"],
        exclude: &["data/editions/*/platforms/*/platform.toml"],
        schema: || with_title::<FindingsFile>("A findings file: ratings, rationales and sources"),
    },
];

impl SchemaFile {
    /// The schema as pretty JSON, ending in a newline.
    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&(self.schema)()).expect("a schema serialises");
        text.push('\n');
        text
    }
}

/// `.taplo.toml` mapping the data files to the schemas in `schema_dir`
/// (relative to the project folder).
pub fn taplo_config(schema_dir: &str) -> String {
    let mut out = String::from(
        "# Taplo / Even Better TOML: validate and complete the evidence files as you type.\n\
         # Written by `scorecard schema`; the schemas come from scorecard's own types.\n\n\
         include = [\"data/**/*.toml\"]\n",
    );
    for schema in SCHEMAS {
        out.push_str(&format!("\n# {}\n[[rule]]\n", schema.title));
        out.push_str(&format!("include = {:?}\n", schema.include));
        if !schema.exclude.is_empty() {
            out.push_str(&format!("exclude = {:?}\n", schema.exclude));
        }
        out.push_str(&format!(
            "[rule.schema]\npath = \"{schema_dir}/{}\"\n",
            schema.file_name
        ));
    }
    out
}
