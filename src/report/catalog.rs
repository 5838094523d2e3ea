//! `bbdoctor rules`: the catalog listed (text within 80 columns, or JSON), and one rule's page.

use super::text::wrap;
use crate::rules::{self, Rule};
use serde_json::{Value, json};

/// Every finding id, its severity and title; titles wrap under themselves to fit 80 columns.
pub fn listing(as_json: bool) -> String {
    if as_json {
        return pretty(&rules::CATALOG.iter().map(summary).collect());
    }
    let id_width = rules::CATALOG.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let indent = " ".repeat(id_width + 11);
    rules::CATALOG
        .iter()
        .map(|r| {
            let columns = format!("{:<id_width$}  {:<7}  ", r.id, r.severity.as_str());
            // The first line's indent becomes the id and severity columns.
            format!("{columns}{}", &wrap(r.title, &indent)[indent.len()..])
        })
        .collect()
}

/// One rule's page (`docs/findings/<id>.md`), or its record as JSON.
pub fn page(id: &str, as_json: bool) -> Result<String, String> {
    let rule = rules::rule(id).ok_or_else(|| {
        let near: Vec<&str> = rules::CATALOG
            .iter()
            .map(|r| r.id)
            .filter(|r| r.contains(id) || id.contains(r))
            .collect();
        let hint = if near.is_empty() {
            "run `bbdoctor rules` for the list".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        format!("no finding id {id:?}: {hint}")
    })?;
    if !as_json {
        return Ok(rule.page.to_string());
    }
    let mut doc = summary(rule);
    doc["explanation"] = rule.explanation.into();
    doc["fix"] = rule.fix.into();
    doc["page"] = rule.page.into();
    Ok(pretty(&doc))
}

fn summary(r: &Rule) -> Value {
    json!({
        "id": r.id,
        "severity": r.severity.as_str(),
        "title": r.title,
        "docs": r.docs(),
    })
}

fn pretty(value: &Value) -> String {
    format!("{value:#}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_fits_80_columns_and_names_every_id() {
        let text = listing(false);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        for r in rules::CATALOG {
            assert!(text.contains(r.id), "{}", r.id);
        }
        assert!(
            page("bearer", false)
                .unwrap_err()
                .contains("api-token-as-bearer")
        );
    }
}
