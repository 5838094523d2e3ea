//! The CI docs' steps work as written: the `bbdoctor` lines of the Bitbucket Pipelines and
//! GitHub Actions steps in `docs/ci.md` run, exactly as written, through `sh` against the
//! simulator, with the environment those CI systems would give them. A healthy credential
//! passes silently; a token lacking a scope or a user lacking the permission fails the step
//! and the JUnit file says why.

mod common;

use common::{Lab, assert_no_secret, assert_safe, run_in};
use std::path::Path;
use std::process::Command;

/// The `bbdoctor` command lines of the doc's YAML blocks: `- bbdoctor …` (Pipelines) and
/// `run: bbdoctor …` (GitHub Actions).
fn documented_lines() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md"))
        .expect("docs/ci.md");
    let mut found = Vec::new();
    let mut in_yaml = false;
    for line in doc.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_yaml = trimmed == "```yaml";
            continue;
        }
        if !in_yaml {
            continue;
        }
        for (prefix, ci) in [("- bbdoctor ", "pipelines"), ("run: bbdoctor ", "actions")] {
            if let Some(rest) = trimmed.strip_prefix(prefix) {
                found.push((ci.to_string(), format!("bbdoctor {rest}")));
            }
        }
    }
    found
}

/// Run one documented line as its CI would: a fresh directory, the variables set.
fn run_line(lab: &Lab, line: &str, token_id: &str) -> (common::Run, common::Scratch) {
    let dir = common::scratch();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_bbdoctor")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let token = lab.secret(token_id);
    let api = lab.sim.api_url();
    let git = lab.sim.base_url();
    let env = [
        ("PATH", path.as_str()),
        ("BITBUCKET_REPO_FULL_NAME", "acme/widgets"),
        ("BITBUCKET_EMAIL", "pat@example.com"),
        ("BITBUCKET_API_TOKEN", token.as_str()),
        ("BBDOCTOR_API_URL", api.as_str()),
        ("BBDOCTOR_GIT_URL", git.as_str()),
    ];
    let mut sh = Command::new("sh");
    sh.current_dir(&dir);
    let before = lab.sim.requests().len();
    let run = run_in(sh, &["-c", line], &env, None);
    assert_no_secret(&run, &lab.world, &[]);
    assert_safe(&lab.sim.requests()[before..]);
    let junit = std::fs::read_to_string(dir.join("test-results/bbdoctor.xml"))
        .unwrap_or_else(|e| panic!("{line}: no test-results/bbdoctor.xml ({e})\n{}", run.stderr));
    assert!(
        !junit.contains(&token[20..40]),
        "a secret in the JUnit file"
    );
    (run, dir)
}

/// The failure types of a JUnit file.
fn failures(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("test-results/bbdoctor.xml")).unwrap();
    let xml = roxmltree::Document::parse(&text).expect("JUnit XML");
    xml.descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.attribute("type").unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_doc_has_a_step_for_each_ci() {
    let lines = documented_lines();
    let cis: Vec<&str> = lines.iter().map(|(ci, _)| ci.as_str()).collect();
    assert_eq!(cis, ["pipelines", "actions"], "{lines:?}");
    for (_, line) in &lines {
        assert!(line.contains("--report test-results/"), "{line}");
    }
}

#[test]
fn the_ci_docs_steps_work_as_written() {
    let lab = Lab::new(|_| {});
    for (ci, line) in documented_lines() {
        // pat's token has the scopes, and pat may write to acme/widgets.
        let (run, dir) = run_line(&lab, &line, "pat-api-token");
        assert_eq!(run.code, 0, "{ci}: {line}\n{}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stdout, "",
            "{ci}: --quiet prints nothing when all is well"
        );
        assert!(failures(&dir).is_empty(), "{ci}");

        // A token without write:repository:bitbucket fails the step, and says so.
        let (run, dir) = run_line(&lab, &line, "pat-api-token-no-user");
        assert_eq!(run.code, 1, "{ci}: {}", run.stderr);
        assert!(
            run.stdout.contains("error[required-scope-missing]"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("Missing: write:repository:bitbucket."));
        assert!(failures(&dir).contains(&"required-scope-missing".to_string()));
    }
}

#[test]
fn a_user_without_write_permission_fails_the_preflight() {
    // sam's token has scopes enough to read, and sam may only read acme/widgets.
    let lab = Lab::new(|w| {
        let sam = w
            .credentials
            .iter_mut()
            .find(|c| c.id == "sam-api-token")
            .unwrap();
        sam.scopes.push("write:repository:bitbucket".into());
    });
    let line =
        "bbdoctor check --require-permission write --quiet --report test-results/bbdoctor.xml";
    let dir = common::scratch();
    let env = [
        ("BITBUCKET_REPO_FULL_NAME", "acme/widgets"),
        ("BITBUCKET_EMAIL", "sam@example.com"),
    ];
    let token = lab.secret("sam-api-token");
    let api = lab.sim.api_url();
    let git = lab.sim.base_url();
    let mut all = env.to_vec();
    all.extend([
        ("BITBUCKET_API_TOKEN", token.as_str()),
        ("BBDOCTOR_API_URL", api.as_str()),
        ("BBDOCTOR_GIT_URL", git.as_str()),
    ]);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bbdoctor"));
    cmd.current_dir(&dir);
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    let run = run_in(cmd, &args, &all, None);
    assert_no_secret(&run, &lab.world, &[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("The credential has read permission, not write."),
        "{}",
        run.stdout
    );
    assert_eq!(failures(&dir), ["required-permission-missing"]);
}
