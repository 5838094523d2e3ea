//! Every finding id has its page, and the pages agree with the catalog: like rustc's check that
//! every error code is documented. `docs/findings/<id>.md` must start with `# <id>: <title>`,
//! state the rule's severity, have the six sections in order (none empty), show a before and an
//! after in the Example, and never contain anything shaped like a real secret. The index
//! `docs/findings/README.md` lists the ids in catalog order.

use bbdoctor::rules::{CATALOG, Rule};
use std::path::{Path, PathBuf};

/// The sections of a page, in order (design.md §4, one page per finding id).
const SECTIONS: [&str; 6] = [
    "What it means",
    "Why Bitbucket behaves so",
    "How to fix it",
    "Example",
    "How bbdoctor detects it",
    "Sources",
];

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/findings")
}

fn page_path(rule: &Rule) -> PathBuf {
    pages_dir().join(format!("{}.md", rule.id))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Fail once, listing every problem found, so one run shows all that needs fixing.
fn report(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}:\n  - {}",
        problems.join("\n  - ")
    );
}

/// A page's `## ` sections outside fenced code blocks: (heading, body lines).
fn sections(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        match line.strip_prefix("## ") {
            Some(heading) if !in_fence => out.push((heading.trim().to_string(), Vec::new())),
            _ => {
                if let Some((_, body)) = out.last_mut() {
                    body.push(line);
                }
            }
        }
    }
    out
}

/// The number of fenced code blocks in some lines (opening fences).
fn fenced_blocks(lines: &[&str]) -> usize {
    let fences = lines
        .iter()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    fences.div_ceil(2)
}

/// What is wrong with one page, as sentences naming the page.
fn page_problems(rule: &Rule, text: &str) -> Vec<String> {
    let page = format!("docs/findings/{}.md", rule.id);
    let mut problems = Vec::new();
    let mut lines = text.lines();

    let expected_title = format!("# {}: {}", rule.id, rule.title);
    match lines.next() {
        Some(first) if first == expected_title => {}
        first => problems.push(format!(
            "{page}: first line must be {expected_title:?} (the catalog's title), found {:?}",
            first.unwrap_or("")
        )),
    }

    let expected_severity = format!("Severity: {}", rule.severity.as_str());
    match lines.find(|l| !l.trim().is_empty()) {
        Some(l) if l.trim() == expected_severity => {}
        l => problems.push(format!(
            "{page}: the line after the title must be {expected_severity:?} (the catalog's severity), found {:?}",
            l.unwrap_or("")
        )),
    }

    let found = sections(text);
    let headings: Vec<&str> = found.iter().map(|(h, _)| h.as_str()).collect();
    if headings != SECTIONS {
        let missing: Vec<&str> = SECTIONS
            .iter()
            .copied()
            .filter(|s| !headings.contains(s))
            .collect();
        let extra: Vec<&str> = headings
            .iter()
            .copied()
            .filter(|h| !SECTIONS.contains(h))
            .collect();
        problems.push(format!(
            "{page}: the `## ` headings must be exactly {SECTIONS:?} in this order; found {headings:?} \
             (missing: {missing:?}, unexpected: {extra:?})"
        ));
    }
    for (heading, body) in &found {
        if body.iter().all(|l| l.trim().is_empty()) {
            problems.push(format!("{page}: section `## {heading}` is empty"));
        }
    }
    if let Some((_, body)) = found.iter().find(|(h, _)| h == "Example") {
        let blocks = fenced_blocks(body);
        if blocks < 2 {
            problems.push(format!(
                "{page}: section `## Example` needs at least two fenced code blocks (before and after), found {blocks}"
            ));
        }
    }
    problems
}

#[test]
fn every_catalog_id_has_a_page() {
    let missing: Vec<String> = CATALOG
        .iter()
        .filter(|r| !page_path(r).is_file())
        .map(|r| format!("{} has no page: create docs/findings/{}.md", r.id, r.id))
        .collect();
    report("finding ids without a page", &missing);
}

#[test]
fn docs_path_of_every_rule_is_its_page() {
    let wrong: Vec<String> = CATALOG
        .iter()
        .filter(|r| r.docs() != format!("{}{}.md", bbdoctor::rules::PAGES, r.id))
        .map(|r| format!("{}: Rule::docs() says {:?}", r.id, r.docs()))
        .collect();
    report("rules whose docs path is not their page", &wrong);
}

#[test]
fn every_page_belongs_to_a_catalog_id() {
    let entries = std::fs::read_dir(pages_dir()).expect("docs/findings exists");
    let mut orphans = Vec::new();
    for entry in entries {
        let name = entry.expect("readable entry").file_name();
        let name = name.to_string_lossy();
        if name == "README.md" {
            continue;
        }
        let known = name
            .strip_suffix(".md")
            .is_some_and(|id| CATALOG.iter().any(|r| r.id == id));
        if !known {
            orphans.push(format!(
                "docs/findings/{name} belongs to no catalog id (only <id>.md pages and README.md belong here)"
            ));
        }
    }
    orphans.sort();
    report("orphan files in docs/findings", &orphans);
}

#[test]
fn pages_follow_the_structure_and_agree_with_the_catalog() {
    let problems: Vec<String> = CATALOG
        .iter()
        .filter(|r| page_path(r).is_file())
        .flat_map(|r| page_problems(r, &read(&page_path(r))))
        .collect();
    report("finding pages that do not follow the structure", &problems);
}

/// Where `text` holds a secret-shaped string: a token prefix followed by 20 or more token
/// characters (fact sheet §3.2 shapes). Returns the line number and the prefix.
fn secret_shapes(text: &str) -> Vec<(usize, &'static str)> {
    const PREFIXES: [&str; 3] = ["ATATT3", "ATCTT3", "ATBB"];
    let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '=');
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for prefix in PREFIXES {
            for (at, _) in line.match_indices(prefix) {
                let tail = line[at + prefix.len()..]
                    .chars()
                    .take_while(|c| token_char(*c))
                    .count();
                if tail >= 20 {
                    found.push((n + 1, prefix));
                }
            }
        }
    }
    found
}

#[test]
fn pages_contain_no_secret_shaped_strings() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("docs/findings exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    let mut problems = Vec::new();
    for path in &paths {
        for (line, prefix) in secret_shapes(&read(path)) {
            problems.push(format!(
                "{} line {line}: `{prefix}` followed by 20+ token characters looks like a real \
                 secret; use an environment variable such as \"$BITBUCKET_API_TOKEN\" or a \
                 placeholder",
                path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(path)
                    .display()
            ));
        }
    }
    report("secret-shaped strings in finding pages", &problems);
}

#[test]
fn secret_shape_check_catches_tokens_and_spares_prefixes() {
    let fake_tail = "x".repeat(24);
    assert_eq!(secret_shapes(&format!("t=ATATT3{fake_tail}")).len(), 1);
    assert_eq!(secret_shapes(&format!("ATCTT3{fake_tail}")).len(), 1);
    assert_eq!(secret_shapes(&format!("-u me:ATBB{fake_tail}")).len(), 1);
    assert!(secret_shapes("starts with `ATATT3xFfGF0`, `ATCTT3xFfGN0…`, `ATBB`").is_empty());
}

/// The ids of the index table's rows, with their severity and title cells.
fn index_rows(readme: &str) -> Vec<(String, String, String)> {
    readme
        .lines()
        .filter(|l| l.starts_with("| [`"))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').splitn(3, '|').collect();
            let id = cells[0]
                .trim()
                .trim_start_matches("[`")
                .split('`')
                .next()
                .unwrap_or("")
                .to_string();
            let severity = cells.get(1).map_or("", |c| c.trim()).to_string();
            let title = cells.get(2).map_or("", |c| c.trim()).to_string();
            (id, severity, title)
        })
        .collect()
}

#[test]
fn readme_index_lists_the_catalog_in_order() {
    let readme = read(&pages_dir().join("README.md"));
    let rows = index_rows(&readme);
    let listed: Vec<&str> = rows.iter().map(|(id, _, _)| id.as_str()).collect();
    let catalog: Vec<&str> = CATALOG.iter().map(|r| r.id).collect();
    if listed != catalog {
        let missing: Vec<&str> = catalog
            .iter()
            .copied()
            .filter(|id| !listed.contains(id))
            .collect();
        let extra: Vec<&str> = listed
            .iter()
            .copied()
            .filter(|id| !catalog.contains(id))
            .collect();
        let first_difference = listed
            .iter()
            .zip(&catalog)
            .position(|(l, c)| l != c)
            .map_or(String::new(), |i| {
                format!(
                    "; row {} lists {:?} where the catalog has {:?}",
                    i + 1,
                    listed[i],
                    catalog[i]
                )
            });
        panic!(
            "docs/findings/README.md: the index rows (`| [`id`](id.md) | severity | title |`) must \
             list the catalog ids in catalog order: missing {missing:?}, not in the catalog \
             {extra:?}{first_difference}"
        );
    }
    let mut problems = Vec::new();
    for ((id, severity, title), rule) in rows.iter().zip(CATALOG) {
        if severity != rule.severity.as_str() {
            problems.push(format!(
                "docs/findings/README.md, row {id}: severity {severity:?}, catalog says {:?}",
                rule.severity.as_str()
            ));
        }
        if title != rule.title {
            problems.push(format!(
                "docs/findings/README.md, row {id}: title {title:?}, catalog says {:?}",
                rule.title
            ));
        }
        let link = format!("[`{id}`]({id}.md)");
        if !readme.contains(&link) {
            problems.push(format!(
                "docs/findings/README.md, row {id}: must link the page as {link}"
            ));
        }
    }
    report(
        "README index rows that disagree with the catalog",
        &problems,
    );
}
