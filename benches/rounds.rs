//! Round trips per check (issue 13 item 4, design.md §8): every HTTPS check of `bbdoctor demo`,
//! failing or healthy, against the simulator with 100 ms of injected latency per request; the
//! median of 5 runs as a multiple of one round trip to the same simulator, with the requests
//! and refused logins each check cost. The goal: every check within 1.3 round trips.
//!
//! Run: `cargo bench --bench rounds` (prints the Markdown table of docs/benchmarks.md).
//! A benchmark, not a test: it asserts nothing about time; loopback only.

use bbdoctor::sim::{Sim, World};
use std::time::{Duration, Instant};

const LATENCY_MS: u64 = 100;
const RUNS: usize = 5;
/// The goal, in round trips.
const GOAL: f64 = 1.3;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// One GET to the simulator on a fresh connection: the round trip the checks are measured in.
fn round_trip(url: &str) -> Duration {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .new_agent();
    let started = Instant::now();
    let mut resp = agent.get(url).call().expect("the simulator answers");
    let _ = resp.body_mut().read_to_vec();
    started.elapsed()
}

fn main() {
    let mut world = World::default_world();
    world.latency_ms = LATENCY_MS;
    let sim = Sim::start(world).expect("start the simulator");
    let url = format!("{}/repositories/acme/widgets", sim.api_url());
    let trip = median((0..RUNS).map(|_| round_trip(&url)).collect());

    // Interleaved: all checks once per run, so a burst of load hits them alike.
    let mut runs: Vec<Vec<bbdoctor::demo::Measured>> = Vec::new();
    for _ in 0..RUNS {
        runs.push(bbdoctor::demo::measure(LATENCY_MS).expect("the demo checks run"));
    }
    println!("## Round trips per check\n");
    println!(
        "Simulator with {LATENCY_MS} ms injected latency per request; one round trip (a GET on \
         a fresh connection): {} ms (median of {RUNS}). Each check: the median of {RUNS} runs.\n",
        trip.as_millis()
    );
    println!(
        "| check | root cause | requests | refused logins | time | round trips | within {GOAL} |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, first) in runs[0].iter().enumerate() {
        let time = median(runs.iter().map(|r| r[i].elapsed).collect());
        let ratio = time.as_secs_f64() / trip.as_secs_f64();
        println!(
            "| {} | `{}` | {} | {} | {} ms | {ratio:.2} | {} |",
            first.title,
            first.root,
            first.requests,
            first.refused,
            time.as_millis(),
            if ratio <= GOAL { "yes" } else { "no" }
        );
    }
}
