//! The prose claims are patterns, not a poster's phrases: every claim row's sources are
//! development reports (never test ones) on which the claim fires, and the diagnoses that rest
//! on a claim survive two rewordings of its sentence, same meaning (the paraphrase set in
//! `fixtures/paraphrases/`).

mod common;

use bbdoctor::explain::claims::ROWS;
use common::bbdoctor;
use serde_json::Value;

const DEV: &str = "fixtures/reports/dev";

#[test]
fn every_claims_sources_are_dev_reports_it_fires_on() {
    let mut problems = Vec::new();
    for row in ROWS {
        for file in row.sources {
            if std::path::Path::new(&format!("fixtures/reports/test/{file}")).exists() {
                problems.push(format!("{:?}: {file} is a test report", row.claim));
            }
            let Ok(text) = std::fs::read_to_string(format!("{DEV}/{file}")) else {
                problems.push(format!("{:?}: no dev report {file}", row.claim));
                continue;
            };
            if !bbdoctor::explain::parse(&text).claimed(&row.claim) {
                problems.push(format!(
                    "{:?} does not fire on its source {file}",
                    row.claim
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The verdict and root cause explain gives a text.
fn answer(text: &str) -> (String, Option<String>) {
    let run = bbdoctor(&["explain", "--format", "json"], &[], Some(text));
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let root = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "error")
        .and_then(|f| f["id"].as_str())
        .map(String::from);
    (doc["verdict"].as_str().unwrap().to_string(), root)
}

#[test]
fn diagnoses_that_rest_on_words_survive_two_rewordings() {
    let set: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string("fixtures/paraphrases/paraphrases.json").unwrap(),
    )
    .unwrap();
    assert!(set.len() >= 8, "the paraphrase set holds {}", set.len());
    let mut problems = Vec::new();
    for entry in &set {
        let file = entry["file"].as_str().unwrap();
        let from = entry["from"].as_str().unwrap();
        let text = std::fs::read_to_string(format!("{DEV}/{file}")).unwrap();
        assert!(
            text.contains(from),
            "{file}: the sentence to reword is not in it"
        );
        let original = answer(&text);
        let rewordings = entry["to"].as_array().unwrap();
        assert_eq!(rewordings.len(), 2, "{file}: two rewordings");
        for to in rewordings {
            let reworded = text.replace(from, to.as_str().unwrap());
            let now = answer(&reworded);
            if now != original {
                problems.push(format!(
                    "{file}: {original:?} became {now:?} when reworded as {to}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
