//! No user-facing text refers to what a user cannot open (issue 15): no rows or sections of the
//! project's internal fact sheet, no `§`, no "NOT CONFIRMED" marker, no design document, no
//! path inside the repository; links are `https://`. Scanned: every catalog rule's title,
//! explanation and fix; every finding page (`bbdoctor rules ID` prints them); `docs/json.md`;
//! and the text and Markdown answers over every pasted report in `fixtures/reports/`.

use bbdoctor::report::{self, Format, Style};
use std::path::Path;

/// What a reader cannot follow, found in `text`.
fn internal_references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for needle in [
        "fact sheet",
        "fact-sheet",
        "§",
        "NOT CONFIRMED",
        "design.md",
        "bitbucket-auth-facts",
        "<details",
        "<sub>",
    ] {
        if text.contains(needle) {
            found.push(needle.to_string());
        }
    }
    // A finding page by its path inside the repository, not its published address.
    let pages = bbdoctor::rules::PAGES;
    if text.replace(pages, "").contains("docs/findings/") {
        found.push("docs/findings/ (a repository path)".into());
    }
    // Rows of the fact sheet: R3, B4, G7, X5, R6-2022.
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let word = word.split('-').next().unwrap_or(word);
        let mut chars = word.chars();
        let row = matches!(chars.next(), Some('R' | 'B' | 'G' | 'X'))
            && (2..=3).contains(&word.len())
            && chars.all(|c| c.is_ascii_digit());
        if row {
            found.push(format!("row {word}"));
        }
    }
    found
}

fn assert_clean(what: &str, text: &str) {
    let found = internal_references(text);
    assert!(found.is_empty(), "{what}: {found:?}\n{text}");
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    assert!(!internal_references("(fact sheet B4 §10.8, NOT CONFIRMED)").is_empty());
    assert!(!internal_references("see docs/findings/x.md").is_empty());
    assert!(!internal_references("the R6-2022 message").is_empty());
    assert!(internal_references("a 401 from GET /2.0/user; ATATT…(192 chars)").is_empty());
    let page = format!("{}x.md", bbdoctor::rules::PAGES);
    assert!(internal_references(&page).is_empty());
}

#[test]
fn catalog_text_holds_no_internal_reference() {
    for r in bbdoctor::rules::CATALOG {
        for (field, text) in [
            ("title", r.title),
            ("explanation", r.explanation),
            ("fix", r.fix),
        ] {
            assert_clean(&format!("{} {field}", r.id), text);
        }
        assert!(r.docs().starts_with("https://"), "{}: {}", r.id, r.docs());
    }
}

#[test]
fn every_finding_heading_fits_an_80_column_terminal() {
    for r in bbdoctor::rules::CATALOG {
        // `warning[unexplained-failure]: A failure is shown, …`, as the text answer prints it.
        let heading = format!("{}[{}]: {}", r.severity.as_str(), r.id, r.title);
        assert!(
            heading.chars().count() <= 80,
            "{} columns: {heading}",
            heading.chars().count()
        );
    }
}

#[test]
fn finding_pages_and_the_json_docs_hold_no_internal_reference() {
    for r in bbdoctor::rules::CATALOG {
        assert_clean(&format!("page of {}", r.id), r.page);
    }
    let json = std::fs::read_to_string("docs/json.md").unwrap();
    assert_clean("docs/json.md", &json);
}

#[test]
fn answers_over_every_pasted_report_hold_no_internal_reference() {
    let mut files = Vec::new();
    for dir in ["fixtures/reports/dev", "fixtures/reports/test"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 100, "the corpus: {}", files.len());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let r = bbdoctor::explain::input::report(None, &text);
        let one = std::slice::from_ref(&r);
        for format in [Format::Text, Format::Markdown] {
            let out = report::render(one, format, Style::file());
            assert_clean(&format!("{} as {format:?}", name(path)), &out);
        }
    }
}

fn name(path: &Path) -> String {
    path.display().to_string()
}
