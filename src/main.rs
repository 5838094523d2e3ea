//! The command line: clap definitions and dispatch to the library. Nothing else.

use bbdoctor::check::{self, Options, ProcessEnv};
use bbdoctor::credential::Scrubber;
use bbdoctor::evidence::{Permission, Requirements, printable};
use bbdoctor::report::{self, Style};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// A doctor for Bitbucket Cloud authentication: says why a call fails and how to fix it.
#[derive(Parser)]
#[command(name = "bbdoctor", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 no problem found, 1 a problem found (the diagnosis), \
    2 bad usage or unreadable input, 3 Bitbucket could not be reached or answered 5xx, \
    4 inconclusive (a failure whose cause is not settled)."
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
    Check(Box<CheckArgs>),
    /// Diagnose pasted material offline: a curl command, a response, git's output, a forum
    /// post. Sends nothing.
    #[command(after_help = "Examples:\n  \
        bbdoctor explain post.txt\n  \
        pbpaste | bbdoctor explain --format markdown      # a forum-ready answer\n  \
        bbdoctor explain tickets/*.txt --format jsonl     # a queue: one JSON document a line")]
    Explain(ExplainArgs),
    /// List the finding ids, or explain one (like `rustc --explain`).
    Rules {
        /// A finding id, e.g. api-token-as-bearer (completed by the shell completions; a near
        /// miss gets a "did you mean").
        #[arg(value_parser = rule_ids(), hide_possible_values = true)]
        id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text, ignore_case = true)]
        format: RulesFormat,
    },
    /// Print a shell completion script, e.g. `bbdoctor completions bash > /etc/bash_completion.d/bbdoctor`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff), e.g. `bbdoctor man > bbdoctor.1`, `bbdoctor man check`; or
    /// write every page, one per subcommand, with --out-dir.
    Man {
        /// The subcommand whose page to print (bbdoctor-check(1), …); default: bbdoctor(1).
        #[arg(value_parser = ["check", "explain", "rules", "completions", "man", "demo", "sim"])]
        command: Option<String>,
        /// Write bbdoctor.1 and every bbdoctor-SUBCOMMAND.1 into DIR (which must exist).
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        out_dir: Option<PathBuf>,
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
    #[arg(long, value_name = "URL", env = "BBDOCTOR_API_URL")]
    api_url: Option<String>,
    /// git base URL. [default: https://bitbucket.org, or the loopback origin's]
    #[arg(long, value_name = "URL", env = "BBDOCTOR_GIT_URL")]
    git_url: Option<String>,
    /// An API path to probe too, e.g. /2.0/repositories/acme/widgets/pullrequests (repeatable).
    #[arg(long = "endpoint", value_name = "PATH")]
    endpoints: Vec<String>,
    #[command(flatten)]
    output: OutputArgs,
    /// Fail unless the credential holds SCOPE (repeatable, or comma-separated), e.g.
    /// read:repository:bitbucket for an API token, repository:write for an access token.
    #[arg(long = "require-scope", value_name = "SCOPE", value_delimiter = ',')]
    require_scope: Vec<String>,
    /// Fail unless the credential's user has this permission on the repository.
    #[arg(long, value_enum, value_name = "LEVEL")]
    require_permission: Option<PermissionArg>,
    /// Seconds the whole check may take.
    #[arg(long, value_name = "SECS", default_value_t = 15.0, value_parser = parse_timeout)]
    timeout: f64,
    /// Check SSH access too: run your own ssh (config, agent, known_hosts) as git would.
    /// Implied by an SSH target or origin (git@ssh.bitbucket.org:WS/REPO.git, ssh://…).
    #[arg(long)]
    ssh: bool,
    /// Connect ssh to HOST instead (its HostName), e.g. the simulator's 127.0.0.1.
    #[arg(long, value_name = "HOST")]
    ssh_host: Option<String>,
    /// Connect ssh to port N instead.
    #[arg(long, value_name = "N")]
    ssh_port: Option<u16>,
    /// The operations in question (repeatable or comma-separated): clone, fetch, push,
    /// read-prs, write-prs, read-pipelines, run-pipelines, admin; yes or no for each, exit 1 on
    /// any no. Judged from scopes and permission, never tried (over SSH: clone and push).
    #[arg(long, value_name = "OPERATION", value_delimiter = ',')]
    can: Vec<String>,
}

#[derive(Args)]
struct ExplainArgs {
    /// Files to read; standard input when none or `-`.
    files: Vec<PathBuf>,
    /// Also read the paths of the files to explain from FILE, one a line (`-` for standard
    /// input): a batch too large for the command line, read as it goes.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// When the text was written (YYYY-MM-DD or YYYY-MM), for a text that shows no date of its
    /// own: a forum post's date. What changed on a date (app passwords retired, SSH moved to
    /// ssh.bitbucket.org) is judged as of then. Default: today.
    #[arg(long, value_name = "DATE", value_parser = bbdoctor::clock::written_date)]
    date: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

/// How a report is delivered: check and explain share these.
#[derive(Args)]
struct OutputArgs {
    /// Output format (the last one given wins); jsonl prints one document per line (per file
    /// for explain).
    #[arg(
        long,
        value_enum,
        default_value_t = Format::Text,
        overrides_with = "format",
        ignore_case = true
    )]
    format: Format,
    /// Also write the report to FILE (format from its extension: .txt .json .jsonl .md .xml,
    /// or --report-format), e.g. test-results/bbdoctor.xml for CI.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Format of the --report file.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        requires = "report",
        ignore_case = true
    )]
    report_format: Option<Format>,
    /// Print only failures (text and Markdown: the error findings; nothing when all is well).
    #[arg(short, long)]
    quiet: bool,
    /// Text: also the long explanations, every line of evidence and the probes sent.
    #[arg(short, long)]
    verbose: bool,
}

impl OutputArgs {
    /// The report file and its format, decided before any work (a bad extension is exit 2).
    fn report_file(&self) -> Result<Option<(PathBuf, report::Format)>, String> {
        self.report
            .as_ref()
            .map(|path| Ok((path.clone(), report_format(path, self.report_format)?)))
            .transpose()
    }

    /// Print the reports, write the report file, and give the exit code. `secrets` are cut
    /// out of both once more (the evidence holds none: this is the last gate).
    fn deliver(
        &self,
        reports: &[report::Report],
        file: Option<(PathBuf, report::Format)>,
        secrets: &Scrubber,
    ) -> Result<u8, String> {
        let style = Style {
            quiet: self.quiet,
            verbose: self.verbose,
            ..Style::terminal()
        };
        emit(&secrets.scrub_rendered(&report::render(reports, self.format.into(), style)))?;
        if let Some((path, format)) = file {
            let text = report::render(reports, format, Style::file());
            write_report(&path, &secrets.scrub_rendered(&text))?;
        }
        Ok(report::exit_code(reports))
    }

    /// Deliver a batch as its reports are made, each input read only when its turn comes.
    /// jsonl on standard output goes out a line per report, so memory stays flat however long
    /// the batch (a support queue's thousands of tickets, docs/benchmarks.md); the other forms,
    /// and a report file, need every report (but no input) at the end.
    fn deliver_each(
        &self,
        reports: impl Iterator<Item = (String, Result<report::Report, String>)>,
        file: Option<(PathBuf, report::Format)>,
    ) -> Result<u8, String> {
        if file.is_some() || !matches!(self.format, Format::Jsonl) {
            let all = reports.map(|(_, r)| r).collect::<Result<Vec<_>, _>>()?;
            return self.deliver(&all, file, &Scrubber::new());
        }
        // A batch goes on past an input it cannot read: that input is one error line (and the
        // batch's exit code is 2), the others are reported as usual.
        let mut code = 0;
        for (name, r) in reports {
            match r {
                Ok(r) => {
                    let one = std::slice::from_ref(&r);
                    emit(&report::render(one, report::Format::Jsonl, Style::file()))?;
                    code = report::worst([code, r.exit_code()]);
                }
                Err(e) => {
                    emit(&report::json::error_line("explain", &name, &e))?;
                    code = report::worst([code, 2]);
                }
            }
        }
        Ok(code)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Jsonl,
    Markdown,
    Junit,
}

impl From<Format> for report::Format {
    fn from(f: Format) -> report::Format {
        match f {
            Format::Text => report::Format::Text,
            Format::Json => report::Format::Json,
            Format::Jsonl => report::Format::Jsonl,
            Format::Markdown => report::Format::Markdown,
            Format::Junit => report::Format::Junit,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum PermissionArg {
    Read,
    Write,
    Admin,
}

impl From<PermissionArg> for Permission {
    fn from(p: PermissionArg) -> Permission {
        match p {
            PermissionArg::Read => Permission::Read,
            PermissionArg::Write => Permission::Write,
            PermissionArg::Admin => Permission::Admin,
        }
    }
}

fn parse_timeout(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        Ok(v) if v <= 0.0 => Err(
            "the check needs some time: give more than 0 seconds (at most 3600), e.g. --timeout 15"
                .into(),
        ),
        _ => Err("expected a number of seconds, more than 0 and at most 3600 (e.g. 15)".into()),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e),
    };
    set_color(cli.color, cli.no_color);
    let result = match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Explain(args) => run_explain(args),
        Command::Rules { id, format } => run_rules(id.as_deref(), format),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "bbdoctor", &mut out);
            emit(&String::from_utf8_lossy(&out)).map(|()| 0)
        }
        Command::Man { command, out_dir } => man(command.as_deref(), out_dir.as_deref()),
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
            // An argument quoted in the message may hold a secret or a terminal's escape
            // sequence (a file name): neither reaches the terminal.
            say(&format!(
                "error: {}\n",
                printable(&scrub_arguments(&message))
            ));
            ExitCode::from(2)
        }
    }
}

/// The finding ids, for the `rules` argument: completions list them, and clap's "a similar
/// value exists" answers a near miss.
fn rule_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(bbdoctor::rules::CATALOG.iter().map(|r| r.id))
}

/// `bbdoctor man`: one page printed, or every page written into a directory.
fn man(command: Option<&str>, out_dir: Option<&Path>) -> Result<u8, String> {
    let mut cli = Cli::command();
    cli.build();
    let render = |page: clap::Command, title: &str| {
        let mut out = Vec::new();
        clap_mangen::Man::new(page)
            .title(title.to_string())
            .render(&mut out)
            .map_err(|e| format!("cannot render the man page: {e}"))
            .map(|()| out)
    };
    let mut pages = vec![("bbdoctor".to_string(), cli.clone())];
    pages.extend(
        cli.get_subcommands()
            .filter(|s| s.get_name() != "help")
            .map(|s| (format!("bbdoctor-{}", s.get_name()), s.clone())),
    );
    if let Some(dir) = out_dir {
        if !dir.is_dir() {
            return Err(format!(
                "--out-dir {}: no such directory (create it first)",
                dir.display()
            ));
        }
        let mut written = Vec::new();
        for (title, page) in pages {
            let file = dir.join(format!("{title}.1"));
            std::fs::write(&file, render(page, &title)?)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            written.push(file.display().to_string());
        }
        say(&format!("bbdoctor: wrote {}\n", written.join(", ")));
        return Ok(0);
    }
    let title = match command {
        None => "bbdoctor".to_string(),
        Some(name) => format!("bbdoctor-{name}"),
    };
    let (_, page) = pages
        .into_iter()
        .find(|(t, _)| *t == title)
        .ok_or_else(|| format!("no subcommand {title}"))?;
    emit(&String::from_utf8_lossy(&render(page, &title)?))?;
    Ok(0)
}

/// Write to standard error. A closed or full standard error is no reason to fail, and must
/// not turn a diagnosis (or a usage error) into a panic: `eprint!` would panic.
fn say(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Help and version as clap prints them; a usage error (which quotes the offending argument:
/// it may be a secret given in the wrong place) without any secret of the command line.
fn clap_failure(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let mut text = scrub_arguments(&e.to_string());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    say(&text);
    ExitCode::from(2)
}

/// `text` with every secret the command line may hold cut out.
fn scrub_arguments(text: &str) -> String {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    bbdoctor::credential::scrub_arguments(text, &args)
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
    report::set_color(on);
}

fn run_check(args: CheckArgs) -> Result<u8, String> {
    // Decide the report file's format before sending anything.
    let report_file = args.output.report_file()?;
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
        requirements: Requirements {
            scopes: args.require_scope,
            permission: args.require_permission.map(Permission::from),
            can: Vec::new(),
        },
        ssh: args.ssh,
        ssh_host: args.ssh_host,
        ssh_port: args.ssh_port,
        can: args.can,
    };
    let env = ProcessEnv::within(opts.timeout.unwrap_or(Duration::from_secs(15)));
    let setup = check::setup(&opts, &env).map_err(|e| e.0)?;
    let report = match std::io::stderr().is_terminal() && !args.output.quiet {
        true => {
            let line = Progress::start();
            let report = check::run_observed(&setup, &|what| line.set(what));
            line.finish();
            report
        }
        false => check::run(&setup),
    };
    args.output.deliver(&[report], report_file, &setup.secrets)
}

fn run_explain(args: ExplainArgs) -> Result<u8, String> {
    use bbdoctor::explain::input;
    let report_file = args.output.report_file()?;
    let files = match args.files.is_empty() && args.files_from.is_none() {
        true => vec![PathBuf::from("-")],
        false => args.files,
    };
    // The list is read a line at a time, as the batch goes: memory does not grow with it.
    let listed: Box<dyn Iterator<Item = PathBuf>> = match &args.files_from {
        None => Box::new(std::iter::empty()),
        Some(list) => {
            use std::io::BufRead;
            let reader: Box<dyn BufRead> = if list.as_os_str() == "-" {
                if files.iter().any(|f| f.as_os_str() == "-") {
                    return Err("--files-from - and a file named - both want standard input".into());
                }
                Box::new(std::io::stdin().lock())
            } else {
                let f = std::fs::File::open(list)
                    .map_err(|e| format!("cannot read --files-from {}: {e}", list.display()))?;
                Box::new(std::io::BufReader::new(f))
            };
            Box::new(
                reader
                    .lines()
                    .map_while(Result::ok)
                    .map(|l| l.trim_end_matches('\r').to_string())
                    .filter(|l| !l.trim().is_empty())
                    .map(PathBuf::from),
            )
        }
    };
    // A missing input is a usage error before any output; each is read only when its turn
    // comes, so a batch never holds more than one input at a time.
    for f in files.iter().filter(|f| f.as_os_str() != "-") {
        match std::fs::metadata(f) {
            Ok(m) if m.is_dir() => return Err(format!("cannot read {}: a directory", f.display())),
            Ok(_) => {}
            Err(e) => return Err(format!("cannot read {}: {e}", f.display())),
        }
    }
    let named =
        files.len() > 1 || files.iter().any(|f| f.as_os_str() != "-") || args.files_from.is_some();
    let reports = files.into_iter().chain(listed).map(|f| {
        // A UTF-8 path as it is: `display`'s formatting cost more than reading a small file.
        let name = f
            .to_str()
            .map_or_else(|| f.display().to_string(), str::to_string);
        // A listed path that is a folder is a broken input of the batch, not its end
        // (`input::read` says so for a file; only `-` is looked up by name here).
        let report = match f.as_os_str() == "-" && std::fs::metadata(&f).is_ok_and(|m| m.is_dir()) {
            true => Err(format!("cannot read {name}: a directory")),
            false => input::read(&f).and_then(|text| {
                // A defect in a reader is one broken input of the batch, not its end.
                std::panic::catch_unwind(|| {
                    input::report_dated(named.then(|| name.clone()), &text, args.date.as_deref())
                })
                .map_err(|_| {
                    format!("{name}: bbdoctor failed on this text (a bug; please report it)")
                })
            }),
        };
        (name, report)
    });
    args.output.deliver_each(reports, report_file)
}

/// The progress line on a terminal's standard error: what is being probed and the seconds
/// elapsed, redrawn in place twice a second (a timeout no longer freezes it for 15 s), cut to
/// the terminal's width so that it never wraps and leaves debris, and erased before the answer.
struct Progress {
    state: std::sync::Arc<(std::sync::Mutex<(String, bool)>, std::sync::Condvar)>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Progress {
        let state = std::sync::Arc::new((
            std::sync::Mutex::new((String::from("starting"), false)),
            std::sync::Condvar::new(),
        ));
        let shared = state.clone();
        let started = std::time::Instant::now();
        let ticker = std::thread::spawn(move || {
            let (lock, wake) = &*shared;
            let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
            while !guard.1 {
                let width = terminal_size::terminal_size_of(std::io::stderr())
                    .map_or(80, |(w, _)| usize::from(w.0))
                    .max(20);
                let line = format!(
                    "bbdoctor: probing, {}… {:.1} s",
                    guard.0,
                    started.elapsed().as_secs_f64()
                );
                let line: String = line.chars().take(width - 1).collect();
                say(&format!("\r\x1b[K{line}"));
                guard = wake
                    .wait_timeout(guard, Duration::from_millis(500))
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            say("\r\x1b[K");
        });
        Progress {
            state,
            ticker: Some(ticker),
        }
    }

    /// What is being probed now (redrawn at once).
    fn set(&self, what: &str) {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap_or_else(|e| e.into_inner()).0 = what.to_string();
        wake.notify_all();
    }

    /// Erase the line; the answer follows on a clean line.
    fn finish(mut self) {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        wake.notify_all();
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

/// The format of a report file: as asked, else from its extension.
fn report_format(path: &Path, asked: Option<Format>) -> Result<report::Format, String> {
    match asked {
        Some(f) => Ok(f.into()),
        None => report::Format::from_path(path).ok_or_else(|| {
            format!(
                "--report {}: cannot tell the format from the extension; use .txt, .json, \
                 .jsonl, .md or .xml, or give --report-format",
                path.display()
            )
        }),
    }
}

/// Write a report file, creating its directory (CI's `test-results/` may not exist yet) and
/// saying so on standard error. A file
/// is written whole or not at all: into a temporary file beside it, then renamed over it, so a
/// write that fails half-way (a full disk) leaves no truncated report for CI to read. A FIFO,
/// a device or a link is written in place.
fn write_report(path: &Path, text: &str) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir
        && !dir.is_dir()
    {
        // CI's `test-results/` may not exist yet: create it, and say so (never silently).
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        say(&format!(
            "bbdoctor: created {} for the report\n",
            dir.display()
        ));
    }
    let in_place = std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file());
    let name = path.file_name().filter(|_| !in_place);
    let Some(name) = name else {
        return std::fs::write(path, text).map_err(cannot);
    };
    let temporary = dir.unwrap_or(Path::new(".")).join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(cannot)
}

fn run_rules(id: Option<&str>, format: RulesFormat) -> Result<u8, String> {
    let as_json = matches!(format, RulesFormat::Json);
    emit(&match id {
        None => report::catalog::listing(as_json),
        Some(id) => report::catalog::page(id, as_json)?,
    })?;
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
