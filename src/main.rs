//! The command line: clap definitions and dispatch to the library. Nothing else.

use bbdoctor::check::{self, Options, ProcessEnv};
use bbdoctor::report::Report;
use bbdoctor::rules;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

/// A doctor for Bitbucket Cloud authentication: says why a call fails and how to fix it.
#[derive(Parser)]
#[command(name = "bbdoctor", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 no problem found, 1 a problem found (the diagnosis), \
    2 bad usage or unreadable input, 3 Bitbucket could not be reached or answered 5xx."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to use colors.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Never use colors (same as --color never; NO_COLOR is honoured too).
    #[arg(long, global = true)]
    no_color: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Probe Bitbucket with your credential (read-only) and diagnose what is wrong.
    #[command(
        after_help = "Credential, first match wins: -H, -u, --curl, --git-credential; then the \
        environment (BITBUCKET_EMAIL + BITBUCKET_API_TOKEN, BITBUCKET_USERNAME + \
        BITBUCKET_APP_PASSWORD, BITBUCKET_ACCESS_TOKEN); then git's credential helper when the \
        target is the current repository's origin; then ~/.netrc ($NETRC) for the API host. \
        None: an anonymous check.\n\n\
        Target, when absent: BITBUCKET_REPO_FULL_NAME (or BITBUCKET_WORKSPACE + \
        BITBUCKET_REPO_SLUG), else the current repository's origin.\n\n\
        Examples:\n  \
        bbdoctor check                 # inside a clone: its origin, and git's stored credential\n  \
        bbdoctor check acme/widgets -H \"Authorization: Bearer $TOKEN\"\n  \
        BITBUCKET_EMAIL=me@example.com BITBUCKET_API_TOKEN=... bbdoctor check acme/widgets\n  \
        bbdoctor check https://bitbucket.org/acme/widgets --format json"
    )]
    Check(CheckArgs),
    /// List the finding ids, or explain one (like `rustc --explain`).
    Rules {
        /// A finding id, e.g. api-token-as-bearer.
        id: Option<String>,
    },
    /// Run check on the classic failures against the embedded simulator.
    Demo,
    /// Serve the Bitbucket Cloud simulator on loopback (for trying curl, git or bbdoctor).
    Sim {
        /// A world file (JSON, see docs/simulator.md); default: the embedded default world.
        #[arg(long, value_name = "FILE")]
        world: Option<std::path::PathBuf>,
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
        listen: String,
        /// Latency added to every answer, in milliseconds.
        #[arg(long, value_name = "N")]
        latency_ms: Option<u64>,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// WORKSPACE/REPO, or any Bitbucket URL naming one (web, clone, API).
    /// Default: the Pipelines variables, else the current repository's origin.
    target: Option<String>,
    /// The Authorization header exactly as you send it, e.g. 'Authorization: Bearer …'.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    header: Option<String>,
    /// LOGIN[:SECRET] for Basic auth, as curl -u; without the secret it is read from stdin
    /// (or typed at a prompt, not echoed).
    #[arg(short = 'u', long = "user", value_name = "LOGIN[:SECRET]")]
    user: Option<String>,
    /// Your own curl command: its URL, -u and -H are used ($VARS outside single quotes are
    /// taken from the environment).
    #[arg(long, value_name = "'curl …'")]
    curl: Option<String>,
    /// Check what git's credential helper holds for the repository (`git credential fill`,
    /// never prompting).
    #[arg(long)]
    git_credential: bool,
    /// REST API base URL (e.g. the simulator's). [default: https://api.bitbucket.org/2.0, or
    /// {origin}/2.0 for a loopback origin]
    #[arg(long, value_name = "URL")]
    api_url: Option<String>,
    /// git base URL. [default: https://bitbucket.org, or the loopback origin's]
    #[arg(long, value_name = "URL")]
    git_url: Option<String>,
    /// An API path to probe too, e.g. /2.0/repositories/acme/widgets/pullrequests (repeatable).
    #[arg(long = "endpoint", value_name = "PATH")]
    endpoints: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Seconds the whole check may take.
    #[arg(long, value_name = "SECS", default_value_t = 15.0, value_parser = parse_timeout)]
    timeout: f64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err("expected a number of seconds between 0 and 3600".into()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    set_color(cli.color, cli.no_color);
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules { id } => run_rules(id.as_deref()),
        Command::Demo => bbdoctor::demo::run(&mut |text| {
            let _ = emit(text);
        }),
        Command::Sim {
            world,
            listen,
            latency_ms,
        } => bbdoctor::sim::run_standalone(world, Some(listen), latency_ms).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Colors only on a terminal unless asked; NO_COLOR wins over auto, CLICOLOR_FORCE forces.
fn set_color(choice: ColorChoice, no_color: bool) {
    let env = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    let on = match (no_color, choice) {
        (true, _) | (_, ColorChoice::Never) => false,
        (_, ColorChoice::Always) => true,
        (_, ColorChoice::Auto) => {
            env("CLICOLOR_FORCE") || (!env("NO_COLOR") && std::io::stdout().is_terminal())
        }
    };
    colored::control::set_override(on);
}

fn run_check(args: CheckArgs) -> Result<u8, String> {
    let opts = Options {
        target: args.target,
        header: args.header,
        user: args.user,
        curl: args.curl,
        git_credential: args.git_credential,
        api_url: args.api_url,
        git_url: args.git_url,
        endpoints: args.endpoints,
        timeout: Some(Duration::from_secs_f64(args.timeout)),
    };
    let setup = check::setup(&opts, &ProcessEnv).map_err(|e| e.0)?;
    let report = check::run(&setup);
    print_report(&report, args.format)
}

fn print_report(report: &Report, format: Format) -> Result<u8, String> {
    let text = match format {
        Format::Text => report.to_text(),
        Format::Json => format!("{:#}\n", report.to_json()),
    };
    emit(&text)?;
    Ok(report.exit_code())
}

fn run_rules(id: Option<&str>) -> Result<u8, String> {
    let Some(id) = id else {
        let mut out = String::new();
        for r in rules::CATALOG {
            out.push_str(&format!(
                "{:<28} {:<8} {}\n",
                r.id,
                r.severity.as_str(),
                r.title
            ));
        }
        emit(&out)?;
        return Ok(0);
    };
    let rule = rules::rule(id).ok_or_else(|| {
        let near: Vec<&str> = rules::CATALOG
            .iter()
            .map(|r| r.id)
            .filter(|r| r.contains(id) || id.contains(r))
            .collect();
        let hint = if near.is_empty() {
            "run `bbdoctor rules` for the list".to_string()
        } else {
            format!("did you mean {}?", near.join(", "))
        };
        format!("no finding id {id:?}: {hint}")
    })?;
    emit(rule.page)?;
    Ok(0)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write: {e}")),
        _ => Ok(()),
    }
}
