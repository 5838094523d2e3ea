//! Injected failures, acted out on the raw connection: a status with a plausible body, a
//! connection that hangs, closes, stalls after the headers, sends a huge or broken body, or
//! redirects elsewhere. They model the network and Bitbucket's edge, not its authentication,
//! so their bodies are plausible rather than sourced (the edge is envoy: `server: envoy` in
//! S-KB401's 401).

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use super::http::{Response, write_head, write_response};
use super::messages as msg;
use super::world::FaultAction;

/// The status a fault answers with; 0 when it sends no status line.
pub fn status(action: &FaultAction) -> u16 {
    match action {
        FaultAction::Status { status, .. } => *status,
        FaultAction::Hang | FaultAction::Reset => 0,
        FaultAction::StallBody
        | FaultAction::HugeBody { .. }
        | FaultAction::InvalidJson
        | FaultAction::Latency => 200,
        FaultAction::Redirect { .. } => 302,
    }
}

/// Plays the fault on the connection. Returns when done, or when the simulator stops.
pub fn act(
    stream: &mut TcpStream,
    action: &FaultAction,
    date: &str,
    head_only: bool,
    stop: &AtomicBool,
) -> io::Result<()> {
    match action {
        FaultAction::Status { status, body } => write_response(
            stream,
            &status_response(*status, body.as_deref()),
            date,
            head_only,
        ),
        FaultAction::Hang => {
            wait_for_stop(stop);
            Ok(())
        }
        // Dropping the stream closes it: the client sees the connection end with no answer.
        FaultAction::Reset => Ok(()),
        FaultAction::StallBody => {
            let head = Response::new(200).header("Content-Type", "application/json; charset=utf-8");
            write_head(stream, &head, date, 1024)?;
            stream.flush()?;
            wait_for_stop(stop);
            Ok(())
        }
        FaultAction::HugeBody { megabytes } => {
            let len = *megabytes as usize * 1024 * 1024;
            let head = Response::new(200).header("Content-Type", "application/json; charset=utf-8");
            write_head(stream, &head, date, len)?;
            if !head_only {
                let chunk = vec![b' '; 64 * 1024];
                let mut left = len;
                while left > 0 && !stop.load(Ordering::Relaxed) {
                    let n = left.min(chunk.len());
                    stream.write_all(&chunk[..n])?;
                    left -= n;
                }
            }
            stream.flush()
        }
        FaultAction::InvalidJson => {
            let broken = Response::new(200)
                .header("Content-Type", "application/json; charset=utf-8")
                .body(r#"{"type": "repository", "full_name": "acme/wid"#);
            write_response(stream, &broken, date, head_only)
        }
        FaultAction::Redirect { location } => {
            let redirect = Response::new(302).header("Location", location.as_str());
            write_response(stream, &redirect, date, head_only)
        }
        // Latency only: the router answers normally and never hands this over.
        FaultAction::Latency => Ok(()),
    }
}

/// A status fault's response: the world's body, else a plausible one for the status.
fn status_response(status: u16, body: Option<&str>) -> Response {
    if let Some(body) = body {
        let kind = if body.trim_start().starts_with('{') {
            "application/json; charset=utf-8"
        } else {
            "text/plain; charset=utf-8"
        };
        return Response::new(status)
            .header("Content-Type", kind)
            .body(body);
    }
    match status {
        502 => Response::text(
            status,
            "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
        ),
        503 => Response::text(status, "no healthy upstream"),
        504 => Response::text(status, "upstream request timeout"),
        _ => Response::json(status, &msg::error("Something went wrong")),
    }
}

fn wait_for_stop(stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        thread::sleep(Duration::from_millis(20));
    }
}
