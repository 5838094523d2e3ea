//! `bbdoctor explain` on the corpus of real reports (`fixtures/reports/`): every report must
//! give its expected root cause, except the listed known misses (each with its reason), and a
//! known miss that starts passing must be unlisted. Prints the accuracy. Also: explain sends
//! nothing, and the two seeds are answered as the forum answered them.

mod common;

use common::{Lab, bbdoctor};
use serde_json::Value;
use std::collections::HashMap;

/// Root cause and all findings, per file, from one batch run of the real binary.
fn explain_all(files: &[String]) -> HashMap<String, Vec<String>> {
    let mut args = vec!["explain", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let run = bbdoctor(&args, &[], None);
    assert!(run.code <= 3, "{}", run.stderr);
    run.stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            let ids = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap().to_string())
                .collect();
            (doc["file"].as_str().unwrap().to_string(), ids)
        })
        .collect()
}

#[test]
fn every_report_gives_its_expected_root_cause() {
    let manifest: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string("fixtures/reports/reports.json").unwrap())
            .unwrap();
    let files: Vec<String> = manifest
        .iter()
        .map(|r| format!("fixtures/reports/{}", r["file"].as_str().unwrap()))
        .collect();
    let found = explain_all(&files);
    let (mut hits, mut also_hits, mut also_total) = (0, 0, 0);
    let mut problems = Vec::new();
    for (r, file) in manifest.iter().zip(&files) {
        let ids = &found[file];
        let expected = r["expected"].as_str().unwrap();
        let hit = ids.first().map(String::as_str) == Some(expected);
        hits += usize::from(hit);
        for also in r["also"].as_array().into_iter().flatten() {
            also_total += 1;
            also_hits += usize::from(ids.iter().any(|i| i == also.as_str().unwrap()));
        }
        match (hit, r.get("known_miss")) {
            (false, None) => problems.push(format!("{file}: expected {expected}, got {ids:?}")),
            (true, Some(_)) => problems.push(format!(
                "{file}: listed as a known miss but now passes: unlist it"
            )),
            _ => {}
        }
    }
    let total = manifest.len();
    println!(
        "explain on {total} real reports: root cause right in {hits} ({:.1}%); \
         {} known misses; secondary findings found: {also_hits}/{also_total}",
        100.0 * hits as f64 / total as f64,
        manifest
            .iter()
            .filter(|r| r.get("known_miss").is_some())
            .count()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seeds_are_answered_as_the_forum_answered_them() {
    let files = [
        "fixtures/reports/seed-private-repo-api-token.txt".to_string(),
        "fixtures/reports/seed-lowercase-bearer.txt".to_string(),
    ];
    let found = explain_all(&files);
    let bearer = &found[&files[0]];
    assert_eq!(bearer[0], "api-token-as-bearer", "{bearer:?}");
    assert!(
        bearer.contains(&"missing-auth-scheme".to_string()),
        "{bearer:?}"
    );
    let case = &found[&files[1]];
    assert_eq!(case[0], "scheme-case", "{case:?}");
    assert!(
        case.contains(&"credentials-ignored".to_string()),
        "{case:?}"
    );
}

#[test]
fn explain_sends_nothing() {
    // A report full of URLs that point at a live simulator: explain must not contact it.
    let lab = Lab::new(|_| {});
    let api = lab.sim.api_url();
    let report = format!(
        "curl -H 'Authorization: Bearer {token}' {api}/repositories/acme/widgets\n\
         git clone {base}/acme/widgets.git\n\
         HTTP/1.1 401 Unauthorized\n\n\
         {{\"type\": \"error\", \"error\": {{\"message\": \"Token is invalid, expired, or not supported for this endpoint.\"}}}}\n",
        token = lab.secret("pat-api-token"),
        base = lab.sim.base_url(),
    );
    let run = bbdoctor(&["explain", "--format", "json"], &[], Some(&report));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["probes"].as_array().unwrap().len(), 0);
    common::assert_no_secret(&run, &lab.world, &[]);
    assert!(lab.sim.requests().is_empty(), "{:?}", lab.sim.requests());
}

#[test]
fn unreadable_input_is_exit_2() {
    for (input, why) in [("", "empty"), ("  \n", "empty"), ("abc\0def", "binary")] {
        let run = bbdoctor(&["explain"], &[], Some(input));
        assert_eq!(run.code, 2, "{why}: {}", run.stderr);
        assert!(run.stderr.contains(why), "{}", run.stderr);
    }
    let run = bbdoctor(&["explain", "no/such/file.txt"], &[], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cannot read"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_readme_example_is_what_explain_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = readme
        .split("### Explain a pasted report")
        .nth(1)
        .expect("README: the explain section");
    let example = section
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("README: the explain example");
    let run = bbdoctor(
        &[
            "explain",
            "fixtures/reports/seed-private-repo-api-token.txt",
        ],
        &[],
        None,
    );
    for line in example.lines().filter(|l| l.trim() != "…") {
        assert!(
            run.stdout.lines().any(|out| out == line),
            "README line not in the output: {line:?}\n{}",
            run.stdout
        );
    }
}
