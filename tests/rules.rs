//! The catalog's examples, beside each rule (ShellCheck's cdPositive/cdNegative, semgrep's
//! ruleid/ok/todoruleid): `fixtures/rules/<id>/fires/*.txt` must name the finding (an error
//! rule as the root cause), `quiet/*.txt` must not name it at all, and `todo/*.txt` are known
//! misses that must still miss. Every catalog id has at least two of each, or, for a rule only
//! `check` can produce, a README naming the integration tests that cover it. All examples go
//! through the real binary in one `explain --format jsonl` run; every problem is reported at
//! once. The layout and the header lines are described in `fixtures/rules/README.md`.

mod common;

use bbdoctor::rules::{CATALOG, Rule, Severity};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the examples live.
fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

/// The folders of one rule's examples, and what each asks of the finding.
const FOLDERS: [&str; 3] = ["fires", "quiet", "todo"];

/// At least this many `fires` and `quiet` examples per rule `explain` can produce.
const LEAST: usize = 2;

/// A stand-in for a secret whose checksum holds, and what builds it.
type Marker = (&'static str, fn() -> String);

/// Stand-ins for secrets whose checksum holds: built here, never stored (a file holding one
/// would be a leak to every scanner that reads the repository).
const MARKERS: [Marker; 3] = [
    ("@@VALID_API_TOKEN@@", || token("ATATT3xFfGF0")),
    ("@@VALID_ACCESS_TOKEN@@", || token("ATCTT3xFfGN0")),
    ("@@VALID_APP_PASSWORD@@", app_password),
];

/// A 192-character token of this prefix whose CRC32 suffix holds: `=` at index 183, then the
/// uppercase hex CRC32 of the first 184 characters (fact sheet §3.2). Not a live secret.
fn token(prefix: &str) -> String {
    let filler = "q7Rm2Xw9Lk4Tz8Vb3Nc6".repeat(10);
    let body = format!("{prefix}{}=", &filler[..183 - prefix.len()]);
    format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
}

/// A 36-character app password whose CRC32 suffix holds: `ATBB`, 24 letters and digits, then
/// the uppercase hex CRC32 of the first 28 characters (fact sheet §3.2).
fn app_password() -> String {
    let body = "ATBBk3Jd9Qw2Lm5Xz7Rtk3Jd9Qw2";
    format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
}

/// One example file, read.
struct Example {
    rule: &'static Rule,
    /// `fires`, `quiet` or `todo`.
    folder: &'static str,
    /// `fixtures/rules/<id>/<folder>/<name>`, for messages.
    shown: String,
    header: Header,
    /// The text `explain` reads: the file less its header, markers replaced.
    text: String,
}

/// The header lines an example may start with (`# expect:`, `# why:`, `# want:`, continued by
/// `#` lines), up to the first blank line.
#[derive(Default)]
struct Header {
    /// `# expect: inconclusive`: the support is only stated, so the verdict is inconclusive and
    /// the id leads the candidates.
    inconclusive: bool,
    /// `# why: …`: what should happen and the fact behind it (required in `todo/`).
    why: Option<String>,
    /// `# want: quiet` (todo only): the known miss is a finding that should not appear;
    /// by default a todo wants to fire.
    want_quiet: bool,
}

const KEYS: [&str; 3] = ["expect", "why", "want"];

/// Split a file into its header and the text to explain; problems are sentences.
fn split_header(raw: &str, shown: &str, problems: &mut Vec<String>) -> (Header, String) {
    let mut header = Header::default();
    let key_of = |line: &str| {
        let rest = line.strip_prefix("# ")?;
        KEYS.iter()
            .find(|k| rest.starts_with(&format!("{k}:")))
            .map(|k| (*k, rest[k.len() + 1..].trim().to_string()))
    };
    let mut lines = raw.lines().peekable();
    if lines.peek().and_then(|l| key_of(l)).is_none() {
        return (header, raw.to_string());
    }
    let mut current: Option<(&str, String)> = None;
    let mut fields: Vec<(&str, String)> = Vec::new();
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            break;
        }
        if let Some((key, value)) = key_of(line) {
            fields.extend(current.take());
            current = Some((key, value));
        } else if let (Some((_, value)), Some(more)) = (current.as_mut(), line.strip_prefix('#')) {
            value.push(' ');
            value.push_str(more.trim());
        } else {
            problems.push(format!(
                "{shown}: header line {line:?} is neither `# key: …` nor a `#` continuation; \
                 end the header with a blank line"
            ));
        }
    }
    fields.extend(current);
    for (key, value) in fields {
        match (key, value.as_str()) {
            ("expect", "inconclusive") => header.inconclusive = true,
            ("expect", other) => problems.push(format!(
                "{shown}: `# expect: {other}`: the only expectation a header states is `inconclusive`"
            )),
            ("why", "") => problems.push(format!("{shown}: `# why:` is empty")),
            ("why", why) => header.why = Some(why.to_string()),
            ("want", "quiet") => header.want_quiet = true,
            ("want", "fires") => header.want_quiet = false,
            (_, other) => problems.push(format!(
                "{shown}: `# want: {other}`: a todo wants `fires` or `quiet`"
            )),
        }
    }
    let text: Vec<&str> = lines.collect();
    (header, text.join("\n") + "\n")
}

/// The files of a folder, sorted; a missing folder has none.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// A rule only `check` produces documents which integration tests cover it: each line that
/// names `tests/<file>.rs` and then test functions in backticks. Every file must exist, every
/// function be in it, and the file mention the rule's id.
fn covering_tests(rule: &Rule, readme: &str, problems: &mut Vec<String>) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut named = 0;
    for line in readme.lines() {
        let quoted: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        let Some(file) = quoted
            .iter()
            .find(|q| q.starts_with("tests/") && q.ends_with(".rs"))
        else {
            continue;
        };
        let Ok(source) = std::fs::read_to_string(root.join(file)) else {
            problems.push(format!(
                "fixtures/rules/{}/README.md names {file}, which does not exist",
                rule.id
            ));
            continue;
        };
        if !source.contains(&format!("\"{}\"", rule.id)) {
            problems.push(format!(
                "fixtures/rules/{}/README.md names {file}, which never mentions \"{}\"",
                rule.id, rule.id
            ));
        }
        let functions = quoted
            .iter()
            .filter(|q| q.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        for f in functions {
            if source.contains(&format!("fn {f}(")) {
                named += 1;
            } else {
                problems.push(format!(
                    "fixtures/rules/{}/README.md names {f} in {file}, which has no such function",
                    rule.id
                ));
            }
        }
    }
    named
}

/// Read every rule's folder: the examples, and the problems of the layout itself.
fn read_examples(problems: &mut Vec<String>) -> Vec<Example> {
    let dir = rules_dir();
    for path in files_in(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let known = CATALOG.iter().any(|r| r.id == name);
        if !((known && path.is_dir()) || name == "README.md") {
            problems.push(format!(
                "fixtures/rules/{name}: not a catalog id's folder (renamed or removed rule?)"
            ));
        }
    }
    let mut examples = Vec::new();
    for rule in CATALOG {
        let here = dir.join(rule.id);
        for path in files_in(&here) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let expected =
                (FOLDERS.contains(&name.as_str()) && path.is_dir()) || name == "README.md";
            if !expected {
                problems.push(format!(
                    "fixtures/rules/{}/{name}: only fires/, quiet/, todo/ and README.md belong here",
                    rule.id
                ));
            }
        }
        let mut count = HashMap::new();
        for folder in FOLDERS {
            for path in files_in(&here.join(folder)) {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let shown = format!("fixtures/rules/{}/{folder}/{name}", rule.id);
                if !name.ends_with(".txt") || !path.is_file() {
                    problems.push(format!("{shown}: examples are .txt files"));
                    continue;
                }
                let raw = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {shown}: {e}"));
                let leaked = bbdoctor::credential::valid_tokens(&raw);
                if !leaked.is_empty() {
                    problems.push(format!(
                        "{shown}: holds a token whose checksum holds ({}); write a marker such \
                         as @@VALID_API_TOKEN@@ instead",
                        leaked[0].1
                    ));
                }
                let (header, mut text) = split_header(&raw, &shown, problems);
                if folder == "todo" && header.why.is_none() {
                    problems.push(format!(
                        "{shown}: a todo starts with `# why: …` (what should happen, and the fact \
                         behind it)"
                    ));
                }
                if folder != "todo" && header.want_quiet {
                    problems.push(format!("{shown}: `# want:` belongs to todo/ only"));
                }
                if folder == "quiet" && header.inconclusive {
                    problems.push(format!("{shown}: `# expect:` means nothing in quiet/"));
                }
                if text.trim().is_empty() {
                    problems.push(format!("{shown}: nothing to explain after the header"));
                    continue;
                }
                for (marker, make) in MARKERS {
                    text = text.replace(marker, &make());
                }
                *count.entry(folder).or_insert(0) += 1;
                examples.push(Example {
                    rule,
                    folder,
                    shown,
                    header,
                    text,
                });
            }
        }
        let fires = count.get("fires").copied().unwrap_or(0);
        let quiet = count.get("quiet").copied().unwrap_or(0);
        if fires >= LEAST && quiet >= LEAST {
            continue;
        }
        match std::fs::read_to_string(here.join("README.md")) {
            Ok(readme) if covering_tests(rule, &readme, problems) > 0 => {}
            Ok(_) => problems.push(format!(
                "fixtures/rules/{}/README.md: name the tests that cover it, as `tests/<file>.rs`: \
                 `test_function`",
                rule.id
            )),
            Err(_) => problems.push(format!(
                "{}: {fires} fires/ and {quiet} quiet/ examples; give it at least {LEAST} of each \
                 in fixtures/rules/{}/, or, if only `check` can produce it, a README.md there \
                 naming the integration tests that cover it",
                rule.id, rule.id
            )),
        }
    }
    examples
}

/// What explain said of one example.
struct Said {
    verdict: String,
    /// (id, severity) in report order.
    findings: Vec<(String, String)>,
    candidates: Vec<String>,
}

impl Said {
    fn names(&self, id: &str) -> bool {
        self.findings.iter().any(|(i, _)| i == id)
    }

    /// Whether the example shows the rule as it should fire.
    fn fires(&self, rule: &Rule, inconclusive: bool) -> bool {
        // An inconclusive error need not be a finding: leading the candidates is the answer
        // (an SSH transcript's open causes are candidates only).
        if inconclusive {
            let leads = match rule.severity {
                Severity::Error => self.candidates.first().is_some_and(|c| c == rule.id),
                _ => self.names(rule.id),
            };
            return self.verdict == "inconclusive" && leads;
        }
        if !self.names(rule.id) {
            return false;
        }
        if rule.severity != Severity::Error {
            return true;
        }
        let root = self.findings.iter().find(|(_, s)| s == "error");
        let verdict = if rule.unreachable {
            "unreachable"
        } else {
            "problems"
        };
        root.is_some_and(|(id, _)| id == rule.id) && self.verdict == verdict
    }

    fn summary(&self) -> String {
        let ids: Vec<String> = self
            .findings
            .iter()
            .map(|(id, s)| format!("{id} ({s})"))
            .collect();
        let mut out = format!("verdict {}, findings [{}]", self.verdict, ids.join(", "));
        if !self.candidates.is_empty() {
            out.push_str(&format!(", candidates {:?}", self.candidates));
        }
        out
    }
}

/// Run explain once over every example, each written to a scratch copy at the same relative
/// path: what it said, per example.
fn explain_all(examples: &[Example]) -> Vec<Said> {
    let scratch = common::scratch();
    let paths: Vec<String> = examples
        .iter()
        .map(|ex| {
            let relative = ex.shown.trim_start_matches("fixtures/rules/");
            let path = scratch.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &ex.text).unwrap();
            path.to_string_lossy().into_owned()
        })
        .collect();
    let mut args = vec!["explain", "--format", "jsonl"];
    args.extend(paths.iter().map(String::as_str));
    let run = common::bbdoctor(&args, &[], None);
    assert!(
        matches!(run.code, 0 | 1 | 3 | 4),
        "explain failed (exit {}): {}",
        run.code,
        run.stderr
    );
    let mut by_file: HashMap<String, Said> = run
        .stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).expect("a JSON document a line");
            let strings = |v: &Value| -> Vec<String> {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            };
            let said = Said {
                verdict: doc["verdict"].as_str().unwrap_or_default().to_string(),
                findings: doc["findings"]
                    .as_array()
                    .expect("findings")
                    .iter()
                    .map(|f| {
                        let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                        (text("id"), text("severity"))
                    })
                    .collect(),
                candidates: strings(&doc["candidates"]),
            };
            (doc["file"].as_str().unwrap().to_string(), said)
        })
        .collect();
    paths
        .iter()
        .map(|p| {
            by_file
                .remove(p)
                .unwrap_or_else(|| panic!("explain printed no document for {p}"))
        })
        .collect()
}

#[test]
fn every_rule_fires_on_its_examples_and_stays_quiet_on_its_near_misses() {
    let mut problems = Vec::new();
    let examples = read_examples(&mut problems);
    let said = explain_all(&examples);
    let mut tally: Vec<(&str, [usize; 3])> = CATALOG.iter().map(|r| (r.id, [0; 3])).collect();
    for (ex, said) in examples.iter().zip(&said) {
        let fires = said.fires(ex.rule, ex.header.inconclusive);
        let quiet = !said.names(ex.rule.id);
        let slot = FOLDERS.iter().position(|f| *f == ex.folder).unwrap();
        let row = tally.iter_mut().find(|(id, _)| *id == ex.rule.id).unwrap();
        row.1[slot] += 1;
        let as_fires = match ex.header.inconclusive {
            true => format!(
                "verdict inconclusive with {} first among the candidates",
                ex.rule.id
            ),
            false if ex.rule.severity != Severity::Error => format!("{} named", ex.rule.id),
            false if ex.rule.unreachable => {
                format!("{} as the root cause, verdict unreachable", ex.rule.id)
            }
            false => format!("{} as the root cause, verdict problems", ex.rule.id),
        };
        match ex.folder {
            "fires" if !fires => problems.push(format!(
                "{}: expected {as_fires}; got {}",
                ex.shown,
                said.summary()
            )),
            "quiet" if !quiet => problems.push(format!(
                "{}: expected no {}; got {}",
                ex.shown,
                ex.rule.id,
                said.summary()
            )),
            "todo" if ex.header.want_quiet && quiet => problems.push(format!(
                "{}: now passes (no {}): move it to quiet/",
                ex.shown, ex.rule.id
            )),
            "todo" if !ex.header.want_quiet && fires => problems.push(format!(
                "{}: now passes ({as_fires}): move it to fires/",
                ex.shown
            )),
            _ => {}
        }
    }
    for (id, [fires, quiet, todo]) in &tally {
        println!("{id}: {fires} fires, {quiet} quiet, {todo} todo");
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) with the catalog's examples (fixtures/rules/README.md):\n  - {}",
        problems.len(),
        problems.join("\n  - ")
    );
}

#[test]
fn the_markers_build_tokens_whose_checksum_holds() {
    for (marker, make) in MARKERS {
        let secret = make();
        let found = bbdoctor::credential::valid_tokens(&format!("x {secret} y"));
        assert_eq!(found.len(), 1, "{marker} builds no valid token: {secret}");
    }
}

#[test]
fn a_header_is_read_and_cut_off() {
    let mut problems = Vec::new();
    let raw = "# expect: inconclusive\n# why: the post says so,\n#   in two lines\n\nHTTP/2 401\n";
    let (header, text) = split_header(raw, "x", &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(header.inconclusive && !header.want_quiet);
    assert_eq!(
        header.why.as_deref(),
        Some("the post says so, in two lines")
    );
    assert_eq!(text, "HTTP/2 401\n");
    // A paste that starts with a shell comment has no header.
    let raw = "# the token came from the vault\ncurl -u …\n";
    let (header, text) = split_header(raw, "x", &mut problems);
    assert!(header.why.is_none() && text == raw);
    split_header("# want: maybe\n\nx\n", "x", &mut problems);
    assert_eq!(problems.len(), 1, "{problems:?}");
}
