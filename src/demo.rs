//! `bbdoctor demo`: the embedded simulator and `check` on the classic failures, the two seed
//! threads among them, and one healthy credential. Each scenario knows the root cause it must
//! produce, so the demo doubles as a smoke test: it exits 1 if any diagnosis is wrong.

use crate::check;
use crate::credential::{Authorization, Secret};
use crate::probe::Setup;
use crate::report::Report;
use crate::report::paint;
use crate::sim::{SchemeCase, Sim, World};
use crate::target::Target;
use anstyle::{AnsiColor, Color, Style};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const CYAN_BOLD: Style = Style::new()
    .fg_color(Some(Color::Ansi(AnsiColor::Cyan)))
    .bold();
const GREEN: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
const RED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Red)));
use std::time::Duration;

/// One story: a world, the credential as the user sends it, and the expected root cause.
struct Scenario {
    title: &'static str,
    /// Where the story comes from, in a few words.
    story: &'static str,
    target: &'static str,
    /// The command line a user would type (secrets as variables).
    command: &'static str,
    /// Credential id in the world, and how it is sent: `-H` with a scheme word (or none), or
    /// Basic with a login.
    credential: &'static str,
    sent: Sent,
    expected: &'static str,
    tweak: fn(&mut World),
}

enum Sent {
    Header(&'static str),
    Basic(&'static str),
}

const PAT_EMAIL: &str = "pat@example.com";

fn today(world: &mut World) {
    // The demo happens now: app passwords are gone (2026-07-28).
    world.now = "2026-11-23T10:00:00Z".into();
    for c in &mut world.credentials {
        if c.id == "pat-oauth" {
            c.expires = Some("2026-11-23T11:00:00Z".into());
        }
    }
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        title: "Seed: an API token sent as Bearer",
        story: "Atlassian Community, Nov 2025 (\"Token is invalid, expired, or not supported\")",
        target: "acme/widgets",
        command: "bbdoctor check acme/widgets -H \"Authorization: Bearer $BITBUCKET_API_TOKEN\"",
        credential: "pat-api-token",
        sent: Sent::Header("Bearer"),
        expected: "api-token-as-bearer",
        tweak: today,
    },
    Scenario {
        title: "Seed: the token with no scheme word",
        story: "same thread: \"works for the public repo, 404 for the private one\"",
        target: "acme/widgets",
        command: "bbdoctor check acme/widgets -H \"Authorization: $BITBUCKET_API_TOKEN\"",
        credential: "pat-api-token",
        sent: Sent::Header(""),
        expected: "missing-auth-scheme",
        tweak: today,
    },
    Scenario {
        title: "Seed: `bearer` on public data",
        story: "Atlassian Community: \"the case sensitive header was masked by a bad test\"",
        target: "acme/public-docs",
        command: "bbdoctor check acme/public-docs -H \"Authorization: bearer $OAUTH_TOKEN\"",
        credential: "pat-oauth",
        sent: Sent::Header("bearer"),
        expected: "scheme-case",
        tweak: |w| {
            today(w);
            // What the thread shows: the lowercase header was ignored, not refused.
            w.unconfirmed.lowercase_scheme = SchemeCase::Anonymous;
        },
    },
    Scenario {
        title: "An API token with the username",
        story: "the most common 401 since app passwords went away",
        target: "acme/widgets",
        command: "bbdoctor check acme/widgets -u \"pat:$BITBUCKET_API_TOKEN\"",
        credential: "pat-api-token",
        sent: Sent::Basic("pat"),
        expected: "api-token-with-username",
        tweak: today,
    },
    Scenario {
        title: "An app password after its removal",
        story: "app passwords stopped working on 2026-07-28",
        target: "acme/widgets",
        command: "bbdoctor check acme/widgets -u \"pat:$BITBUCKET_APP_PASSWORD\"",
        credential: "pat-app-password",
        sent: Sent::Basic("pat"),
        expected: "app-password-retired",
        tweak: today,
    },
    Scenario {
        title: "An API token created without scopes",
        story: "\"Create API token\" instead of \"Create API token with scopes\"",
        target: "acme/widgets",
        command: "bbdoctor check acme/widgets   # BITBUCKET_EMAIL + BITBUCKET_API_TOKEN",
        credential: "pat-api-token-unscoped",
        sent: Sent::Basic(PAT_EMAIL),
        expected: "api-token-without-scopes",
        tweak: today,
    },
    Scenario {
        title: "Access token on another repository",
        story: "access tokens live in one repository, project or workspace",
        target: "globex/gadgets",
        command: "bbdoctor check globex/gadgets   # BITBUCKET_ACCESS_TOKEN",
        credential: "widgets-repo-token",
        sent: Sent::Header("Bearer"),
        expected: "access-token-wrong-resource",
        tweak: today,
    },
    Scenario {
        title: "A healthy API token",
        story: "Basic auth with the account email: the documented form",
        target: "acme/widgets",
        command: "bbdoctor check acme/widgets   # BITBUCKET_EMAIL + BITBUCKET_API_TOKEN",
        credential: "pat-api-token",
        sent: Sent::Basic(PAT_EMAIL),
        expected: "healthy",
        tweak: today,
    },
];

/// What one scenario produced.
struct Outcome {
    root: String,
    exit: u8,
    requests: usize,
    ok: bool,
}

/// Run every scenario, print each diagnosis, and return the exit code (0 when every root cause
/// was the expected one).
pub fn run(out: &mut dyn FnMut(&str)) -> Result<u8, String> {
    out(&format!(
        "{}\n\nEach scenario starts a local Bitbucket Cloud simulator (loopback, synthetic secrets)\n\
         and runs `bbdoctor check` against it, exactly as against api.bitbucket.org.\n",
        paint("bbdoctor demo", BOLD)
    ));
    let mut outcomes = Vec::new();
    let total = SCENARIOS.len() + crate::ssh::demo::SCENARIOS.len();
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        let (report, requests) = diagnose(scenario)?;
        let root = report
            .findings
            .first()
            .map_or("(none)".to_string(), |f| f.id().to_string());
        let ok = root == scenario.expected;
        out(&format!(
            "\n{} {}\n  {}\n  {} {}\n{}",
            paint(&format!("━━ {}/{total}", i + 1), CYAN_BOLD),
            paint(scenario.title, BOLD),
            paint(scenario.story, DIM),
            paint("$", DIM),
            scenario.command,
            report.findings_text()
        ));
        outcomes.push(Outcome {
            root,
            exit: report.exit_code(),
            requests,
            ok,
        });
    }
    let mut titles: Vec<&str> = SCENARIOS.iter().map(|s| s.title).collect();
    for (i, scenario) in crate::ssh::demo::SCENARIOS.iter().enumerate() {
        let n = SCENARIOS.len() + i + 1;
        let head = format!(
            "\n{} {}\n  {}\n  {} {}\n",
            paint(&format!("━━ {n}/{total}"), CYAN_BOLD),
            paint(scenario.title, BOLD),
            paint(scenario.story, DIM),
            paint("$", DIM),
            scenario.command,
        );
        match crate::ssh::demo::diagnose(scenario) {
            Ok((report, connections)) => {
                let root = report
                    .findings
                    .first()
                    .map_or("(none)".to_string(), |f| f.id().to_string());
                out(&format!("{head}{}", report.findings_text()));
                outcomes.push(Outcome {
                    ok: root == scenario.expected,
                    root,
                    exit: report.exit_code(),
                    requests: connections,
                });
                titles.push(scenario.title);
            }
            // No ssh here: say so, and do not count it as a wrong diagnosis.
            Err(why) => out(&format!(
                "{head}  {}\n",
                paint(&format!("skipped: {why}"), DIM)
            )),
        }
    }
    out(&format!("\n{}\n", summary(&titles, &outcomes)));
    Ok(if outcomes.iter().all(|o| o.ok) { 0 } else { 1 })
}

fn diagnose(s: &Scenario) -> Result<(Report, usize), String> {
    let (report, log, _) = run_scenario(s, 0)?;
    Ok((report, log.len()))
}

/// One demo check as measured by `benches/rounds.rs`: its root cause, what it sent, how many
/// of those were refused logins, and how long the check took (the simulator's start excluded).
#[derive(Clone, Debug)]
pub struct Measured {
    pub title: &'static str,
    pub root: String,
    pub requests: usize,
    pub refused: usize,
    pub elapsed: Duration,
}

/// Every HTTPS demo check once, against a simulator that adds `latency_ms` to each request.
pub fn measure(latency_ms: u64) -> Result<Vec<Measured>, String> {
    SCENARIOS
        .iter()
        .map(|s| {
            let (report, log, elapsed) = run_scenario(s, latency_ms)?;
            Ok(Measured {
                title: s.title,
                root: report
                    .findings
                    .first()
                    .map_or("(none)".to_string(), |f| f.id().to_string()),
                requests: log.len(),
                refused: log
                    .iter()
                    .filter(|r| r.outcome == crate::sim::Outcome::Refused)
                    .count(),
                elapsed,
            })
        })
        .collect()
}

fn run_scenario(
    s: &Scenario,
    latency_ms: u64,
) -> Result<(Report, Vec<crate::sim::LoggedRequest>, Duration), String> {
    let mut world = World::default_world();
    (s.tweak)(&mut world);
    world.latency_ms = latency_ms;
    let secret = world
        .credentials
        .iter()
        .find(|c| c.id == s.credential)
        .map(|c| Secret::new(c.secret.clone()))
        .ok_or_else(|| format!("demo world lacks credential {}", s.credential))?;
    let sim = Sim::start(world).map_err(|e| format!("cannot start the simulator: {e}"))?;
    let auth = match s.sent {
        Sent::Header(word) => Authorization::as_written(word, &secret),
        Sent::Basic(login) => Authorization::basic(login, secret),
    };
    let setup = Setup {
        target: Some(Target::parse(s.target)?),
        auth: Some(auth),
        source: Some("demo".into()),
        provenance: Default::default(),
        api_url: sim.api_url(),
        git_url: sim.base_url(),
        endpoints: Vec::new(),
        email: Some(PAT_EMAIL.into()),
        username: Some("pat".into()),
        timeout: Duration::from_secs(10),
        requirements: Default::default(),
        secrets: Default::default(),
        ssh: None,
        git_helper: None,
    };
    let started = std::time::Instant::now();
    let report = check::run(&setup);
    let elapsed = started.elapsed();
    Ok((report, sim.requests(), elapsed))
}

fn summary(titles: &[&str], outcomes: &[Outcome]) -> String {
    let mut out = format!(
        "{}\n  {:>2} {:<36} {:<27} {:>2} {:>3}\n",
        paint("summary", BOLD),
        "#",
        "scenario",
        "root cause",
        "ex",
        "req"
    );
    // `req` counts HTTP requests, or SSH connections for the SSH scenarios.
    for (i, (s, o)) in titles.iter().zip(outcomes).enumerate() {
        let mark = if o.ok {
            paint("✓", GREEN)
        } else {
            paint("✗", RED)
        };
        let title: String = s.chars().take(36).collect();
        out.push_str(&format!(
            "  {:>2} {:<36} {:<27} {:>2} {:>3} {mark}\n",
            i + 1,
            title,
            o.root,
            o.exit,
            o.requests
        ));
    }
    let wrong = outcomes.iter().filter(|o| !o.ok).count();
    if wrong > 0 {
        out.push_str(&format!(
            "\n{}\n",
            paint(
                &format!("{wrong} scenario(s) did not find their expected root cause"),
                RED
            )
        ));
    }
    out
}
