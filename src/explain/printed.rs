//! What a command printed as data: the hits of a search, a history, a document, a manifest,
//! a plan, the source lines a traceback or a test failure quotes. Bitbucket's words there are
//! what a file, a commit or a resource holds, not what a server answered this time: a runbook
//! quoting "an admin must whitelist your IP" says nothing of why the build failed.
//!
//! Read on the text as pasted, because normalizing takes away the prompts and shell traces
//! (`$ `, `+ `) that say where a command's output begins and ends; lines are lines in both.

use std::ops::Range;

use super::paste;
use super::scan::{is_assignment, lines};

/// The most lines one command's output is taken as data: a bound on a wrong guess.
const MOST: usize = 400;

/// The stretches of `text` (the normalized form of `raw`, line for line) that are data a
/// command printed, in order. `cued` holds the lines (from 0, in order) on which one of the
/// [`CUES`] stands: every shape starts on such a line, or next to one.
pub fn regions(raw: &str, text: &str, cued: &[usize]) -> Vec<Range<usize>> {
    let raw_lines: Vec<&str> = lines(raw).collect();
    let normal_lines: Vec<&str> = lines(text).collect();
    let mut cue = vec![false; raw_lines.len().min(normal_lines.len())];
    for &i in cued {
        if let Some(c) = cue.get_mut(i) {
            *c = true;
        }
    }
    let data = data_lines(&raw_lines, &normal_lines, &cue);
    if data.iter().all(|d| !d) {
        return Vec::new();
    }
    // Each line's bytes in the normalized text; a run of data lines is one region.
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for (i, line) in text.split('\n').enumerate() {
        let end = pos + line.len();
        if data.get(i).copied().unwrap_or(false) {
            match out.last_mut() {
                Some(r) if r.end + 1 >= pos => r.end = end,
                _ => out.push(pos..end),
            }
        }
        pos = end + 1;
    }
    out
}

/// What every shape below holds one of: the scanner's markers ask for them, in one pass with
/// every other table's, before [`regions`] is asked.
pub const CUES: &[&str] = &[
    // Programs, with the space a command line puts around them (not `tag `, `stack `).
    "grep",
    " rg ",
    " ag ",
    " ack ",
    "git log",
    "git show",
    "git blame",
    "sed ",
    "cat ",
    "head ",
    "tail ",
    "bat ",
    "Get-Content",
    "kubectl",
    "helm ",
    "##[group]Run ",
    // Shapes: a traceback's frame, a test runner's failure (its code frame), an expectation,
    // a plan, an Ansible task that went through.
    "File \"",
    "●",
    "FAIL",
    "❯",
    "xpected",
    "will perform the following actions",
    "ok: [",
    // A commit's message: Jenkins' `Commit message: "…"`, git's `HEAD is now at …`, a
    // variable holding it, `git commit -m`, a commit object's JSON.
    "Commit message:",
    "commit_message",
    "COMMIT_MESSAGE",
    "commit_msg",
    "COMMIT_MSG",
    "HEAD is now at ",
    "git commit ",
    "\"hash\"",
    // bbdoctor's own report pasted back: its evidence (`line 3: GET … → 403 "…"`), its
    // headline, its JSON.
    "→",
    "bbdoctor/",
    "error[",
    "warning[",
];

/// Whether each line is data a command printed. Commands are read on the lines as pasted
/// (`raw`), whose prompts and traces mark them; everything else on the lines as normalized,
/// so that a runner's prefix changes nothing.
fn data_lines(raw: &[&str], normal: &[&str], cue: &[bool]) -> Vec<bool> {
    let mut data = vec![false; raw.len()];
    let mut i = 0;
    while i < cue.len() {
        // A command, a plan, a task or an expectation has its cue on its own line; a
        // traceback's source is under its frame's line (its caret one further), and only a
        // code frame has none.
        let above = |n: usize| i >= n && cue[i - n];
        if !(cue[i] || above(1) || above(2)) {
            data[i] |= code_frame(crate::evidence::trim_start(normal[i]));
            i += 1;
            continue;
        }
        if let Some(c) = command(raw[i]) {
            // What a search looks for is words, not an answer, whatever it searches.
            let (searched, output) = prints_data(c);
            data[i] = searched || output.is_some();
            if let Some(ends) = output {
                let end = output_end(raw, i + 1, ends);
                data[i..end].iter_mut().for_each(|d| *d = true);
                i = end;
                continue;
            }
        }
        if let Some(end) = plan(normal, i).or_else(|| debug_task(normal, i)) {
            data[i..end].iter_mut().for_each(|d| *d = true);
            i = end;
            continue;
        }
        if quotes_source(normal, i) {
            data[i] = true;
        }
        i += 1;
    }
    data
}

/// The command a line shows being run: behind a prompt or a shell trace, or GitHub Actions'
/// `##[group]Run …` step header.
fn command(line: &str) -> Option<&str> {
    paste::command(line).or_else(|| {
        // Most lines hold no `#`: asked first, before a search.
        memchr::memchr(b'#', line.as_bytes())?;
        let at = line.find("##[group]Run ")?;
        Some(line[at + "##[group]Run ".len()..].trim())
    })
}

/// How a data command's output ends.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Ends {
    /// At the next command (a document or a history holds blank lines of its own).
    AtCommand,
    /// At the next command or the first blank line (a search prints no blank lines).
    AtBlank,
}

/// Whether a command searches (its line names words, not an answer), and whether it prints
/// data and how that output ends: a search through files (not through a log, whose lines are
/// what happened), a history, a document, a resource as YAML or JSON, a rendered chart.
fn prints_data(command: &str) -> (bool, Option<Ends>) {
    // The first stage of a pipeline prints; the rest filter what it printed.
    let first = command.split(" | ").next().unwrap_or(command);
    let words: Vec<&str> = first
        .split_whitespace()
        .map(|w| w.trim_matches(['"', '\'']))
        .skip_while(|w| is_assignment(w) || matches!(*w, "sudo" | "time" | "command"))
        .collect();
    let Some((program, args)) = words.split_first() else {
        return (false, None);
    };
    let program = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let sub = args.first().copied().unwrap_or("");
    let operands = || args.iter().filter(|a| !a.starts_with('-'));
    let search = matches!(program, "grep" | "egrep" | "fgrep" | "rg" | "ag" | "ack")
        || (program == "git" && sub == "grep");
    let output = match program {
        _ if search => (!operands().any(|a| names_log(a))).then_some(Ends::AtBlank),
        "git" if matches!(sub, "log" | "show" | "blame") => Some(Ends::AtCommand),
        "sed" | "cat" | "head" | "tail" | "bat" | "Get-Content" | "gc" => operands()
            .any(|a| names_document(a))
            .then_some(Ends::AtCommand),
        "kubectl" | "oc" => {
            let output = args
                .windows(2)
                .any(|w| matches!(w[0], "-o" | "--output") && matches!(w[1], "yaml" | "json"))
                || args.iter().any(|a| {
                    matches!(
                        *a,
                        "-oyaml"
                            | "-ojson"
                            | "-o=yaml"
                            | "-o=json"
                            | "--output=yaml"
                            | "--output=json"
                    )
                });
            (output || sub == "describe").then_some(Ends::AtBlank)
        }
        "helm" if matches!(sub, "template" | "get" | "show") => Some(Ends::AtCommand),
        _ => None,
    };
    (search, output)
}

/// A log file: what a search through it finds is what happened.
fn names_log(arg: &str) -> bool {
    let a = arg.to_ascii_lowercase();
    a.ends_with(".log") || a.ends_with(".out") || a.contains("/log/") || a.contains("/logs/")
}

/// A document: a Markdown, reStructuredText or AsciiDoc file, or a README, a changelog, a
/// runbook by name.
fn names_document(arg: &str) -> bool {
    let name = arg
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(arg)
        .to_ascii_lowercase();
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(extension, "md" | "markdown" | "rst" | "adoc")
        || [
            "readme",
            "changelog",
            "changes",
            "history",
            "runbook",
            "news",
        ]
        .iter()
        .any(|d| name.starts_with(d))
}

/// Where the output that starts at line `from` ends: at the next command, a fence, or as
/// `ends` says; never more than [`MOST`] lines.
fn output_end(raw: &[&str], from: usize, ends: Ends) -> usize {
    let last = raw.len().min(from + MOST);
    (from..last)
        .find(|&j| {
            let t = raw[j].trim();
            command(raw[j]).is_some()
                || t.starts_with("```")
                || (ends == Ends::AtBlank && t.is_empty())
        })
        .unwrap_or(last)
}

/// Terraform's plan, from "will perform the following actions" to its `Plan:` summary: the
/// attributes of resources to be made, whatever their values say.
fn plan(raw: &[&str], i: usize) -> Option<usize> {
    // (By `find_str`: `str::contains` sets up a two-way searcher for each line.)
    if !crate::evidence::contains_str(raw[i], "will perform the following actions") {
        return None;
    }
    let last = raw.len().min(i + MOST);
    let end = (i + 1..last)
        .find(|&j| raw[j].trim_start().starts_with("Plan:"))
        .unwrap_or(last);
    Some(end)
}

/// An Ansible task that went through (`ok: [host] => {`) and printed a variable: its block,
/// to the brace that closes it at the line's start.
fn debug_task(raw: &[&str], i: usize) -> Option<usize> {
    let t = raw[i].trim_start();
    if !(t.starts_with("ok: [") && t.trim_end().ends_with("=> {")) {
        return None;
    }
    let last = raw.len().min(i + MOST);
    let close = (i + 1..last).find(|&j| raw[j].trim_end() == "}")?;
    Some(close + 1)
}

/// A source line that a traceback or a failing test quotes: the line under Python's
/// `File "…", line N` (unless it is the exception itself, when the source was not at hand),
/// and the caret under it; a test runner's code frame (`> 43 |   …`); an assertion's
/// expected value (`Expected substring: "…"`).
fn quotes_source(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim_start();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let under_frame = |k: usize| {
        k > 0 && {
            let above = lines[k - 1].trim_start();
            above.starts_with("File \"") && above.contains("\", line ")
        }
    };
    // Python indents the source under its frame; a runner's prefix, stripped, takes both
    // indents away.
    let deeper = i > 0 && {
        let (frame, line) = (indent(lines[i - 1]), indent(lines[i]));
        line > frame || line == 0 && frame == 0
    };
    let source =
        under_frame(i) && deeper && !t.starts_with("File \"") && !exception(t) && !t.is_empty();
    let caret = !t.is_empty()
        && t.bytes().all(|b| matches!(b, b'^' | b'~' | b' '))
        && i > 0
        && under_frame(i - 1);
    source || caret || code_frame(t) || expected(t) || own_report(t) || commit_text(t)
}

/// A commit's message, as a log or a payload holds it: words someone wrote (a commit that
/// quotes Bitbucket's refusal while dropping a fallback), not what a server answered. Jenkins'
/// `Commit message: "…"`, git's `HEAD is now at 1a2b3c4 …`, a variable that holds it
/// (`commit_message = …`, `BITBUCKET_COMMIT_MESSAGE=…`, `COMMIT_MSG=…`), `git commit -m "…"`, and a commit
/// object in JSON (a webhook's payload: its `"hash"` beside its `"message"`).
fn commit_text(t: &str) -> bool {
    use crate::evidence::contains_str;
    let t = t.trim_start_matches(['-', '*', '>', ' ']);
    let assigned = [
        "commit_message",
        "COMMIT_MESSAGE",
        "commit_msg",
        "COMMIT_MSG",
    ]
    .iter()
    .any(|name| {
        crate::evidence::split_once_str(t, name).is_some_and(|(_, after)| {
            after
                .trim_start_matches('"')
                .trim_start()
                .starts_with(['=', ':'])
        })
    });
    let committed = crate::evidence::split_once_str(t, "git commit ").is_some_and(|(_, args)| {
        args.split_whitespace()
            .any(|a| a.starts_with('-') && a.ends_with('m'))
    });
    t.starts_with("Commit message:")
        || t.starts_with("HEAD is now at ")
        || assigned
        || committed
        || (contains_str(t, "\"hash\"") && contains_str(t, "\"message\""))
}

/// A line of bbdoctor's own report, pasted back: what it read then, not what happens now.
/// Its evidence (`• line 3: GET … → 403 "…"`, in text, Markdown or JSON), its headline
/// (`✗ acme/app: … → …`), a finding's heading (`error[two-step-or-sso]: …`), its JSON.
fn own_report(t: &str) -> bool {
    let t = t.trim_start_matches(['•', '-', '*', '`', '"', ' ']);
    let evidence = t
        .strip_prefix("line ")
        .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()))
        .is_some_and(|rest| rest.starts_with(": ") && rest.contains('→'));
    let headline = ["✗ ", "✓ ", "? "].iter().any(|m| t.starts_with(m)) && t.contains(" → ");
    let heading = ["error[", "warning["].iter().any(|h| {
        t.strip_prefix(h)
            .and_then(|rest| rest.split_once("]: "))
            .is_some_and(|(id, _)| {
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            })
    });
    let json = crate::evidence::contains_str(t, "\"schema\":\"bbdoctor/")
        || crate::evidence::contains_str(t, "\"schema\": \"bbdoctor/");
    evidence || headline || heading || json
}

/// Python's exception line: `requests.exceptions.HTTPError: 401 …`, `KeyboardInterrupt`.
fn exception(t: &str) -> bool {
    let name = t.split(':').next().unwrap_or(t);
    !name.contains(' ')
        && ["Error", "Exception", "Warning", "Exit", "Interrupt"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// A test runner's code frame line: `41 |     nock(…)`, `> 43 |       .rejects…`; not a
/// process manager's log prefix (`0|app  | …`), which has no space before its bar.
fn code_frame(t: &str) -> bool {
    let t = t.strip_prefix('>').unwrap_or(t).trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=6).contains(&digits) && t[digits..].starts_with(" |")
}

/// An assertion's expectation, as Jest, Vitest and Chai print it.
fn expected(t: &str) -> bool {
    [
        "Expected substring:",
        "Expected:",
        "Expected value:",
        "Expected message:",
        "Expected pattern:",
    ]
    .iter()
    .any(|e| t.starts_with(e))
}

/// Whether the output on `line` (from 1) is that of a command fetching from elsewhere: a
/// package or build tool from its own registries (`pip install -r requirements.txt`, `npm
/// ci`, `docker pull`), or curl or wget from URLs none of which is Bitbucket Cloud's. A
/// failure there that names no host is that server's, not Bitbucket's. A command that names
/// Bitbucket (`pip install git+https://bitbucket.org/…`) may fetch from it.
pub fn a_tool_elsewhere(raw: &str, line: usize) -> bool {
    const TOOLS: &[&str] = &[
        "pip", "pip3", "pipenv", "poetry", "uv", "npm", "npx", "yarn", "pnpm", "mvn", "gradle",
        "gradlew", "docker", "podman", "apt", "apt-get", "apk", "yum", "dnf", "gem", "bundle",
        "dotnet", "nuget",
    ];
    let before: Vec<&str> = lines(raw).take(line.saturating_sub(1)).collect();
    let Some(command) = before.iter().rev().take(MOST).find_map(|l| command(l)) else {
        return false;
    };
    let words = command.split_whitespace().skip_while(|w| {
        is_assignment(w) || matches!(*w, "sudo" | "time" | "python" | "python3" | "-m")
    });
    let program = words.into_iter().next().unwrap_or("");
    let program = program.rsplit(['/', '\\']).next().unwrap_or(program);
    if matches!(program, "curl" | "wget") {
        let mut hosts = super::url::find_all(command).map(crate::bitbucket::host_of);
        let first = hosts.next();
        return first.is_some()
            && first
                .into_iter()
                .chain(hosts)
                .all(|h| !crate::bitbucket::is_cloud(&h));
    }
    TOOLS.contains(&program) && !command.to_ascii_lowercase().contains("bitbucket")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data lines of a text, as normalized.
    fn data(text: &str) -> Vec<String> {
        let normal = paste::normalize(text);
        let lower = normal.to_ascii_lowercase();
        let cued = super::super::marks::Marks::new(&normal, &lower)
            .lines_with(super::super::marks::Table::Printed);
        regions(text, &normal, &cued)
            .into_iter()
            .flat_map(|r| normal[r].split('\n').map(String::from).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn a_search_through_files_prints_data_a_search_through_a_log_does_not() {
        let text = "+ grep -rn \"Rate limit\" src/\nsrc/e.py:14:RATE = \"Rate limit for this resource has been exceeded\"\n+ mypy src/\nerror: x\n";
        assert_eq!(
            data(text),
            [
                "grep -rn \"Rate limit\" src/",
                "src/e.py:14:RATE = \"Rate limit for this resource has been exceeded\""
            ]
        );
        let log = "$ grep 429 /var/log/bbsync.log\n2026-12-01 GET https://api.bitbucket.org/2.0/user -> 429\n";
        assert_eq!(data(log), ["$ grep 429 /var/log/bbsync.log"]);
        // A filter after a request: what it lets through is the answer.
        let filtered = "$ curl -si https://api.bitbucket.org/2.0/user | grep HTTP\nHTTP/2 401\n";
        assert!(data(filtered).is_empty());
    }

    #[test]
    fn a_commit_s_message_is_data_the_answer_beside_it_is_not() {
        let x2 = "App passwords are deprecated and must be replaced with API tokens.";
        for line in [
            format!("Commit message: \"ci: stop the fallback ({x2})\""),
            format!("HEAD is now at 3f2a9c1 ci: stop the fallback ({x2})"),
            format!("    commit_message = ci: {x2}"),
            format!("export BITBUCKET_COMMIT_MSG='ci: {x2}'"),
            format!("+ git commit -am \"ci: {x2}\""),
            format!("{{\"hash\":\"3f2a9c1\",\"message\":\"ci: {x2}\"}}"),
        ] {
            assert_eq!(
                data(&format!("{line}\n")),
                [line.trim_start_matches("+ ")],
                "{line}"
            );
        }
        // Bitbucket's answer itself, or a commit named in a fetch, is no commit's words.
        for line in [
            format!("remote: {x2}"),
            format!("{{\"type\":\"error\",\"error\":{{\"message\":\"{x2}\"}}}}"),
            "Checking out Revision 3f2a9c1 (refs/remotes/origin/main)".to_string(),
            "commit_message_check passed".to_string(),
        ] {
            assert!(data(&format!("{line}\n")).is_empty(), "{line}");
        }
    }

    #[test]
    fn a_search_ends_at_a_blank_line_a_document_at_the_next_command() {
        let text = "$ grep -r whitelist docs/\ndocs/a.txt: an admin must whitelist your IP\n\nThen git clone says 403\n";
        assert_eq!(data(text).len(), 2);
        let doc = "+ sed -n '/## Bitbucket/,/## Slack/p' RUNBOOK.md\n## Bitbucket\n\nIf you see 403\n+ ./check.sh\nfatal: x\n";
        assert_eq!(
            data(doc),
            [
                "sed -n '/## Bitbucket/,/## Slack/p' RUNBOOK.md",
                "## Bitbucket",
                "",
                "If you see 403"
            ]
        );
        // A configuration printed is evidence of what was sent, not data.
        assert!(data("$ cat ~/.gitconfig\n[credential]\n  helper = store\n").is_empty());
    }

    #[test]
    fn histories_manifests_and_charts_are_data() {
        for text in [
            "$ git log --oneline -3\nabc1234 handle 403 from Bitbucket\n",
            "+ kubectl get cm bb -o yaml\ndata:\n  E: Rate limit for this resource has been exceeded\n",
            "+ helm template x ./chart\nsummary: 'Bitbucket answered 403'\n",
            "##[group]Run git log -1\nfix: token expired\n",
        ] {
            assert_eq!(data(text).len(), text.lines().count(), "{text}");
        }
        assert!(data("+ kubectl logs pod/bb-sync\n401 Unauthorized\n").is_empty());
    }

    #[test]
    fn plans_debug_tasks_and_quoted_source_are_data() {
        let plan = "Terraform will perform the following actions:\n  + pattern = \"429\"\nPlan: 1 to add\nError: 401\n";
        assert_eq!(data(plan).len(), 2);
        let debug = "ok: [localhost] => {\n    \"msg\": [\"Rate limit\"]\n}\nfatal: [localhost]: FAILED! => {\"msg\": \"x\"}\n";
        assert_eq!(data(debug).len(), 3);
        let traceback = "Traceback (most recent call last):\n  File \"/app/e.py\", line 9, in <module>\n    KNOWN = {429: \"Rate limit\"\n            ^\nSyntaxError: '{' was never closed\n";
        assert_eq!(
            data(traceback),
            ["    KNOWN = {429: \"Rate limit\"", "            ^"]
        );
        // The exception itself, when Python had no source to show, is what failed.
        let frozen =
            "  File \"app.py\", line 9, in main\nrequests.exceptions.HTTPError: 401 Client Error\n";
        assert!(data(frozen).is_empty());
        let logged = "  File \"app.py\", line 9, in main\nResponse body: {\"type\": \"error\"}\n";
        assert!(data(logged).is_empty());
        // A process manager's prefix is not a code frame.
        assert!(data("0|sync  | {\"type\": \"error\"}\n").is_empty());
        // Nor does a runner's prefix change what is data.
        assert_eq!(
            data(
                &traceback
                    .lines()
                    .map(|l| format!("stderr: {l}\n"))
                    .collect::<String>()
            )
            .len(),
            2
        );
        let jest = "    Expected substring: \"Your credentials lack\"\n    Received message:   \"Request failed with status code 403\"\n    > 43 |   .toThrow(\"x\")\n";
        assert_eq!(data(jest).len(), 1 + 1);
    }

    #[test]
    fn bbdoctor_s_own_report_is_data() {
        let json = "{\"schema\":\"bbdoctor/1\",\"verdict\":\"problems\",\"findings\":[{\"evidence\":[\"line 3: GET /a/b.git/info/refs with Basic x:ATATT…(masked) → 403 \\\"To access this repository, enable two-step authentication.\\\"\"]}]}\n";
        assert_eq!(data(json).len(), 1);
        let text = "✗ acme/app: two-step verification or SSO is required → use an API token\n\nerror[two-step-or-sso]: The workspace requires two-step verification\n  • line 3: GET /acme/app.git/info/refs → 403 \"To access this repository, enable two-step authentication.\"\n";
        assert_eq!(data(text).len(), 3);
        let markdown = "- `line 6: GET /acme/app.git/info/refs → 403 \"To access this repository, enable two-step authentication.\"`\n";
        assert_eq!(data(markdown).len(), 1);
        // What a tool prints with an arrow is not bbdoctor's.
        assert!(data("GET https://api.bitbucket.org/2.0/user → 401\nerror: x\n").is_empty());
    }

    #[test]
    fn a_registry_tool_s_output_is_its_own() {
        let log = "+ git clone https://bitbucket.org/a/b.git\n+ pip install -r requirements.txt\nProxyError: 407\n";
        assert!(a_tool_elsewhere(log, 3));
        assert!(!a_tool_elsewhere(log, 2));
        let git_dep = "+ pip install git+https://bitbucket.org/a/b.git\nfatal: 407\n";
        assert!(!a_tool_elsewhere(git_dep, 2));
        assert!(a_tool_elsewhere("$ python -m pip install x\nerror\n", 2));
        assert!(a_tool_elsewhere(
            "$ curl -T a.jar https://acme.jfrog.io/x\n407\n",
            2
        ));
        assert!(!a_tool_elsewhere(
            "$ curl https://api.bitbucket.org/2.0/user\n407\n",
            2
        ));
        assert!(!a_tool_elsewhere("$ curl $URL\n407\n", 2));
    }

    #[test]
    fn text_without_such_shapes_has_no_data() {
        for text in [
            "remote: Invalid credentials\nfatal: Authentication failed\n",
            "I ran cat on the file and it says 401",
            "",
        ] {
            assert!(data(text).is_empty(), "{text}");
        }
    }
}
