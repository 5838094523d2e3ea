//! Every report format, end to end: the real binary against the simulator, compared with golden
//! files (`tests/golden/`, `BBDOCTOR_BLESS=1` rewrites them); the JSON read back into typed
//! structs that deny unknown fields (`bbdoctor/1` cannot drift silently); the JUnit parsed by an
//! XML parser; `--report` files, colors, `--quiet`. The explain side is the real `bbdoctor
//! explain` on the seed post: every format, standard input, and a batch of two as JSON Lines.

mod common;

use common::golden::{assert_golden, normalize, normalize_json_ms, normalize_ms};
use common::{Lab, assert_no_secret, bbdoctor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

const PAT: &str = "pat@example.com";

/// The typed `bbdoctor/1` document, as a reader written from `docs/json.md` would declare it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    schema: String,
    command: String,
    #[serde(default)]
    file: Option<String>,
    target: Option<TargetDoc>,
    credential: CredentialDoc,
    verdict: String,
    #[serde(default)]
    candidates: Vec<String>,
    #[serde(default)]
    next: Option<String>,
    findings: Vec<FindingDoc>,
    probes: Vec<ProbeDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetDoc {
    workspace: String,
    repo: String,
    api_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialDoc {
    kind: String,
    source: Option<String>,
    redacted: Option<String>,
    scheme: Option<String>,
    login: Option<String>,
    #[serde(default)]
    other_sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FindingDoc {
    id: String,
    severity: String,
    strength: String,
    title: String,
    explanation: String,
    fix: String,
    docs: String,
    evidence: Vec<String>,
    detail: Option<String>,
    command: Option<String>,
    #[serde(default)]
    applicability: Option<String>,
    header: Option<HeaderDoc>,
    confirm: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderDoc {
    sent: String,
    correct: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeDoc {
    name: String,
    method: Option<String>,
    url: Option<String>,
    auth: Option<String>,
    status: Option<u16>,
    error: Option<String>,
    headers: BTreeMap<String, String>,
    elapsed_ms: Option<u64>,
}

fn decode(text: &str) -> Document {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not a bbdoctor/1 document: {e}\n{text}"))
}

/// The simulator with the seed mistake (an API token sent as Bearer), run in `format`.
fn bearer_run(lab: &Lab, format: &str, extra: &[&str]) -> common::Run {
    let header = format!("Authorization: Bearer {}", lab.secret("pat-api-token"));
    let mut args = vec!["-H", header.as_str(), "--format", format];
    args.extend(extra);
    lab.check("acme/widgets", &args, &[("BITBUCKET_EMAIL", PAT)])
}

fn healthy_env(lab: &Lab, id: &str) -> Vec<(String, String)> {
    vec![
        ("BITBUCKET_EMAIL".into(), PAT.into()),
        ("BITBUCKET_API_TOKEN".into(), lab.secret(id)),
    ]
}

fn pairs(env: &[(String, String)]) -> Vec<(&str, &str)> {
    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[test]
fn every_format_of_a_diagnosis_matches_its_golden_file() {
    let lab = Lab::new(|_| {});
    let base = lab.sim.base_url();
    for (format, golden) in [
        ("text", "check-bearer.txt"),
        ("json", "check-bearer.json"),
        ("jsonl", "check-bearer.jsonl"),
        ("markdown", "check-bearer.md"),
        ("junit", "check-bearer.xml"),
    ] {
        let run = bearer_run(&lab, format, &[]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert_golden(golden, &normalize(&run.stdout, &base));
    }
}

#[test]
fn a_healthy_preflight_matches_its_golden_files() {
    let lab = Lab::new(|_| {});
    let base = lab.sim.base_url();
    let env = healthy_env(&lab, "pat-api-token");
    let preflight = [
        "--require-scope",
        "read:repository:bitbucket,write:repository:bitbucket",
        "--require-permission",
        "write",
    ];
    for (format, golden) in [
        ("text", "check-healthy.txt"),
        ("markdown", "check-healthy.md"),
        ("junit", "check-healthy.xml"),
    ] {
        let mut args = preflight.to_vec();
        args.extend(["--format", format]);
        let run = lab.check("acme/widgets", &args, &pairs(&env));
        assert_eq!(run.code, 0, "{format}: {}\n{}", run.stdout, run.stderr);
        assert_golden(golden, &normalize(&run.stdout, &base));
    }
}

#[test]
fn json_decodes_into_typed_structs_that_deny_unknown_fields() {
    let lab = Lab::new(|_| {});
    let doc = decode(&bearer_run(&lab, "json", &[]).stdout);
    assert_eq!(doc.schema, "bbdoctor/1");
    assert_eq!(doc.command, "check");
    assert_eq!(doc.file, None);
    assert_eq!(doc.verdict, "problems");
    let target = doc.target.expect("a target");
    assert_eq!(
        (target.workspace.as_str(), target.repo.as_str()),
        ("acme", "widgets")
    );
    assert_eq!(target.api_url, Some(lab.sim.api_url()));
    assert_eq!(doc.credential.kind, "api-token");
    assert_eq!(doc.credential.scheme.as_deref(), Some("Bearer"));
    assert_eq!(doc.credential.source.as_deref(), Some("-H"));
    assert_eq!(
        doc.credential.redacted.as_deref(),
        Some("ATATT…(192 chars)")
    );
    assert_eq!(doc.credential.login, None);
    assert!(doc.credential.other_sources.is_empty());
    let root = &doc.findings[0];
    assert_eq!(root.id, "api-token-as-bearer");
    assert_eq!(root.severity, "error");
    // A check observed everything it concludes on; it never abstains.
    assert_eq!(root.strength, "observed");
    assert!(doc.candidates.is_empty() && doc.next.is_none());
    assert_eq!(
        root.docs,
        format!("{}api-token-as-bearer.md", bbdoctor::rules::PAGES)
    );
    assert!(root.docs.starts_with("https://"));
    assert!(!root.title.is_empty() && !root.explanation.is_empty() && !root.fix.is_empty());
    assert!(root.evidence.iter().any(|e| e.contains("→ 401")));
    assert!(
        root.command
            .as_deref()
            .unwrap()
            .contains("$BITBUCKET_API_TOKEN")
    );
    let header = root.header.as_ref().unwrap();
    assert!(header.sent.starts_with("Authorization: Bearer"));
    assert!(header.correct.starts_with("Authorization: Basic"));
    assert!(root.detail.is_none() && root.confirm.is_none());
    let repo = doc.probes.iter().find(|p| p.name == "repo").unwrap();
    assert_eq!(repo.method.as_deref(), Some("GET"));
    assert!(
        repo.url
            .as_deref()
            .unwrap()
            .ends_with("/2.0/repositories/acme/widgets")
    );
    assert_eq!(repo.auth.as_deref(), Some("Bearer ATATT…(192 chars)"));
    assert_eq!(repo.status, Some(401));
    assert!(repo.error.as_deref().unwrap().contains("Token is invalid"));
    assert!(repo.elapsed_ms.is_some());
    let fixed = doc.probes.iter().find(|p| p.name == "repo-fixed").unwrap();
    assert_eq!(
        fixed.headers.get("x-credential-type").map(String::as_str),
        Some("api_token")
    );
}

#[test]
fn the_typed_structs_reject_a_field_the_schema_lacks() {
    // The decoding test above can fail: an unknown field is an error, not ignored.
    let lab = Lab::new(|_| {});
    let mut json = bearer_run(&lab, "json", &[]).json();
    json["surprise"] = serde_json::json!(1);
    assert!(serde_json::from_value::<Document>(json).is_err());
}

#[test]
fn junit_parses_and_carries_the_finding() {
    let lab = Lab::new(|_| {});
    let run = bearer_run(&lab, "junit", &[]);
    let xml = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suite = root
        .children()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a testsuite");
    assert_eq!(suite.attribute("name"), Some("bbdoctor check acme/widgets"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        suite.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    let failed: Vec<_> = cases
        .iter()
        .filter_map(|c| {
            c.children()
                .find(|n| n.has_tag_name("failure"))
                .map(|f| (c, f))
        })
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(suite.attribute("failures"), Some("1"));
    let (case, failure) = failed[0];
    assert_eq!(case.attribute("name"), Some("credential form"));
    assert_eq!(failure.attribute("type"), Some("api-token-as-bearer"));
    let body = failure.text().unwrap_or("");
    assert!(body.contains("fix: Use Basic auth"), "{body}");
    assert!(
        body.contains("\"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\""),
        "{body}"
    );
    let skipped = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("skipped")))
        .count();
    assert_eq!(
        suite.attribute("skipped"),
        Some(skipped.to_string().as_str())
    );
}

#[test]
fn report_file_in_addition_to_the_terminal_never_colored() {
    let lab = Lab::new(|_| {});
    let dir = common::scratch();
    let xml = dir.join("test-results/bbdoctor.xml");
    let md = dir.join("answer.txt");
    let run = bearer_run(
        &lab,
        "text",
        &["--color", "always", "--report", xml.to_str().unwrap()],
    );
    assert!(
        run.stdout.contains("\u{1b}["),
        "terminal text is colored when asked"
    );
    assert!(
        run.stdout.contains("error[api-token-as-bearer]")
            || run.stdout.contains("api-token-as-bearer")
    );
    let file = std::fs::read_to_string(&xml).expect("the report file, its directory created");
    roxmltree::Document::parse(&file).expect("JUnit XML");
    assert!(file.contains("type=\"api-token-as-bearer\""));
    // --report-format wins over the extension; a text file is never colored.
    let run = bearer_run(
        &lab,
        "json",
        &[
            "--color",
            "always",
            "--report",
            md.to_str().unwrap(),
            "--report-format",
            "markdown",
        ],
    );
    assert!(!run.stdout.contains('\u{1b}'), "JSON is never colored");
    decode(&run.stdout);
    let file = std::fs::read_to_string(&md).unwrap();
    assert!(
        file.starts_with("**✗ `acme/widgets`: API token sent as Bearer"),
        "{file}"
    );
    assert!(!file.contains('\u{1b}'));
    let txt = dir.join("plain.txt");
    bearer_run(
        &lab,
        "text",
        &["--color", "always", "--report", txt.to_str().unwrap()],
    );
    let file = std::fs::read_to_string(&txt).unwrap();
    assert!(file.contains("error[api-token-as-bearer]") && !file.contains('\u{1b}'));
}

#[test]
fn an_unknown_report_extension_is_a_usage_error_before_any_request() {
    let lab = Lab::new(|_| {});
    let run = bearer_run(&lab, "text", &["--report", "report.pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--report-format"), "{}", run.stderr);
    assert!(lab.sim.requests().is_empty());
}

#[test]
fn colors_follow_the_flags_and_the_environment() {
    let lab = Lab::new(|_| {});
    let env = healthy_env(&lab, "pat-api-token");
    let api = lab.sim.api_url();
    let git = lab.sim.base_url();
    let run_with = |extra: &[&str], vars: &[(&str, &str)]| {
        let mut args = vec![
            "check",
            "acme/widgets",
            "--api-url",
            &api,
            "--git-url",
            &git,
        ];
        args.extend(extra);
        let mut all = pairs(&env);
        all.extend(vars);
        let run = bbdoctor(&args, &all, None);
        assert_no_secret(&run, &lab.world, &[]);
        run
    };
    // tests/common sets NO_COLOR=1; stdout is a pipe.
    assert!(!run_with(&[], &[]).stdout.contains('\u{1b}'));
    assert!(
        run_with(&["--color", "always"], &[])
            .stdout
            .contains('\u{1b}')
    );
    assert!(
        run_with(&[], &[("CLICOLOR_FORCE", "1")])
            .stdout
            .contains('\u{1b}')
    );
    assert!(
        !run_with(&["--no-color"], &[("CLICOLOR_FORCE", "1")])
            .stdout
            .contains('\u{1b}')
    );
    for format in ["json", "markdown", "junit", "jsonl"] {
        let run = run_with(&["--color", "always", "--format", format], &[]);
        assert!(!run.stdout.contains('\u{1b}'), "{format} colored");
    }
    // No progress line when standard error is not a terminal.
    assert_eq!(run_with(&[], &[]).stderr, "");
}

#[test]
fn quiet_prints_only_failures() {
    let lab = Lab::new(|_| {});
    let env = healthy_env(&lab, "pat-api-token");
    let ok = lab.check(
        "acme/widgets",
        &["--quiet", "--format", "text"],
        &pairs(&env),
    );
    assert_eq!((ok.code, ok.stdout.as_str()), (0, ""));
    let bad = bearer_run(&lab, "text", &["--quiet"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stdout.contains("error[api-token-as-bearer]"));
    assert!(!bad.stdout.contains("probes ("), "{}", bad.stdout);
    assert!(!bad.stdout.contains("credential:"), "{}", bad.stdout);
}

#[test]
fn text_fits_80_columns_apart_from_commands_and_urls() {
    let lab = Lab::new(|_| {});
    let run = bearer_run(&lab, "text", &[]);
    for line in run.stdout.lines() {
        let long = line.chars().count() > 80;
        let unbreakable = line.trim_start().starts_with("curl ") || line.contains("://");
        assert!(
            !long || unbreakable,
            "{} columns: {line}",
            line.chars().count()
        );
    }
}

/// The seed post (an API token sent as Bearer, then with no scheme word) and the second seed
/// (lowercase `bearer`), as a support engineer would paste them.
const SEED: &str = "fixtures/reports/dev/seed-private-repo-api-token.txt";
const SEED_2: &str = "fixtures/reports/dev/seed-lowercase-bearer.txt";

#[test]
fn explain_reports_in_every_format_match_their_golden_files() {
    for (format, golden) in [
        ("text", "explain.txt"),
        ("json", "explain.json"),
        ("markdown", "explain.md"),
        ("junit", "explain.xml"),
    ] {
        let run = bbdoctor(&["explain", "--format", format, SEED], &[], None);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert_golden(golden, &run.stdout);
    }
    let doc = decode(&std::fs::read_to_string("tests/golden/explain.json").unwrap());
    assert_eq!(doc.findings[0].id, "api-token-as-bearer");
    assert_eq!(doc.credential.kind, "api-token");

    // Standard input reads the same, without a file name.
    let text = std::fs::read_to_string(SEED).unwrap();
    let stdin = bbdoctor(&["explain", "--format", "json"], &[], Some(&text));
    let from_stdin = decode(&stdin.stdout);
    assert_eq!(from_stdin.file, None);
    let ids = |d: &Document| d.findings.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&from_stdin), ids(&doc));

    let batch = bbdoctor(&["explain", "--format", "jsonl", SEED, SEED_2], &[], None);
    assert_eq!(batch.code, 1, "{}", batch.stderr);
    assert_golden("explain-batch.jsonl", &batch.stdout);
    // On standard output jsonl goes out report by report; a report file is written whole.
    let dir = common::scratch();
    let file = dir.join("batch.jsonl");
    let path = file.to_str().unwrap();
    let whole = bbdoctor(
        &[
            "explain", "--format", "jsonl", "--report", path, SEED, SEED_2,
        ],
        &[],
        None,
    );
    assert_eq!(whole.code, batch.code);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), batch.stdout);
    let docs: Vec<Document> = batch.stdout.lines().map(decode).collect();
    assert_eq!(docs.len(), 2);
    for (doc, (file, root)) in docs
        .iter()
        .zip([(SEED, "api-token-as-bearer"), (SEED_2, "scheme-case")])
    {
        assert_eq!(doc.command, "explain");
        assert_eq!(doc.file.as_deref(), Some(file));
        assert_eq!(doc.findings[0].id, root);
        assert!(doc.probes.is_empty(), "explain sends nothing");
    }
    let junit = bbdoctor(&["explain", "--format", "junit", SEED, SEED_2], &[], None);
    let xml = roxmltree::Document::parse(&junit.stdout).unwrap();
    let suites = xml
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .count();
    assert_eq!(suites, 2, "one test suite per pasted file");
}

#[test]
fn golden_normalisation_is_stable() {
    assert_eq!(
        normalize_ms("404   16 ms\n200    5 ms"),
        "404 N ms\n200 N ms"
    );
    assert_eq!(normalize_ms("| 6 ms |"), "| N ms |");
    assert_eq!(normalize_ms("items"), "items");
    assert_eq!(
        normalize_json_ms("{\"elapsed_ms\": 12, \"elapsed_ms\":7}"),
        "{\"elapsed_ms\": 0, \"elapsed_ms\":0}"
    );
    assert_eq!(
        normalize(
            "http://127.0.0.1:4242/2.0 took 3 ms",
            "http://127.0.0.1:4242"
        ),
        "http://127.0.0.1:PORT/2.0 took N ms"
    );
}

/// A small JSON Schema check: the keywords `docs/bbdoctor-1.schema.json` uses (`type`,
/// `const`, `enum`, `required`, `properties`, `additionalProperties`, `items`, `oneOf`, `$ref`).
fn schema_errors(schema: &Value, root: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return schema_errors(&root["$defs"][name], root, value, at);
    }
    let mut errors = Vec::new();
    if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = alternatives
            .iter()
            .filter(|s| schema_errors(s, root, value, at).is_empty())
            .count();
        if fits != 1 {
            errors.push(format!("{at}: matches {fits} of oneOf"));
        }
    }
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            t => vec![t.as_str().unwrap_or("")],
        };
        let fits = names.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "null" => value.is_null(),
            _ => false,
        });
        if !fits {
            errors.push(format!("{at}: {value} is not {names:?}"));
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        errors.push(format!("{at}: {value} is not {c}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        errors.push(format!("{at}: {value} not in {e:?}"));
    }
    if let Some(obj) = value.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(key.as_str().unwrap_or("")) {
                errors.push(format!("{at}: lacks {key}"));
            }
        }
        for (key, v) in obj {
            match (
                props.and_then(|p| p.get(key)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => errors.extend(schema_errors(s, root, v, &format!("{at}.{key}"))),
                (None, Some(Value::Bool(false))) => {
                    errors.push(format!("{at}: {key} is not in the schema"))
                }
                (None, Some(s)) if s.is_object() => {
                    errors.extend(schema_errors(s, root, v, &format!("{at}.{key}")))
                }
                _ => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            errors.extend(schema_errors(items, root, v, &format!("{at}[{i}]")));
        }
    }
    errors
}

#[test]
fn golden_json_and_the_docs_example_follow_the_schema_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
    let schema: Value = serde_json::from_str(&read("docs/bbdoctor-1.schema.json")).unwrap();
    let mut documents: Vec<(String, Value)> = Vec::new();
    for file in ["check-bearer.json", "explain.json"] {
        let text = read(&format!("tests/golden/{file}"));
        documents.push((file.into(), serde_json::from_str(&text).unwrap()));
    }
    for file in ["check-bearer.jsonl", "explain-batch.jsonl"] {
        for line in read(&format!("tests/golden/{file}")).lines() {
            documents.push((file.into(), serde_json::from_str(line).unwrap()));
        }
    }
    let doc = read("docs/json.md");
    let example = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("docs/json.md has a JSON example");
    documents.push((
        "docs/json.md".into(),
        serde_json::from_str(example).unwrap(),
    ));
    for (name, value) in &documents {
        let errors = schema_errors(&schema, &schema, value, "$");
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
    // The check can fail: a field the schema lacks is caught.
    let mut odd = documents[0].1.clone();
    odd["findings"][0]["extra"] = Value::Bool(true);
    assert!(!schema_errors(&schema, &schema, &odd, "$").is_empty());
}

#[test]
fn a_progress_line_on_a_terminal_s_standard_error() {
    // script(1) gives the run a terminal; standard output goes to a file.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("script(1) is not installed: cannot give the run a terminal");
        return;
    }
    let lab = Lab::new(|_| {});
    let env = healthy_env(&lab, "pat-api-token");
    let dir = common::scratch();
    let out = dir.join("out.json");
    let line = format!(
        "{} check acme/widgets --api-url {} --git-url {} --format json > {}",
        env!("CARGO_BIN_EXE_bbdoctor"),
        lab.sim.api_url(),
        lab.sim.base_url(),
        out.display()
    );
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(&dir);
    let run = common::run_in(cmd, &["-qec", &line, "/dev/null"], &pairs(&env), None);
    assert_no_secret(&run, &lab.world, &[]);
    assert!(
        run.stdout
            .contains("bbdoctor: probing, round 1: repo-anon, repo, user, git"),
        "{:?}",
        run.stdout
    );
    // The line is erased once the report is ready, and stdout got only the report.
    assert!(run.stdout.contains("\r\u{1b}[K"), "{:?}", run.stdout);
    decode(&std::fs::read_to_string(&out).unwrap());
}

/// The answer a person acts on fits where they look (issue 15): a healthy check in about ten
/// lines, the README's own first example (the secret given with -u) two more for its note, a
/// failing check within a screen; the verdict is the first line, and the probes wait for -v.
#[test]
fn text_answers_keep_to_their_line_budgets() {
    let lab = Lab::new(|_| {});
    let env = healthy_env(&lab, "pat-api-token");
    let healthy = lab.check("acme/widgets", &["--format", "text"], &pairs(&env));
    assert_eq!(healthy.code, 0, "{}", healthy.stderr);
    let lines = healthy.stdout.lines().count();
    assert!(lines <= 10, "{lines} lines:\n{}", healthy.stdout);
    assert!(
        healthy
            .stdout
            .starts_with("✓ acme/widgets: the credential works\n")
    );
    assert!(healthy.stdout.contains("git over HTTPS: works"));

    let user = format!("{PAT}:{}", lab.secret("pat-api-token"));
    let readme = lab.check("acme/widgets", &["-u", &user, "--format", "text"], &[]);
    assert_eq!(readme.code, 0, "{}", readme.stderr);
    let lines = readme.stdout.lines().count();
    assert!(lines <= 12, "{lines} lines:\n{}", readme.stdout);
    let note: Vec<&str> = readme
        .stdout
        .lines()
        .filter(|l| l.contains("secret-in-arguments") || l.contains("`ps`"))
        .collect();
    assert!(!note.is_empty() && note.len() <= 2, "{}", readme.stdout);
    assert!(!readme.stdout.contains("warning[secret-in-arguments]"));

    let bad = bearer_run(&lab, "text", &[]);
    let lines = bad.stdout.lines().count();
    assert!(lines <= 24, "{lines} lines:\n{}", bad.stdout);
    assert!(
        bad.stdout
            .starts_with("✗ acme/widgets: API token sent as Bearer → use Basic with your email\n"),
        "{}",
        bad.stdout
    );
    assert!(!bad.stdout.contains("probes ("), "{}", bad.stdout);
    assert!(
        bad.stdout
            .contains("-u you@example.com   # then check again")
    );

    let verbose = bearer_run(&lab, "text", &["-v"]);
    assert!(
        verbose.stdout.contains("probes (5 requests)"),
        "{}",
        verbose.stdout
    );
    assert!(verbose.stdout.contains("warning[secret-in-arguments]"));
    assert!(verbose.stdout.contains("API tokens go in HTTP Basic auth"));
}

/// One cause is one finding on screen: `anonymous-request` restates `missing-auth-scheme`'s
/// cause and is folded into it (JSON keeps both, for scripts).
#[test]
fn a_finding_that_restates_another_is_folded_into_it() {
    let lab = Lab::new(|_| {});
    let header = format!("Authorization: {}", lab.secret("pat-api-token"));
    let run = lab.check("acme/widgets", &["-H", &header, "--format", "text"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("error[missing-auth-scheme]"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("error[anonymous-request]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(anonymous-request)"), "{}", run.stdout);
    let json = lab.check("acme/widgets", &["-H", &header], &[]);
    assert!(json.ids().contains(&"anonymous-request".to_string()));
}

/// The seed forum answers can be posted as they are (issue 15): under 25 lines, the cause and
/// its fix first, no HTML, every link one a reader can open, no path inside the repository.
#[test]
fn the_seed_forum_answers_are_short_and_postable() {
    for (seed, first) in [
        (
            SEED,
            "**✗ API token sent as Bearer → use Basic with your email**",
        ),
        (
            SEED_2,
            "**✗ the scheme word is misspelt → write Bearer or Basic**",
        ),
    ] {
        let run = bbdoctor(&["explain", "--format", "markdown", seed], &[], None);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let text = &run.stdout;
        let lines = text.lines().count();
        assert!(lines < 25, "{seed}: {lines} lines\n{text}");
        assert_eq!(text.lines().next(), Some(first), "{text}");
        assert!(text.contains("**Fix**"), "{text}");
        assert!(text.contains("```sh\ncurl "), "{text}");
        for html in ["<details", "<summary", "<sub>", "</"] {
            assert!(!text.contains(html), "{seed}: HTML {html}\n{text}");
        }
        assert!(!text.contains("fixtures/"), "{text}");
        assert!(
            !text.contains("docs/findings/") || text.contains("https://"),
            "{text}"
        );
        for url in text
            .split(['(', ' ', '<', '>'])
            .filter(|w| w.starts_with("http"))
        {
            assert!(url.starts_with("https://"), "{url}");
        }
    }
}

/// A leaked token leads the forum answer: the first thing a helper must say.
#[test]
fn a_leaked_token_is_the_first_thing_the_forum_answer_says() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.txt");
    let token = bbdoctor::sim::mint::mint_token(bbdoctor::sim::mint::API_TOKEN_PREFIX, "leak");
    std::fs::write(
        &post,
        format!(
            "curl -u dev@litware.com:{token} https://api.bitbucket.org/2.0/repositories/litware/site\n\
             Login failed due to incorrect login credentials or method.\n"
        ),
    )
    .unwrap();
    let run = bbdoctor(
        &["explain", "--format", "markdown", post.to_str().unwrap()],
        &[],
        None,
    );
    assert!(
        !run.stdout.contains(&token),
        "the secret itself never appears"
    );
    let body: Vec<&str> = run.stdout.lines().filter(|l| !l.is_empty()).collect();
    assert!(body[1].starts_with("> **Revoke `ATATT"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("https://id.atlassian.com/manage-profile/security/api-tokens")
    );
}

/// Each fix says how sure it is, in JSON too: ready to run, or placeholders to fill in first.
#[test]
fn json_fixes_say_how_sure_they_are() {
    let lab = Lab::new(|_| {});
    let doc = decode(&bearer_run(&lab, "json", &[]).stdout);
    assert_eq!(doc.findings[0].applicability.as_deref(), Some("ready"));
    let seed = decode(&bbdoctor(&["explain", "--format", "json", SEED], &[], None).stdout);
    let root = &seed.findings[0];
    assert!(root.command.as_deref().unwrap().contains("{workspace}"));
    assert_eq!(root.applicability.as_deref(), Some("placeholders"));
}

/// In the user's own terminal a check shows their login as typed, so a typo in the email can
/// be seen (ux-findings #5a); piped, in a file, in JSON or Markdown it stays masked.
#[test]
fn the_users_own_login_is_shown_in_their_terminal_only() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("script(1) is not installed: cannot give the run a terminal");
        return;
    }
    let lab = Lab::new(|_| {});
    let env = vec![
        ("BITBUCKET_EMAIL".to_string(), "pta@example.com".to_string()),
        (
            "BITBUCKET_API_TOKEN".to_string(),
            lab.secret("pat-api-token"),
        ),
    ];
    let line = format!(
        "{} check acme/widgets --api-url {} --git-url {}",
        env!("CARGO_BIN_EXE_bbdoctor"),
        lab.sim.api_url(),
        lab.sim.base_url(),
    );
    let dir = common::scratch();
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(&dir);
    let run = common::run_in(cmd, &["-qec", &line, "/dev/null"], &pairs(&env), None);
    assert_no_secret(&run, &lab.world, &[]);
    assert!(
        run.stdout.contains("Basic pta@example.com:ATATT…"),
        "{}",
        run.stdout
    );
    let piped = lab.check("acme/widgets", &["--format", "text"], &pairs(&env));
    assert!(
        piped.stdout.contains("p***@example.com"),
        "{}",
        piped.stdout
    );
    assert!(
        !piped.stdout.contains("pta@example.com"),
        "{}",
        piped.stdout
    );
}
