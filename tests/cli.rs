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
