//! Performance figures for `docs/benchmarks.md`, measured on the real release binary:
//!
//! - **check latency**: `bbdoctor check` against the simulator with 100 ms of injected latency
//!   per request, for a healthy check and a failing one (both one round since 2026-12),
//!   as a ratio to one round trip to the same simulator; beside it the baseline, the same probes
//!   sent one after another on fresh connections as a user does by hand (with `curl`, and with a
//!   fresh ureq agent per request);
//! - **explain throughput**: the fixture reports replicated to 10,000+ files through
//!   `explain --format jsonl`, pinned to one core (`taskset -c 0`): reports per second and peak
//!   memory (the child's max RSS from `wait4`);
//! - **explain memory**: the same at 10,000 and at 100,000 files, the paths given with
//!   `--files-from` (100,000 do not fit on a command line): memory must stay flat;
//! - **start-up**: `bbdoctor --version` and `bbdoctor rules`, and the binary's size.
//!
//! Run: `cargo bench` (prints Markdown for docs/benchmarks.md); `cargo bench -- --quick` for a
//! smoke run with few repetitions.
//!
//! This is a benchmark, not a test: the machines it runs on are shared and noisy, so it asserts
//! nothing about time. Each figure is measured several times, the variants interleaved so that a
//! burst of load from elsewhere hits all of them alike, and reported as the median with the
//! range (min–max). The load average is printed with each section. Loopback only: every request
//! goes to the simulator on 127.0.0.1.

use bbdoctor::sim::{Sim, World};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_bbdoctor");
const LATENCY_MS: u64 = 100;
/// explain's batch: at least this many files.
const REPORTS: usize = 10_000;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = |full: usize| if quick { full.div_ceil(5) } else { full };
    println!("# bbdoctor benchmarks\n");
    machine();
    check_latency(runs(15));
    explain_throughput(runs(5));
    explain_memory(if quick { 30_000 } else { 100_000 });
    start_up(runs(200));
}

/// Median and range of some timings.
struct Spread {
    median: Duration,
    min: Duration,
    max: Duration,
}

impl Spread {
    fn of(mut times: Vec<Duration>) -> Spread {
        times.sort();
        let n = times.len();
        let median = match n % 2 {
            1 => times[n / 2],
            _ => (times[n / 2 - 1] + times[n / 2]) / 2,
        };
        Spread {
            median,
            min: times[0],
            max: times[n - 1],
        }
    }

    /// This median as a multiple of another's.
    fn ratio(&self, base: &Spread) -> f64 {
        self.median.as_secs_f64() / base.median.as_secs_f64()
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "{:.1} ms ({:.1}–{:.1})",
            ms(self.median),
            ms(self.min),
            ms(self.max)
        )
    }
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

/// The machine and its load: the figures mean little without them.
fn machine() {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let field = |text: &str, name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("- date: {} (UTC)", bbdoctor::clock::today());
    let mem_kb: f64 = field(&read("/proc/meminfo"), "MemTotal")
        .trim_end_matches(" kB")
        .parse()
        .unwrap_or(0.0);
    println!(
        "- machine: {cores} cores (nproc), CPU {}, memory {:.1} GiB",
        field(&read("/proc/cpuinfo"), "model name"),
        mem_kb / (1024.0 * 1024.0)
    );
    println!("- toolchain: {rustc}; binary {BIN}");
    println!("- command: `cargo bench`\n");
}

/// The load average now (1, 5 and 15 minutes): other engineers share these cores.
fn load() -> String {
    let avg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let first: Vec<&str> = avg.split_whitespace().take(3).collect();
    format!("load average {}", first.join(" "))
}

/// A check as a user runs it: its arguments and environment, and the root cause it must find
/// (so that a broken diagnosis is never timed as a fast one).
struct Scenario {
    title: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    expected: &'static str,
    /// The most round trips it may take (the target).
    target: f64,
}

/// What one run of a scenario sent: the probes' names (from the report) and the requests (from
/// the simulator's log), to replay one after another.
struct Sent {
    names: Vec<String>,
    requests: Vec<(String, String, Option<String>)>,
}

fn check_latency(runs: usize) {
    let mut world = World::default_world();
    world.latency_ms = LATENCY_MS;
    let token = world
        .credentials
        .iter()
        .find(|c| c.id == "pat-api-token")
        .map(|c| c.secret.clone())
        .expect("the default world's healthy API token");
    let sim = Sim::start(world).expect("start the simulator");
    let api = sim.api_url();
    let scenarios = [
        Scenario {
            title: "healthy: API token, Basic with the email",
            args: vec![],
            env: vec![
                ("BITBUCKET_EMAIL", "pat@example.com".into()),
                ("BITBUCKET_API_TOKEN", token.clone()),
            ],
            expected: "healthy",
            target: 1.3,
        },
        Scenario {
            title: "failing: API token sent as Bearer",
            args: vec!["-H".into(), format!("Authorization: Bearer {token}")],
            // Knowing the email, bbdoctor tries the corrected form in the same round (design.md
            // §8: every variant it may need is predicted from the header as sent).
            env: vec![("BITBUCKET_EMAIL", "pat@example.com".into())],
            expected: "api-token-as-bearer",
            target: 1.3,
        },
    ];
    let sent: Vec<Sent> = scenarios.iter().map(|s| record(&sim, s)).collect();

    // Interleaved: one of each per iteration.
    let (mut trip, mut trip_curl) = (vec![], vec![]);
    let mut checks = vec![vec![]; scenarios.len()];
    let mut by_hand = vec![vec![]; scenarios.len()];
    let mut by_curl = vec![vec![]; scenarios.len()];
    let load_before = load();
    let repo = format!("{api}/repositories/acme/widgets");
    for _ in 0..runs {
        trip.push(time(|| request("GET", &repo, None)).0);
        trip_curl.push(time(|| curl("GET", &repo, None)).0);
        for (i, (scenario, sent)) in scenarios.iter().zip(&sent).enumerate() {
            checks[i].push(time(|| check(&api, scenario)).0);
            by_hand[i].push(time(|| replay(&sim, sent, false)).0);
            by_curl[i].push(time(|| replay(&sim, sent, true)).0);
        }
    }
    let trip = Spread::of(trip);
    println!("## Check latency\n");
    println!(
        "Simulator with {LATENCY_MS} ms injected latency per request; runs: {runs} of each, \
         interleaved; {load_before} before, {} after.\n",
        load()
    );
    println!("One round trip (one GET to the same simulator, fresh connection): {trip}");
    println!(
        "(with curl, process start included: {})\n",
        Spread::of(trip_curl)
    );
    println!(
        "| check | requests | bbdoctor | ÷ round trip | target | one by one, curl | \
         one by one, ureq | bbdoctor ÷ curl |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (i, s) in scenarios.iter().enumerate() {
        let check = Spread::of(std::mem::take(&mut checks[i]));
        let curl = Spread::of(std::mem::take(&mut by_curl[i]));
        let hand = Spread::of(std::mem::take(&mut by_hand[i]));
        let ratio = check.ratio(&trip);
        println!(
            "| {} | {} ({}) | {check} | {ratio:.2} | <= {} ({}) | {curl} | {hand} | {:.2} |",
            s.title,
            sent[i].requests.len(),
            sent[i].names.join(", "),
            s.target,
            met(ratio <= s.target),
            check.ratio(&curl),
        );
    }
    println!(
        "\nThe simulator closes every connection after one request (`Connection: close`), so \
         connection reuse cannot show here (see docs/benchmarks.md).\n"
    );
}

/// Run a scenario once: check the diagnosis, and note what it sent.
fn record(sim: &Sim, s: &Scenario) -> Sent {
    let before = sim.requests().len();
    let report = check(&sim.api_url(), s);
    let requests = sim.requests()[before..]
        .iter()
        .map(|r| (r.method.clone(), r.path.clone(), r.authorization.clone()))
        .collect();
    let report: Value = serde_json::from_str(&report).expect("a JSON report");
    let first = &report["findings"][0]["id"];
    assert_eq!(
        first, s.expected,
        "{}: wrong diagnosis\n{report:#}",
        s.title
    );
    let names = report["probes"]
        .as_array()
        .expect("probes")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or("?").to_string())
        .collect();
    Sent { names, requests }
}

/// `bbdoctor check` as a user runs it, hermetically (no HOME, no netrc, no git remote).
fn check(api: &str, s: &Scenario) -> String {
    let out = Command::new(BIN)
        .args([
            "check",
            "acme/widgets",
            "--api-url",
            api,
            "--format",
            "json",
        ])
        .args(&s.args)
        .env_clear()
        .env("HOME", "")
        .env("NETRC", "")
        .envs(s.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("run bbdoctor");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The same requests one after another, each on a fresh connection: with curl, one process per
/// request as by hand, or with a fresh ureq agent per request.
fn replay(sim: &Sim, sent: &Sent, with_curl: bool) {
    for (method, path, auth) in &sent.requests {
        let url = format!("{}{path}", sim.base_url());
        match with_curl {
            true => curl(method, &url, auth.as_deref()),
            false => request(method, &url, auth.as_deref()),
        }
    }
}

/// One request on a fresh agent, so a fresh connection.
fn request(method: &str, url: &str, auth: Option<&str>) {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .new_agent();
    let mut req = match method {
        "HEAD" => agent.head(url),
        _ => agent.get(url),
    };
    if let Some(auth) = auth {
        req = req.header("Authorization", auth);
    }
    let mut resp = req.call().expect("the simulator answers");
    let _ = resp.body_mut().read_to_vec();
}

/// One request as by hand: a curl process.
fn curl(method: &str, url: &str, auth: Option<&str>) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-o", "/dev/null", "--noproxy", "*", url]);
    if method == "HEAD" {
        cmd.arg("-I");
    }
    if let Some(auth) = auth {
        cmd.args(["-H", &format!("Authorization: {auth}")]);
    }
    let status = cmd.status().expect("curl (apt-get install curl)");
    assert!(status.success(), "curl {url} failed");
}

fn explain_throughput(runs: usize) {
    let originals: Vec<PathBuf> = ["dev", "test"]
        .iter()
        .flat_map(|split| fixtures(&Path::new("fixtures/reports").join(split)))
        .collect();
    let dir = std::env::temp_dir().join(format!("bbdoctor-bench-{}", std::process::id()));
    let files = replicate(&originals, &dir, REPORTS);
    let out = dir.join("out.jsonl");
    let pinned = Command::new("taskset").args(["-c", "0", "true"]).status();
    let pinned = pinned.is_ok_and(|s| s.success());
    let load_before = load();
    let mut walls = vec![];
    let mut rss_kb = vec![];
    let mut cpu = vec![];
    for _ in 0..runs {
        let mut cmd = match pinned {
            true => {
                let mut c = Command::new("taskset");
                c.args(["-c", "0", BIN]);
                c
            }
            false => Command::new(BIN),
        };
        cmd.args(["explain", "--format", "jsonl"])
            .args(&files)
            .current_dir(&dir)
            .stdout(std::fs::File::create(&out).expect("create the output file"));
        let (wall, usage) = time(|| wait_measured(cmd.spawn().expect("run bbdoctor explain")));
        walls.push(wall);
        rss_kb.push(usage.max_rss_kb);
        cpu.push(usage.cpu);
    }
    let lines = std::fs::read_to_string(&out).map_or(0, |t| t.lines().count());
    assert_eq!(lines, files.len(), "one JSON document per report");
    let _ = std::fs::remove_dir_all(&dir);
    let wall = Spread::of(walls);
    let per_second = |d: Duration| files.len() as f64 / d.as_secs_f64();
    rss_kb.sort();
    println!("## Explain throughput\n");
    println!(
        "{} files (the {} fixture reports, {} times over), one `bbdoctor explain --format \
         jsonl` over all of them, {}; runs: {runs}; {load_before} before, {} after.\n",
        files.len(),
        originals.len(),
        files.len() / originals.len(),
        match pinned {
            true => "pinned to one core (`taskset -c 0`)",
            false => "NOT pinned (no taskset)",
        },
        load()
    );
    let rate = per_second(wall.median);
    println!("| figure | value | target |");
    println!("|---|---|---|");
    println!("| wall time | {wall} | |");
    let cpu = Spread::of(cpu);
    println!("| CPU time (user + system) | {cpu} | |");
    println!(
        "| reports per second (median; range) | {rate:.0} ({:.0}–{:.0}) | >= 25,000 ({}) |",
        per_second(wall.max),
        per_second(wall.min),
        met(rate >= 25000.0)
    );
    // Wall time counts the waits for a core that other work took; CPU time does not.
    println!(
        "| reports per CPU second (median) | {:.0} | |",
        per_second(cpu.median)
    );
    println!(
        "| peak memory (max RSS, median; range) | {:.1} MiB ({:.1}–{:.1}) | |\n",
        rss_kb[rss_kb.len() / 2] as f64 / 1024.0,
        rss_kb[0] as f64 / 1024.0,
        rss_kb[rss_kb.len() - 1] as f64 / 1024.0,
    );
}

/// Peak memory of one batch of the first `n` files, read from a list, and of one of `big`.
fn explain_memory(big: usize) {
    let originals: Vec<PathBuf> = ["dev", "test"]
        .iter()
        .flat_map(|split| fixtures(&Path::new("fixtures/reports").join(split)))
        .collect();
    let dir = std::env::temp_dir().join(format!("bbdoctor-bench-mem-{}", std::process::id()));
    let files = replicate(&originals, &dir, big);
    println!(
        "## Explain memory
"
    );
    println!(
        "One `bbdoctor explain --format jsonl --files-from LIST` over the first N of {} \
         copies of the fixture reports; one run each; {} before.\n",
        files.len(),
        load()
    );
    println!("| files | wall time | reports per second | peak memory (max RSS) |");
    println!("|---|---|---|---|");
    let mut peaks = vec![];
    for n in [REPORTS, files.len()] {
        let list = dir.join(format!("list-{n}.txt"));
        std::fs::write(&list, files[..n].join("\n")).expect("write the list");
        let mut cmd = Command::new(BIN);
        cmd.args(["explain", "--format", "jsonl", "--files-from"])
            .arg(&list)
            .current_dir(&dir)
            .stdout(Stdio::null());
        let (wall, usage) = time(|| wait_measured(cmd.spawn().expect("run bbdoctor explain")));
        println!(
            "| {n} | {:.2} s | {:.0} | {:.1} MiB |",
            wall.as_secs_f64(),
            n as f64 / wall.as_secs_f64(),
            usage.max_rss_kb as f64 / 1024.0
        );
        peaks.push(usage.max_rss_kb as f64);
    }
    let growth = peaks[1] / peaks[0];
    println!(
        "\nPeak memory at {} files is {growth:.2}× that at {REPORTS} (flat: {}).\n",
        files.len(),
        met(growth < 1.25)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures/reports (run from the repository root, as cargo bench does)")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    found.sort();
    found
}

/// Copy the fixture reports into `dir` until there are at least `n` files; their names,
/// relative to `dir` (short, so that 10,000 fit on one command line).
fn replicate(originals: &[PathBuf], dir: &Path, n: usize) -> Vec<String> {
    std::fs::create_dir_all(dir).expect("create the scratch directory");
    let copies = n.div_ceil(originals.len());
    let mut names = vec![];
    for copy in 0..copies {
        for (i, original) in originals.iter().enumerate() {
            let name = format!("{copy:03}-{i:03}.txt");
            std::fs::copy(original, dir.join(&name)).expect("copy a fixture");
            names.push(name);
        }
    }
    names
}

/// What the kernel counted for one child process.
struct Usage {
    max_rss_kb: i64,
    cpu: Duration,
}

/// Wait for a child and read its own resource usage (not that of every child, as
/// `getrusage(RUSAGE_CHILDREN)` would).
fn wait_measured(child: std::process::Child) -> Usage {
    let mut status = 0;
    // SAFETY: a plain system call on our own child; `usage` is fully written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid as u32, child.id(), "wait4 failed");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage {
        max_rss_kb: usage.ru_maxrss,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
    }
}

fn start_up(runs: usize) {
    let commands: [&[&str]; 2] = [&["--version"], &["rules"]];
    let mut times = vec![vec![]; commands.len()];
    let load_before = load();
    for _ in 0..runs {
        for (i, args) in commands.iter().enumerate() {
            let mut cmd = Command::new(BIN);
            cmd.args(*args).stdout(Stdio::null());
            times[i].push(time(|| cmd.status().expect("run bbdoctor")).0);
        }
    }
    println!("## Start-up\n");
    println!(
        "Runs: {runs} of each, interleaved, process spawn included; {load_before} before, {} \
         after.\n",
        load()
    );
    println!("| command | wall time | target |");
    println!("|---|---|---|");
    for (args, times) in commands.iter().zip(times) {
        let t = Spread::of(times);
        println!(
            "| `bbdoctor {}` | {t} | < 10 ms ({}) |",
            args.join(" "),
            met(t.median < Duration::from_millis(10))
        );
    }
    let size = std::fs::metadata(BIN).map_or(0, |m| m.len());
    println!(
        "\nRelease binary: {:.1} MB ({size} bytes).",
        size as f64 / 1e6
    );
}
