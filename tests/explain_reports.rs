//! `bbdoctor explain` scored on the corpus of real reports (`fixtures/reports/`), split by
//! source into `dev/` (rules are written from it) and `test/` (only ever scored). For each
//! split: precision (the right root cause among the reports it answers), coverage (answered
//! among the reports whose text shows the cause) and the rate of confident wrong answers, per
//! cause and per input kind, printed (`cargo test --test explain_reports -- --nocapture`) and held
//! to a bar. On dev, each report must also be answered right, abstained on, or listed as a known
//! miss with its reason. Also: the seeds, how people paste, explain sends nothing.

mod common;

use common::{Lab, bbdoctor};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// What explain said of one report.
struct Said {
    verdict: String,
    /// The root cause, when the verdict names one (`problems` or `unreachable`).
    root: Option<String>,
    ids: Vec<String>,
    /// The causes an `inconclusive` verdict says could be it, the best supported first.
    candidates: Vec<String>,
}

/// One report of the corpus and its label.
struct Labelled {
    file: String,
    expected: Option<String>,
    /// Other root causes as right as `expected` (two faults shown at once).
    accept: Vec<String>,
    shows_cause: bool,
    input_kind: String,
    known_miss: bool,
    /// When the post was written (`YYYY-MM` or `YYYY-MM-DD`), as its thread shows it: a
    /// support engineer sees that beside the text.
    date: Option<String>,
}

fn manifest(split: &str) -> Vec<Labelled> {
    let path = format!("fixtures/reports/{split}/reports.json");
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    rows.iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().map(String::from);
            Labelled {
                file: format!("fixtures/reports/{split}/{}", text("file").unwrap()),
                expected: text("expected"),
                accept: r["accept"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                shows_cause: r["shows_cause"].as_bool().unwrap_or(true),
                input_kind: text("input_kind").unwrap_or_else(|| "prose".into()),
                known_miss: r.get("known_miss").is_some(),
                // A year alone does not place a post against a change in that year.
                date: text("date").filter(|d| d.len() >= 7),
            }
        })
        .collect()
}

/// Explain the reports as written on their dates: one batch run of the real binary per date.
fn explain_dated(reports: &[Labelled]) -> HashMap<String, Said> {
    let mut by_date: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
    for r in reports {
        by_date
            .entry(r.date.as_deref())
            .or_default()
            .push(r.file.clone());
    }
    by_date
        .into_iter()
        .flat_map(|(date, files)| explain_all(&files, date))
        .collect()
}

/// Explain every file in one batch run of the real binary.
fn explain_all(files: &[String], date: Option<&str>) -> HashMap<String, Said> {
    let mut args = vec!["explain", "--format", "jsonl"];
    if let Some(d) = date {
        args.extend(["--date", d]);
    }
    args.extend(files.iter().map(String::as_str));
    let run = bbdoctor(&args, &[], None);
    assert!(matches!(run.code, 0 | 1 | 3 | 4), "{}", run.stderr);
    run.stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            let verdict = doc["verdict"].as_str().unwrap().to_string();
            let ids: Vec<String> = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap().to_string())
                .collect();
            let root = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["severity"] == "error")
                .and_then(|f| f["id"].as_str())
                .filter(|_| matches!(verdict.as_str(), "problems" | "unreachable"))
                .map(String::from);
            let candidates = doc["candidates"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .filter_map(|id| id.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let said = Said {
                verdict,
                root,
                ids,
                candidates,
            };
            (doc["file"].as_str().unwrap().to_string(), said)
        })
        .collect()
}

/// Counts for a set of reports.
#[derive(Default, Clone, Copy)]
struct Tally {
    reports: usize,
    answered: usize,
    right: usize,
    wrong: usize,
    /// Reports whose text shows the cause, and how many of them were answered.
    showing: usize,
    showing_answered: usize,
    /// Of those showing the cause, how many it abstained on, and in how many of those the
    /// right cause came first among the candidates, or among them at all: how far an honest
    /// `inconclusive` points its reader.
    abstained: usize,
    first_candidate: usize,
    listed: usize,
    /// Of those abstentions, how many named no candidate at all (the text held nothing the
    /// readers could judge, or only what fits no cause of bbdoctor's).
    no_candidate: usize,
}

impl Tally {
    fn add(&mut self, r: &Labelled, s: &Said) {
        self.reports += 1;
        // A report whose cause is none of bbdoctor's has nothing to cover: any answer to it is
        // wrong, so it counts in the wrong answers, not in coverage (until 2026-12-06 it was
        // in coverage's denominator, and a wrong answer to it in the numerator).
        let showing = r.shows_cause && r.expected.is_some();
        self.showing += usize::from(showing);
        if showing && s.verdict == "inconclusive" {
            self.abstained += 1;
            let is_right = |c: &String| right(r, c);
            self.first_candidate += usize::from(s.candidates.first().is_some_and(is_right));
            self.listed += usize::from(s.candidates.iter().any(is_right));
            self.no_candidate += usize::from(s.candidates.is_empty());
        }
        if let Some(root) = &s.root {
            self.answered += 1;
            self.showing_answered += usize::from(showing);
            match right(r, root) {
                true => self.right += 1,
                false => self.wrong += 1,
            }
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.right, self.answered)
    }

    fn coverage(&self) -> f64 {
        ratio(self.showing_answered, self.showing)
    }

    fn wrong_rate(&self) -> f64 {
        ratio(self.wrong, self.reports)
    }

    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} ({:.0}%) | {} ({:.0}%) | {}/{} ({:.0}%) |",
            self.reports,
            self.answered,
            self.right,
            100.0 * self.precision(),
            self.wrong,
            100.0 * self.wrong_rate(),
            self.showing_answered,
            self.showing,
            100.0 * self.coverage(),
        )
    }
}

impl Tally {
    /// Where the abstentions point, as one line for the log.
    fn abstentions(&self) -> String {
        format!(
            "abstained on {} of the {} reports that show their cause; the right cause first \
             among the candidates in {} ({:.0}%), among them in {} ({:.0}%); no candidate in {}",
            self.abstained,
            self.showing,
            self.first_candidate,
            100.0 * ratio(self.first_candidate, self.abstained),
            self.listed,
            100.0 * ratio(self.listed, self.abstained),
            self.no_candidate,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Whether a named root cause is the report's settled one.
fn right(r: &Labelled, root: &str) -> bool {
    r.expected.as_deref() == Some(root) || r.accept.iter().any(|a| a == root)
}

/// Score one split: the tally, the tables, and each report's outcome.
fn score(split: &str) -> (Tally, String, Vec<(Labelled, Said)>) {
    let reports = manifest(split);
    let mut said = explain_dated(&reports);
    let mut all = Tally::default();
    let mut by_cause: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut out = Vec::new();
    for r in reports {
        let s = said.remove(&r.file).expect("one report per file");
        all.add(&r, &s);
        let cause = r
            .expected
            .clone()
            .unwrap_or_else(|| "(none of ours)".into());
        by_cause.entry(cause).or_default().add(&r, &s);
        by_kind.entry(r.input_kind.clone()).or_default().add(&r, &s);
        out.push((r, s));
    }
    let head = "| | reports | answered | right (of answered) | confidently wrong (of all) | coverage (answered of those showing the cause) |\n|---|---|---|---|---|---|";
    let mut table = format!(
        "explain on {split}/:\n\n{head}\n{}\n\n{}\n\nby cause:\n\n{head}\n",
        all.row("all"),
        all.abstentions()
    );
    for (cause, t) in &by_cause {
        table.push_str(&t.row(cause));
        table.push('\n');
    }
    table.push_str(&format!("\nby input kind:\n\n{head}\n"));
    for (kind, t) in &by_kind {
        table.push_str(&t.row(kind));
        table.push('\n');
    }
    table.push_str("\nabstentions on reports that show their cause, by input kind (abstained / right cause first / among the candidates / no candidate):\n\n");
    for (kind, t) in by_kind.iter().filter(|(_, t)| t.abstained > 0) {
        table.push_str(&format!(
            "- {kind}: {} / {} / {} / {}\n",
            t.abstained, t.first_candidate, t.listed, t.no_candidate
        ));
    }
    (all, table, out)
}

/// A floor and a ceiling a split's figures must hold.
struct Bar {
    precision: f64,
    coverage: f64,
    wrong: f64,
}

/// The goal (the explain issue's "done when"): right for at least 85 % of what it answers,
/// coverage at least 75 %, confidently wrong for at most 5 %. Printed beside the figures.
const GOAL: Bar = Bar {
    precision: 0.85,
    coverage: 0.75,
    wrong: 0.05,
};

/// What each split has reached and must keep (a ratchet: raise it as the figures rise, never
/// lower it to pass).
const REACHED_DEV: Bar = Bar {
    precision: 0.97,
    // Since a stated cause abstains whenever Bitbucket's answer fits another (design.md §1),
    // coverage traded for precision: 59% -> 50%, wrong 1 -> 0. 54% on 2026-12-05 (a key
    // ssh could not load, a redirect loop with the website as the API base). Grown from 140 to
    // 145 reports on 2026-12-05 (5 collected that day; one answered): 56/105, 53%. A 5xx or
    // 429 told without its URL or body is no longer Bitbucket's for sure (a proxy's, the tool's
    // own): one tool's "Cannot download Bitbucket repository contents: BadGateway" abstains,
    // 55/105, 52%. Grown to 150 with 5 collected on 2026-12-05 afternoon (none answered):
    // 55/106, 51.9%. Grown to 157 with 7 collected on the evening of 2026-12-05 (near misses;
    // one answered, right): 56/109, 51.4%. Grown to 160 with 3 collected on 2026-12-05 night
    // (two near misses, one host-key failure, answered right): 56/110, 50.9%. Grown to 165
    // with 5 collected on 2026-12-06 (58/113, one near miss answered wrong: a clone URL with
    // its scheme twice read as Bitbucket unreachable, which now abstains). A cause only told
    // no longer concludes beside a call that worked (the failure it explains must be shown;
    // red team s27 F3): one report whose told cause was right abstains, 56/113, 49.6%.
    // Grown to 169 with 4 more collected that day (near misses, none answered). Coverage now
    // counts only reports whose cause is one of bbdoctor's (one whose cause is none of ours has
    // nothing to cover): 55/103, 53.4%.
    // Grown to 173 with 4 collected on 2026-12-06, second session (52.4%); API 1.0's error
    // body without its request now concludes: 56/105, 53.3%. Grown to 174 with one blog post
    // whose later bare `Authentication failed` overruled Bitbucket's 410 before it; a later
    // telling with less no longer does: 57/106, 53.8%. Grown to 181 with 7 collected on
    // 2026-12-06 (third session; one answered, rightly): 58/109, 53.2%. Grown to 182 with one
    // collected in the fourth session (client code cloning without a credential; not
    // answered): 58/110, 52.7%. Grown to 187 with 5 collected on 2026-12-06 (fifth session):
    // 59/113, 52.2%; a status an announcement foretells ("requests will fail with an HTTP 401")
    // is no one's answer, and the app password's 410 it stood beside concludes: 60/113, 53.1%.
    // A changelog id named in prose ("Does CHANGE-3222 affect us?", a link to the changelog)
    // is a mention, only stated, not Bitbucket's answer (red team s36): four reports whose
    // only sign of the cause was the id in a link or a sentence now abstain, the right cause
    // first among the candidates: 56/113, 49.6%.
    // Grown to 188 with one collected on 2026-12-06 (seventh session; prose, not answered):
    // 56/114, 49.1%. Grown to 191 with 3 collected on 2026-12-06 (eighth session; a near
    // miss, a tool that cannot prompt, a scope told in prose; none answered): 56/115, 48.7%.
    // Grown to 193 with 2 collected on 2026-12-07 (ninth session): a near miss (a VS Code
    // extension's own regression after a call to the API host's internal API, which was read
    // as a wrong base URL, and a browser's `(anonymous)` stack frame as a call without a
    // credential; both mended, it abstains) and an app password's deprecation banner on a push
    // that worked (not answered): 56/116, 48.3%. Grown to 197 with 4 collected in the tenth
    // session (a tool's regression, a near miss, two told in prose; none answered): 56/118,
    // 47.5%. Grown to 203 with 6 collected in the eleventh session (GitHub issues: three near
    // misses, and a rate limit, an expiring token and git's username told in prose; none
    // answered): 56/121, 46.3%. Grown to 208 with 5 collected in the twelfth session (GitHub
    // issues: two near misses, an ssh key told in prose; GitHub Desktop's clone refused with
    // `remote: Invalid credentials` and a workspace token sent as Basic told in prose, both
    // abstaining with the right cause first): 56/123, 45.5%. Grown to 218 with 10 collected in
    // the thirteenth session (GitHub issues and a vendor's knowledge base: two expiring OAuth
    // tokens and a query-string token told in prose, an app password with an email behind a
    // placeholder, none answered; six near misses, all abstaining): 44.1%.
    coverage: 0.44,
    wrong: 0.01,
};
const REACHED_TEST: Bar = Bar {
    // 122 reports. A stated cause abstains whenever Bitbucket's answer fits another (design.md
    // §1): 27/37 right with 10 wrong became 24/30 right with 6 wrong; coverage 42% -> 35%.
    // Grown to 142 with 20 reports collected on 2026-12-04, after the day's rules were written
    // (no rule changed since with them in view): 26/33 right, 7 wrong, coverage 32%; on the
    // first 122 the figures stand as before. The bar follows the set, not a regression.
    // Grown to 152 with 10 more collected late on 2026-12-04 (none answered): 26/33 right,
    // 7 wrong, coverage 30.6%.
    // Grown to 157 with 5 collected on 2026-12-05 (tool logs; no rule changed with them in
    // view): 28/36 right, 8 wrong (5.1%), coverage 31.8%.
    // Grown to 168 with 11 collected in the next session (near misses, client code and configs;
    // scored once, no rule changed with them in view): 28/37 right, 9 wrong (5.4%), coverage
    // 31.2%. A 5xx or 429 told without its URL or body is no longer Bitbucket's for sure
    // (measured once after): 26/34 right, 8 wrong (4.8%), coverage 30.1%.
    // SSH, from the facts and constructed transcripts (no test report read): a host-key
    // question answered yes, or followed by keys being tried, is an accepted key; a plain
    // `conq: repository access denied.` with one key in view does not tell another account's
    // key from a missing permission, so it abstains. Scored once after: 25/33 right, 8 wrong;
    // the answer lost was on a report whose text, by its label, does not show its cause
    // (coverage unchanged, 28/93).
    // Grown to 174 with 6 collected in the session of 2026-12-05 afternoon (GitHub issues of
    // tools; scored once, no rule changed with them in view): 27/37 right, 10 wrong (5.7%),
    // coverage 31/97 (32.0%).
    // Grown to 185 with 11 collected on the evening of 2026-12-05 (near misses from GitHub
    // issues of tools: proxies, webhooks, wrong remotes, tool bugs; scored once, after the
    // supersession change, no rule changed with them in view): 28/39 right, 11 wrong (5.9%),
    // coverage 32/105 (30.5%). The new wrong answer is again on a report whose cause is none
    // of ours.
    // Grown to 198 with 13 collected on the night of 2026-12-05 (CI logs, tool logs, forum
    // threads; scored once, after the git-refusal change, no rule changed with them in view):
    // 30/42 right, 12 wrong (6.1%), coverage 34/110 (30.9%). The new wrong answer is again on
    // a report whose cause is none of ours (9 of the 12 are).
    // Grown to 206 with 8 collected on 2026-12-06 (GitHub issues of tools, half near misses;
    // scored once, after the session's changes to whose answer a message or status is, no
    // rule changed with them in view): 31/43 right, 12 wrong (5.8%), coverage 35/113 (31.0%).
    // Grown to 210 with 4 more collected that day from CI and tool logs (scored once, after the
    // SSH and Ansible changes): 32/44 right (72.7%), 12 wrong (5.7%). Coverage now counts only
    // reports whose cause is one of bbdoctor's: 33/88 (37.5%).
    // Grown to 226 with 16 collected on 2026-12-06 (second session; GitHub issues and forum
    // threads; scored once, after the change for data a command printed): 32/45 right, 13
    // wrong (5.8%), coverage 34/95. The API 1.0 reports were then labelled alike (every one
    // wrong-api-host with endpoint-removed accepted, as the corpus labels them, whatever the
    // answer): 33/45, 12 wrong. Bitbucket's error body for API 1.0 ("This API is no longer
    // supported" as its detail) names the wrong base without a request (from a dev report):
    // 39/51 right (76.5%), 12 wrong (5.3%), coverage 40/95 (42.1%).
    // Grown to 232 with 6 more collected that session (Stack Overflow mirrors, blogs, Atlassian
    // Community; scored once, after the mask change): 40/52 right (76.9%), 12 wrong (5.2%),
    // coverage 41/97 (42.3%).
    // Grown to 245 with 13 collected on 2026-12-06 (third session: CI logs, non-English posts,
    // tool trackers, 8 of them near misses; scored once, after the speed change, no rule
    // changed with them in view): 40/52 right (76.9%), 12 wrong (4.9%), coverage 41/101
    // (40.6%). None of the 13 answered.
    // Grown to 252 with 7 collected on 2026-12-06 (fourth session: tool trackers and forum
    // threads, 5 of them near misses, two of those Bitbucket Server's; scored once, after the
    // header-variable change, no rule changed with them in view): 40/52 right (76.9%), 12
    // wrong (4.8%), coverage 41/102 (40.2%). None of the 7 answered.
    // Grown to 268 with 16 collected on 2026-12-06 (fifth session: GitHub issues of tools and
    // client libraries, a CI service's tracker, 9 of them near misses; scored once, after the
    // session's red-team changes and the foretold status, no rule changed with them in view):
    // 40/52 right (76.9%), 12 wrong (4.5%), coverage 41/108 (38.0%). None of the 16 answered.
    // After the fifth session's red-team s35 changes (a message a page or a condition holds is
    // only stated, a body a page says an endpoint "will answer", a code call's network failure
    // passed by a later success, an unknown value's base64, the failing line's own Bitbucket
    // host): 39/51 right (76.5%), 12 wrong (4.5%), coverage 40/108 (37.0%): one right answer
    // now abstains. Measured once, after the changes; none was changed or undone for it.
    // After the sixth session's red-team s36 changes (a changelog id named alone is a mention;
    // a block a page introduces, a message in a literal passed to a call, a Basic value the
    // poster masked, `basic` in any case, a template marker in a runner's `+ ` line, a token in
    // curl's data, `x-token-auth` with a variable named for an access token), measured once:
    // 38/48 right (79.2%), 10 wrong (3.7%), coverage 38/108 (35.2%). Two wrong answers fewer,
    // two right ones fewer; none was changed or undone for it.
    // Grown to 270 with 2 collected on 2026-12-06 (seventh session; scored once, after the
    // change for a call's arguments over several lines, no rule changed with them in view):
    // 38/48 right (79.2%), 10 wrong (3.7%), coverage 38/109 (34.9%). Neither answered.
    // After the seventh session's red-team s37 changes (other SSH clients' refusals, git's 410
    // alone, a credential helper's record, a step the job let fail, Azure's agent header, a
    // call's arguments over several lines), measured once: unchanged, 38/48, 10 wrong, 38/109.
    // Grown to 278 with 8 collected on 2026-12-06 (eighth session: Atlassian Community, a Jira
    // ticket, GitHub issues of build tools; scored once, before any rule change that session):
    // 38/48 right (79.2%), 10 wrong (3.6%), coverage 38/114 (33.3%). None of the 8 answered.
    // After the eighth session's changes (credentials bound from configs, flags, rewrites and
    // git's prompt; the email refused as git's username), measured once: unchanged.
    // Grown to 280 with 2 collected on 2026-12-07 (ninth session: a GitHub issue of a CMS
    // plugin, an Atlassian Community thread; scored once, before any rule change that session):
    // 38/48 right (79.2%), 10 wrong (3.6%), coverage 38/116 (32.8%). Neither answered.
    // Grown to 281 with one collected in the tenth session (a client library's issue telling
    // of a removed endpoint in prose; scored once, before any rule change that session): 38/48
    // right, 10 wrong, coverage 38/117 (32.5%). Not answered; the right cause is named first
    // among the candidates.
    // After the tenth session's red-team s40 changes (dates as Europe writes them and none from
    // a version banner; a git URL's user without a password; git's `RPC failed; HTTP 410`;
    // curl's TLS trace; a push refused after authentication; a quote under "… wrote:"),
    // measured once: 39/50 right (78.0%), 11 wrong (3.9%), coverage 39/117 (33.3%): one more
    // right answer and one more wrong one. None was changed or undone for it; the bar follows.
    // Grown to 284 with 3 collected in the eleventh session (GitHub issues of a CLI, npm and a
    // WordPress library), scored once with that session's first reader changes in, none made
    // with them in view: 39/50 right (78.0%), 11 wrong (3.9%), coverage 39/119 (32.8%). None
    // of the 3 answered.
    // After the eleventh session's changes (red team s40's and s41's: a header behind a log's
    // lead, a headers object, a REPL, a status before a JSON body; a message bound to a name
    // in source text, a status a program compares, a quote the sentence denies, PHP's and
    // Ruby's Basic), measured once at the end: 38/49 right (77.6%), 11 wrong (3.9%), coverage
    // 38/119 (31.9%). One right answer became an abstention (endpoint-removed, a JSON report:
    // the tables by cause and kind say so; the report was not read). None was changed or undone
    // for it; the bar follows.
    // Grown to 290 with 6 collected in the twelfth session (GitHub issues of tools and a CI
    // service's support tracker, 3 of them near misses), with that session's changes in (red
    // team s41's client forms and git's credential.username; s42's commit subjects, greps,
    // echoes and advice, a timeout beside the same host's answer, Python's http.client debug, a
    // logger's repeated lead, Jenkins' anonymous scan), measured once at the end: 39/50 right
    // (78.0%), 11 wrong (3.8%), coverage 39/120 (32.5%). One new report answered, rightly (a
    // tool log); the 284 before stand as they were. The bar follows.
    // Grown to 313 with 23 collected in the thirteenth session (GitHub issues of tools,
    // vendors' knowledge bases, forum threads, blogs; 14 of them near misses), with that
    // session's changes in (loggers' HTTP forms, Markdown and forum quotes weighed against the
    // poster's own outcome, the API alias's 404, ssh's unprefixed refusal, headers inside log
    // structures), measured once at the end: 41/53 right (77.4%), 12 wrong (3.8%), coverage
    // 41/129 (31.8%). The session's start binary gives the same tables on all 313: no answer
    // moved; the 23 new reports answered 3 (2 right, 1 wrong on a near miss). The bar follows.
    // Grown to 324 with 11 collected in the fourteenth session, measured once at the end:
    // 41/53 right (77.4%), 12 wrong (3.7%), coverage 41/131 (31.3%); none of the 11 answered.
    // Grown to 365 with 41 collected in the fifteenth session (tool and CI logs from GitHub
    // issues, forum posts on SSH keys, anonymous calls and slugs; 22 of them near misses),
    // with that session's changes in (red team s45's variable URLs, stored git URLs, Go's and
    // Ansible's SSH words, Terraform's wrapping, Renovate's headline; a date foretold; a push
    // too large), measured once at the end: 44/58 right (75.9%), 14 wrong (3.8%), coverage
    // 44/144 (30.6%). The session's start binary gives the same tables on all 365: no answer
    // moved; the 41 new reports answered 5 (3 right, 2 wrong). The bar follows the set.
    // Grown to 400 with 35 collected in the sixteenth session (vendor knowledge bases,
    // Bitbucket's old public tracker, gitlab.com, non-English write-ups; 20 of them near
    // misses). The session's start binary on all 400: 48/64 right (75.0%), 16 wrong (4.0%),
    // coverage 49/156 (31.4%). With that session's changes in (the teams API's removal, from
    // dev reports; red team s45's and s46's gateways, commit messages, placeholder hosts,
    // redactions at a PowerShell prompt, JSON errors with no tie to Bitbucket, other SSH
    // clients' host-key words, Spring's clients), measured once at the end: 51/67 right
    // (76.1%), 16 wrong (4.0%), coverage 52/156 (33.3%): three more right answers
    // (endpoint-removed), no answer lost or made wrong. Coverage's bar rises with them.
    precision: 0.75,
    coverage: 0.32,
    wrong: 0.05,
};

fn below(split: &str, t: &Tally, bar: &Bar) -> Vec<String> {
    let mut problems = Vec::new();
    if t.precision() < bar.precision {
        problems.push(format!(
            "{split}: right in {:.1}% of answers, below {:.0}%",
            100.0 * t.precision(),
            100.0 * bar.precision
        ));
    }
    if t.coverage() < bar.coverage {
        problems.push(format!(
            "{split}: coverage {:.1}%, below {:.0}%",
            100.0 * t.coverage(),
            100.0 * bar.coverage
        ));
    }
    if t.wrong_rate() > bar.wrong {
        problems.push(format!(
            "{split}: confidently wrong in {:.1}%, above {:.0}%",
            100.0 * t.wrong_rate(),
            100.0 * bar.wrong
        ));
    }
    problems
}

/// The figures against the goal, as one line for the log.
fn against_goal(split: &str, t: &Tally) -> String {
    match below(split, t, &GOAL).as_slice() {
        [] => format!("{split}: the goal is met"),
        short => format!("{split}, short of the goal: {}", short.join("; ")),
    }
}

#[test]
fn dev_reports_are_right_or_abstain_and_hold_the_bar() {
    let (tally, table, outcomes) = score("dev");
    println!("{table}\n{}", against_goal("dev", &tally));
    let mut problems = below("dev", &tally, &REACHED_DEV);
    for (r, s) in &outcomes {
        let wrong = s.root.as_deref().is_some_and(|root| !right(r, root));
        match (wrong, r.known_miss) {
            (true, false) => problems.push(format!(
                "{}: expected {:?}, answered {:?} ({})",
                r.file, r.expected, s.root, s.verdict
            )),
            (false, true) if s.root.is_some() => problems.push(format!(
                "{}: listed as a known miss but now answers right: unlist it",
                r.file
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Only scored: no report of this split is named, only the figures.
#[test]
fn test_split_holds_the_bar() {
    let (tally, table, _) = score("test");
    println!("{table}\n{}", against_goal("test", &tally));
    assert!(
        tally.reports >= 100,
        "the test split holds {} reports",
        tally.reports
    );
    let problems = below("test", &tally, &REACHED_TEST);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const SEED: &str = "fixtures/reports/dev/seed-private-repo-api-token.txt";
const SEED_2: &str = "fixtures/reports/dev/seed-lowercase-bearer.txt";

#[test]
fn seeds_are_answered_as_the_forum_answered_them() {
    let found = explain_all(&[SEED.to_string(), SEED_2.to_string()], None);
    let bearer = &found[SEED];
    assert_eq!(
        bearer.root.as_deref(),
        Some("api-token-as-bearer"),
        "{:?}",
        bearer.ids
    );
    assert!(
        bearer.ids.contains(&"missing-auth-scheme".to_string()),
        "{:?}",
        bearer.ids
    );
    let case = &found[SEED_2];
    assert_eq!(case.root.as_deref(), Some("scheme-case"), "{:?}", case.ids);
    assert!(
        case.ids.contains(&"credentials-ignored".to_string()),
        "{:?}",
        case.ids
    );
}

/// What a way of pasting does to a text.
type Paste = fn(&str) -> String;

/// A way of pasting: its name, and what it does to a text.
type Pasting = (&'static str, Paste);

/// The ways people paste, each applied to a text: none may change a diagnosis.
fn pastings() -> Vec<Pasting> {
    vec![
        ("CRLF line ends", |t| t.replace('\n', "\r\n")),
        ("a Markdown quote", |t| {
            t.lines().map(|l| format!("> {l}\n")).collect()
        }),
        ("a code fence", |t| format!("```text\n{t}\n```\n")),
        // A time of day only: a date stamped on every line would date the post, which is
        // content (app passwords and the SSH host moved on given days).
        ("a logger's time stamps", |t| {
            t.lines().map(|l| format!("[08:15:02] {l}\n")).collect()
        }),
        ("Jenkins stderr", |t| {
            t.lines().map(|l| format!("stderr: {l}\n")).collect()
        }),
        ("BuildKit steps", |t| {
            t.lines().map(|l| format!("#7 0.412 {l}\n")).collect()
        }),
        ("a masked token", mask_tokens),
        ("git in German", |t| git_in(t, &GERMAN)),
        ("git in Chinese", |t| git_in(t, &CHINESE)),
    ]
}

/// How a locale's git writes its messages (git's `po/de.po`, `po/zh_CN.po`): `fatal: `, then
/// each message around its quoted argument.
struct Locale {
    fatal: &'static str,
    auth_failed: (&'static str, &'static str),
    unable_to_access: (&'static str, &'static str),
    not_found: (&'static str, &'static str),
    cloning_into: (&'static str, &'static str),
}

const GERMAN: Locale = Locale {
    fatal: "Schwerwiegend: ",
    auth_failed: ("Authentifizierung fehlgeschlagen für '", "'"),
    unable_to_access: ("konnte nicht auf '", "' zugreifen: "),
    not_found: ("Repository '", "' nicht gefunden"),
    cloning_into: ("Klone nach '", "'..."),
};

const CHINESE: Locale = Locale {
    fatal: "致命错误：",
    auth_failed: ("'", "' 鉴权失败"),
    unable_to_access: ("无法访问 '", "'："),
    not_found: ("仓库 '", "' 未找到"),
    cloning_into: ("正克隆到 '", "'..."),
};

/// The text as git in another language would have printed its own lines.
fn git_in(text: &str, locale: &Locale) -> String {
    let translate = |line: &str| -> String {
        let english = [
            (
                "fatal: Authentication failed for '",
                "'",
                locale.auth_failed,
                true,
            ),
            (
                "fatal: unable to access '",
                "': ",
                locale.unable_to_access,
                true,
            ),
            ("fatal: repository '", "' not found", locale.not_found, true),
            ("Cloning into '", "'...", locale.cloning_into, false),
        ];
        for (pre, post, (local_pre, local_post), fatal) in english {
            if let Some(at) = line.find(pre)
                && let Some(len) = line[at + pre.len()..].find(post)
            {
                let argument = &line[at + pre.len()..at + pre.len() + len];
                let rest = &line[at + pre.len() + len + post.len()..];
                let prefix = if fatal { locale.fatal } else { "" };
                return format!(
                    "{}{prefix}{local_pre}{argument}{local_post}{rest}",
                    &line[..at]
                );
            }
        }
        line.to_string()
    };
    text.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(body) => translate(body) + "\n",
            None => translate(l),
        })
        .collect()
}

/// Every Atlassian token in the text (the token and any mask already after it) replaced by
/// what `mask` makes of it.
fn mask_each_token(text: &str, mask: fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = ["ATATT", "ATCTT", "ATBB"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        let len = rest[at..]
            .chars()
            .take_while(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '=' | '…' | '.' | '*')
            })
            .map(char::len_utf8)
            .sum::<usize>();
        out.push_str(&rest[..at]);
        out.push_str(&mask(&rest[at..at + len]));
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Every Atlassian token in the text masked after its public prefix, as posters do.
fn mask_tokens(text: &str) -> String {
    mask_each_token(text, |t| {
        let keep: String = t
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '='))
            .take(12)
            .collect();
        format!("{keep}…")
    })
}

#[test]
fn how_people_paste_leaves_every_diagnosis_unchanged() {
    let dir = common::scratch();
    let reports: Vec<Labelled> = ["dev", "test"].iter().flat_map(|s| manifest(s)).collect();
    let files: Vec<String> = reports.iter().map(|r| r.file.clone()).collect();
    let plain = explain_all(&files, None);
    let mut problems = Vec::new();
    for (name, paste) in pastings() {
        let mut pasted = Vec::new();
        for (i, f) in files.iter().enumerate() {
            let text = std::fs::read_to_string(f).unwrap();
            let path = dir.join(format!("{i}.txt"));
            std::fs::write(&path, paste(&text)).unwrap();
            pasted.push(path.display().to_string());
        }
        let found = explain_all(&pasted, None);
        for (f, p) in files.iter().zip(&pasted) {
            let (a, b) = (&plain[f], &found[p]);
            if (&a.verdict, &a.root) != (&b.verdict, &b.root) {
                problems.push(format!(
                    "{name} changed {f}: {} {:?} → {} {:?}",
                    a.verdict, a.root, b.verdict, b.root
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every Atlassian token in the text masked whole (`****`): its kind is gone with it.
fn mask_whole(text: &str) -> String {
    mask_each_token(text, |_| "****".to_string())
}

/// A secret masked whole hides its kind, and with it whether it was sent in its kind's form:
/// an answer may become inconclusive, never another confident one (a refused "well-formed"
/// credential was concluded for 18 such texts until 2026-12-05). Dev reports and the rules'
/// examples; the test split is only scored.
#[test]
fn a_secret_masked_whole_never_turns_into_another_confident_answer() {
    let dir = common::scratch();
    let files = dev_texts();
    let masked_of: Vec<(String, String)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let text = std::fs::read_to_string(f).unwrap();
            let masked = mask_whole(&text);
            (masked != text).then(|| {
                let path = dir.join(format!("{i}.txt")).display().to_string();
                std::fs::write(&path, masked).unwrap();
                (f.clone(), path)
            })
        })
        .collect();
    assert!(
        masked_of.len() >= 40,
        "only {} texts hold a token",
        masked_of.len()
    );
    let plain = explain_all(&files, None);
    let masked = explain_all(
        &masked_of.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>(),
        None,
    );
    let problems: Vec<String> = masked_of
        .iter()
        .filter_map(|(f, m)| {
            let (a, b) = (&plain[f], &masked[m]);
            let other = b.root.is_some() && b.root != a.root;
            other.then(|| format!("{f}: {:?} → {:?}", a.root, b.root))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each line of `text` as `f` writes it, given its number from 0.
fn each_line(text: &str, f: fn(usize, &str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| f(i, l) + "\n")
        .collect()
}

/// How a terminal or the viewer a text was copied from shows it (red team 2026-12-07g's
/// sweep lost up to 37 of the dev reports' answers to these until 2026-12-07).
fn viewer_pastings() -> Vec<Pasting> {
    vec![
        ("a bar down the left", |t| {
            each_line(t, |_, l| format!("| {l}"))
        }),
        ("a log viewer's numbers", |t| {
            each_line(t, |i, l| format!("{:>4}: {l}", i + 1))
        }),
        ("a job log's bare numbers", |t| {
            each_line(t, |i, l| format!("{} {l}", i + 1))
        }),
        ("a terminal's colours", |t| {
            each_line(t, |_, l| format!("\x1b[0;90m{l}\x1b[0m"))
        }),
        ("colours that lost their escape", |t| {
            each_line(t, |_, l| format!("[0;31m{l}[0m"))
        }),
        ("docker compose's service", |t| {
            each_line(t, |_, l| format!("app-1  | {l}"))
        }),
        ("kubectl's pod", |t| {
            each_line(t, |_, l| format!("[pod/app-7d9f/app] {l}"))
        }),
        ("a level tag", |t| {
            each_line(t, |_, l| format!("[INFO] {l}"))
        }),
        ("a bulleted list", |t| each_line(t, |_, l| format!("• {l}"))),
        ("a forum's quote around it all", |t| {
            format!("[quote=\"dmitri.k, post:1, topic:18342\"]\n{t}\n[/quote]\n")
        }),
    ]
}

/// The dev reports and the rules' examples that must fire: the texts a viewer's pasting is
/// tried on (the test split is only scored).
fn dev_texts() -> Vec<String> {
    let mut files: Vec<String> = manifest("dev").into_iter().map(|r| r.file).collect();
    let mut examples: Vec<String> = std::fs::read_dir("fixtures/rules")
        .unwrap()
        .flat_map(|d| {
            std::fs::read_dir(d.unwrap().path().join("fires"))
                .into_iter()
                .flatten()
        })
        .map(|f| f.unwrap().path().display().to_string())
        .filter(|f| f.ends_with(".txt"))
        .collect();
    examples.sort();
    files.extend(examples);
    files
}

/// Each text pasted as `paste` writes it, explained beside the text as it was: the pairs
/// of answers, (as it was, as pasted).
fn pasted_beside(files: &[String], paste: Paste) -> Vec<(String, Said, Said)> {
    let dir = common::scratch();
    let pasted: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let path = dir.join(format!("{i}.txt"));
            std::fs::write(&path, paste(&std::fs::read_to_string(f).unwrap())).unwrap();
            path.display().to_string()
        })
        .collect();
    let mut plain = explain_all(files, None);
    let mut found = explain_all(&pasted, None);
    files
        .iter()
        .zip(&pasted)
        .map(|(f, p)| {
            (
                f.clone(),
                plain.remove(f).unwrap(),
                found.remove(p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn how_a_viewer_shows_a_paste_leaves_every_dev_diagnosis_unchanged() {
    let files = dev_texts();
    let mut problems = Vec::new();
    for (name, paste) in viewer_pastings() {
        for (f, a, b) in pasted_beside(&files, paste) {
            if (&a.verdict, &a.root) != (&b.verdict, &b.root) {
                problems.push(format!(
                    "{name} changed {f}: {} {:?} → {} {:?}",
                    a.verdict, a.root, b.verdict, b.root
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A text as an e-mail client or a terminal wraps it: every line longer than `width` broken
/// between words (a word longer than the width stays whole).
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            } else if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}

/// Lines wrapped at 80 columns, or at 70 in an e-mail reply that quotes them: joined again
/// where the text shows it was wrapped. A text too short to show it (one broken line) may
/// lose its answer; none may gain another. Until 2026-12-07 wrapping lost 15 of the dev
/// reports' 69 answers and made 3 new ones (red team 2026-12-07g, S1).
#[test]
fn a_wrapped_paste_keeps_its_answer_or_abstains() {
    let files: Vec<String> = manifest("dev").into_iter().map(|r| r.file).collect();
    let ways: [(&str, Paste, usize); 2] = [
        ("wrapped at 80 columns", |t| wrapped(t, 80), 8),
        (
            "quoted in an e-mail reply",
            |t| each_line(&wrapped(t, 70), |_, l| format!("> {l}")),
            8,
        ),
    ];
    for (name, paste, most_lost) in ways {
        let pairs = pasted_beside(&files, paste);
        let answered = pairs.iter().filter(|(_, a, _)| a.root.is_some()).count();
        let lost: Vec<&String> = pairs
            .iter()
            .filter(|(_, a, b)| a.root.is_some() && b.root.is_none())
            .map(|(f, _, _)| f)
            .collect();
        let other: Vec<String> = pairs
            .iter()
            .filter(|(_, a, b)| b.root.is_some() && b.root != a.root)
            .map(|(f, a, b)| format!("{f}: {:?} → {:?}", a.root, b.root))
            .collect();
        assert!(other.is_empty(), "{name}: {}", other.join("\n"));
        assert!(
            lost.len() <= most_lost,
            "{name} lost {} of {answered} answers: {lost:?}",
            lost.len()
        );
    }
}

/// A report saved by Windows PowerShell 5 (`… > log.txt` writes UTF-16 with a byte-order
/// mark) or with Notepad's UTF-8 mark is the same report (refused as binary until 2026-12-07).
#[test]
fn a_report_windows_saved_reads_as_its_text() {
    let dir = common::scratch();
    let text = std::fs::read_to_string(SEED).unwrap().replace('\n', "\r\n");
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let marked: Vec<u8> = [0xef, 0xbb, 0xbf].into_iter().chain(text.bytes()).collect();
    let files: Vec<String> = [("utf16.txt", utf16), ("bom.txt", marked)]
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            path.display().to_string()
        })
        .collect();
    let plain = explain_all(&[SEED.to_string()], None);
    let found = explain_all(&files, None);
    for f in &files {
        assert_eq!(found[f].root, plain[SEED].root, "{f}");
        assert_eq!(found[f].root.as_deref(), Some("api-token-as-bearer"), "{f}");
    }
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
    let run = bbdoctor(&["explain", SEED], &[], None);
    for line in example.lines().filter(|l| l.trim() != "…") {
        assert!(
            run.stdout.lines().any(|out| out == line),
            "README line not in the output: {line:?}\n{}",
            run.stdout
        );
    }
}
