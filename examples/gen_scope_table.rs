//! Generates `src/scopes.tsv`, the per-operation scope table, from Bitbucket's OpenAPI document.
//!
//! Run: `cargo run --example gen_scope_table -- fixtures/openapi/swagger.v3.json > src/scopes.tsv`.
//! The table is committed and never hand-edited: `tests/scopes_table.rs` regenerates it from the
//! same spec and fails if the two differ (design.md §4 "Scopes").
//!
//! Columns (tab-separated, one operation per line, after a header line): method, path template,
//! legacy OAuth 2 scopes (`security[].oauth2`), API-token scopes (`x-atlassian-oauth2-scopes`),
//! `x-atlassian-auth-types`, and `deprecated`. Lists are comma-separated. Rows are sorted by
//! path, then method, because serde_json's map is ordered by key; that keeps the output stable.

use serde_json::Value;

const METHODS: [&str; 5] = ["delete", "get", "patch", "post", "put"];

/// Turns the OpenAPI document's text into the TSV table.
pub fn generate(spec: &str) -> Result<String, String> {
    let doc: Value = serde_json::from_str(spec).map_err(|e| format!("spec is not JSON: {e}"))?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("spec has no `paths` object")?;
    let mut out = String::from(
        "method\tpath\toauth2_scopes(legacy)\tapi_token_scopes(x-atlassian-oauth2-scopes)\t\
         x-atlassian-auth-types\tdeprecated\n",
    );
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let row = [
                method.to_uppercase(),
                path.clone(),
                legacy_scopes(op).join(","),
                granular_scopes(op).join(","),
                strings(op.get("x-atlassian-auth-types")).join(","),
                if op.get("deprecated") == Some(&Value::Bool(true)) {
                    "deprecated".to_string()
                } else {
                    String::new()
                },
            ];
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
    }
    Ok(out)
}

/// `security: [{"oauth2": [...]}, {"basic": []}, ...]`: the first `oauth2` alternative.
fn legacy_scopes(op: &Value) -> Vec<String> {
    op.get("security")
        .and_then(Value::as_array)
        .and_then(|alternatives| alternatives.iter().find_map(|alt| alt.get("oauth2")))
        .map(|scopes| strings(Some(scopes)))
        .unwrap_or_default()
}

/// `x-atlassian-oauth2-scopes: [{"state": "Current", "scheme": "oauth2", "scopes": [...]}]`.
fn granular_scopes(op: &Value) -> Vec<String> {
    op.get("x-atlassian-oauth2-scopes")
        .and_then(Value::as_array)
        .map(|entries| {
            entries
                .iter()
                .flat_map(|entry| strings(entry.get("scopes")))
                .collect()
        })
        .unwrap_or_default()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: gen_scope_table SPEC.json > src/scopes.tsv");
        std::process::exit(2);
    };
    let table = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {path}: {e}"))
        .and_then(|spec| generate(&spec));
    match table {
        Ok(table) => print!("{table}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
