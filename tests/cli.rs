//! The command line's extras: the rules listing (80 columns, JSON), shell completions and the
//! man page, generated from the clap definitions.

mod common;

use bbdoctor::rules::CATALOG;
use common::bbdoctor;

#[test]
fn rules_listing_covers_every_id_within_80_columns() {
    let run = bbdoctor(&["rules"], &[], None);
    assert_eq!(run.code, 0);
    for line in run.stdout.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    for rule in CATALOG {
        let line = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id))
            .unwrap_or_else(|| panic!("{} not listed", rule.id));
        assert!(line.contains(rule.severity.as_str()), "{line}");
    }
}

#[test]
fn rules_as_json() {
    let run = bbdoctor(&["rules", "--format", "json"], &[], None);
    let list: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list.len(), CATALOG.len());
    for (item, rule) in list.iter().zip(CATALOG) {
        assert_eq!(item["id"], rule.id);
        assert_eq!(item["severity"], rule.severity.as_str());
        assert_eq!(item["title"], rule.title);
        assert_eq!(
            item["docs"],
            format!("{}{}.md", bbdoctor::rules::PAGES, rule.id)
        );
    }
    let one = bbdoctor(
        &["rules", "required-scope-missing", "--format", "json"],
        &[],
        None,
    );
    let doc: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert!(
        doc["page"]
            .as_str()
            .unwrap()
            .starts_with("# required-scope-missing:")
    );
    assert!(!doc["fix"].as_str().unwrap().is_empty());
}

#[test]
fn completions_for_every_shell_know_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = bbdoctor(&["completions", shell], &[], None);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["check", "rules", "require-scope", "report-format"] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    assert_eq!(bbdoctor(&["completions", "tcsh"], &[], None).code, 2);
}

#[test]
fn man_page_is_roff_from_the_clap_definitions() {
    let run = bbdoctor(&["man"], &[], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &run.stdout[..80]
    );
    assert!(
        run.stdout.contains(".TH bbdoctor 1"),
        "{}",
        &run.stdout[..200]
    );
    assert!(run.stdout.contains("Exit codes"));
}

#[test]
fn man_writes_a_page_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let run = bbdoctor(
        &["man", "--out-dir", dir.path().to_str().unwrap()],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "bbdoctor",
        "bbdoctor-check",
        "bbdoctor-explain",
        "bbdoctor-rules",
        "bbdoctor-sim",
    ] {
        let text = std::fs::read_to_string(dir.path().join(format!("{page}.1")))
            .unwrap_or_else(|e| panic!("{page}.1: {e}"));
        assert!(text.contains(&format!(".TH {page} 1")), "{page}");
    }
    let check = std::fs::read_to_string(dir.path().join("bbdoctor-check.1")).unwrap();
    assert!(check.contains("\\-\\-user") && check.contains("BITBUCKET_EMAIL"));
    let one = bbdoctor(&["man", "explain"], &[], None);
    assert!(one.stdout.contains(".TH bbdoctor-explain 1"));
    let missing = bbdoctor(&["man", "--out-dir", "/no/such/dir"], &[], None);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no such directory"),
        "{}",
        missing.stderr
    );
}

#[test]
fn completions_offer_the_rule_ids_and_a_near_miss_gets_a_suggestion() {
    let bash = bbdoctor(&["completions", "bash"], &[], None);
    for rule in CATALOG {
        assert!(
            bash.stdout.contains(rule.id),
            "bash completion lacks {}",
            rule.id
        );
    }
    let run = bbdoctor(&["rules", "api-token-as-baerer"], &[], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("a similar value exists: 'api-token-as-bearer'"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_is_forgiving_and_clear() {
    // --format in any case.
    let run = bbdoctor(&["rules", "healthy", "--format", "JSON"], &[], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let post = "curl -H 'Authorization: Bearer ATATT3xFfGF0x' https://api.bitbucket.org/2.0/user\n";
    let run = bbdoctor(&["explain", "--format", "Markdown"], &[], Some(post));
    assert_ne!(run.code, 2, "{}", run.stderr);
    // --timeout 0 says what it wants.
    let run = bbdoctor(&["check", "acme/widgets", "--timeout", "0"], &[], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("more than 0 seconds"), "{}", run.stderr);
    // A report's missing folder is created, and said so.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new/answer.md");
    let run = bbdoctor(
        &["explain", "--report", file.to_str().unwrap()],
        &[],
        Some(post),
    );
    assert!(file.is_file(), "{}", run.stderr);
    assert!(run.stderr.contains("created"), "{}", run.stderr);
    // Help wraps (clap's wrap_help): no line runs past 100 columns.
    let help = bbdoctor(&["check", "--help"], &[], None);
    let widest = help
        .stdout
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 100, "{widest} columns");
}
