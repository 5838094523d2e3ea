//! An attempt made again that went through: a command run a second time whose output shows no
//! error, or a tool's "retrying" after which the job went on. What passed in between was a
//! condition of the moment (a 5xx, a 429, a dropped connection), not the credential: the
//! credential is the same on both attempts.

use std::ops::Range;

use super::paste;

/// The lines (from 1) of attempts that a later attempt made again and that went through: from
/// the command of the first attempt to the line where the next begins.
pub fn passed(text: &str) -> Vec<Range<usize>> {
    // memchr's search for each line's end (`str::lines` looks for each a byte at a time).
    let lines: Vec<&str> = super::scan::lines(text).collect();
    let command: Vec<Option<&str>> = lines.iter().map(|l| paste::command(l)).collect();
    let commands: Vec<(usize, &str)> = command
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i, c)))
        .collect();
    let mut ranges = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        // Where the attempt that is made again began: the same command run before, or, for a
        // tool's own retry, the command the retry belongs to.
        let first = match command[i] {
            Some(c) => commands
                .iter()
                .take_while(|(j, _)| *j < i)
                .find(|(_, earlier)| *earlier == c)
                .map(|(j, _)| *j),
            None if retrying(line) => Some(
                commands
                    .iter()
                    .take_while(|(j, _)| *j < i)
                    .last()
                    .map_or(0, |(j, _)| *j),
            ),
            None => None,
        };
        let Some(first) = first else { continue };
        let next = commands
            .iter()
            .find(|(j, _)| *j > i)
            .map_or(lines.len(), |(j, _)| *j);
        let output = &lines[i + 1..next];
        // It went through when what it printed holds no error and something shows it ended:
        // output, or the next command run.
        let ended = next < lines.len() || output.iter().any(|l| !l.trim().is_empty());
        if ended && !output.iter().any(|l| failing(l)) {
            ranges.push(first + 1..i + 1);
        }
    }
    ranges
}

/// A tool saying it makes an attempt again (`Retrying in 2 seconds...`, `Retry attempt 2 of
/// 5`), as a log line says it; not prose that speaks of retrying ("retrying usually works").
fn retrying(line: &str) -> bool {
    // Every phrase below holds `retr`: a line without it (most) is not copied and searched.
    if !crate::evidence::contains_ignore_ascii_case(line, "retr") {
        return false;
    }
    let lower = line.trim().to_ascii_lowercase();
    lower.starts_with("retrying")
        || [
            "retrying in ",
            "will retry in ",
            "retry attempt ",
            "retrying (",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// Words of an error, in any tool's output; a retry announced again means the attempt failed.
fn failing(line: &str) -> bool {
    const WORDS: [&str; 21] = [
        "error",
        "fatal",
        "fail",
        "denied",
        "refused",
        "timed out",
        "timeout",
        "unauthori",
        "forbidden",
        "invalid",
        "could not",
        "couldn't",
        "unable",
        "not found",
        "exception",
        "bad gateway",
        "unavailable",
        "rejected",
        "abort",
        "traceback",
        "retry",
    ];
    let lower = line.to_ascii_lowercase();
    WORDS.iter().any(|w| lower.contains(w)) || retrying(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_run_again_without_an_error_went_through() {
        let text = "$ bb pr list acme/web\n\
                    Error: GET https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests: 502 Bad Gateway\n\
                    $ bb pr list acme/web\n\
                    #212  feat: checkout v2\n";
        assert_eq!(passed(text), vec![1..3]);
        // Run again and failing again, or with nothing to show it ended: no.
        let again = "$ git fetch\nfatal: unable to access\n$ git fetch\nfatal: unable to access\n";
        assert!(passed(again).is_empty());
        assert!(passed("$ git fetch\nerror: RPC failed\n$ git fetch\n").is_empty());
        // Another command is not the same attempt.
        assert!(passed("$ git fetch\nerror: 502\n$ git pull\nAlready up to date.\n").is_empty());
    }

    #[test]
    fn a_tool_s_retry_went_through_when_the_job_went_on() {
        let text = "+ retry 6 git clone https://bitbucket.org/acme/web.git build\n\
                    Cloning into 'build'...\n\
                    error: RPC failed; curl 56 Connection reset by peer\n\
                    Retrying in 2 seconds...\n\
                    Cloning into 'build'...\n\
                    + git reset --hard 8a9b0c1\n";
        assert_eq!(passed(text), vec![1..4]);
        // A retry announced again failed; the last one went through when the job went on.
        let twice = "+ retry git clone x\nerror: 502\nRetrying in 2 seconds...\nRetrying in 4 seconds...\n+ echo done\n";
        assert_eq!(passed(twice), vec![1..4]);
        // Retried with an error, or the paste ends before the job went on: no.
        let failed =
            "+ git clone x\nerror: 502\nRetrying in 2 seconds...\nerror: 502\n+ echo done\n";
        assert!(passed(failed).is_empty());
        assert!(passed("+ git clone x\nerror: 502\nRetrying in 2 seconds...\n").is_empty());
        // Prose about retrying is no retry.
        let prose = "Cannot download contents: BadGateway\nGenerally retrying works.\nWhy?\n";
        assert!(passed(prose).is_empty());
    }
}
