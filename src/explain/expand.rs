//! What the shell would substitute into a pasted command: variables assigned earlier in the
//! paste (`TOKEN=…`, `export AUTH=$(…)`), the output of `$(echo -n 'user:secret' | base64)`
//! (computed, so a missing `-n` shows as a trailing newline in the Basic credential), and
//! stand-ins for what cannot be known (an unset `$TOKEN`, the output of `curl … | jq`).

use super::shell::{self, Subst, Word};
use crate::credential::{Kind, kind_from_name};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::collections::HashMap;

/// A word's value after substitution, and what in it stands for something unknown.
#[derive(Clone, Debug, Default)]
pub struct Value {
    pub text: String,
    pub refs: Vec<Ref>,
}

/// A stretch of a [`Value`] that is not the secret itself but a stand-in for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// The text written in its place (`$TOKEN`, `$(curl … | jq …)`).
    pub text: String,
    /// The kind its name or command suggests.
    pub kind: Option<Kind>,
    /// The shell passed it on as written (single quotes): it reached the server literally.
    pub literal: bool,
}

/// Variables assigned earlier in the pasted text.
#[derive(Debug, Default)]
pub struct Env {
    vars: HashMap<String, Value>,
    /// A netrc file the paste shows (`machine api.bitbucket.org login … password …`), for
    /// the commands that read one (`curl --netrc`).
    pub netrc: Option<String>,
    /// git's `url.<base>.insteadOf <prefix>` rewrites set earlier: (prefix, base).
    pub insteadof: Vec<(String, String)>,
}

/// How deep `$(…)` may nest before we stop evaluating (hostile input nests thousands deep).
const MAX_DEPTH: u8 = 4;

impl Env {
    /// The variables `words` refer to (`$NAME`, `${NAME}`, `$env:NAME`, also inside `$(…)`),
    /// with the values `var` gives: a command the user runs in their own environment.
    pub fn from_environment(words: &[Word], var: &dyn Fn(&str) -> Option<String>) -> Env {
        let mut env = Env::default();
        let mut pending: Vec<(Word, u8)> = words.iter().map(|w| (w.clone(), 0)).collect();
        while let Some((word, depth)) = pending.pop() {
            for sub in &word.subs {
                match &sub.what {
                    Subst::Var(name) => {
                        let bare = name.get(..4).filter(|p| p.eq_ignore_ascii_case("env:"));
                        let key = bare.map_or(name.as_str(), |p| &name[p.len()..]);
                        if let Some(value) = var(key) {
                            env.set(
                                name,
                                Value {
                                    text: value,
                                    refs: Vec::new(),
                                },
                            );
                        }
                    }
                    // The same nesting limit as evaluation: hostile input nests deep.
                    Subst::Command(inner) if depth < MAX_DEPTH => {
                        let mut pos = 0;
                        while pos < inner.len() {
                            let c = shell::command(inner, pos);
                            let stage = c.words.into_iter().chain(c.here_string);
                            pending.extend(stage.map(|w| (w, depth + 1)));
                            if c.next <= pos {
                                break;
                            }
                            pos = c.next;
                        }
                    }
                    Subst::Command(_) => {}
                }
            }
        }
        env
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.vars.insert(name.to_string(), value);
    }

    /// `url` as git rewrites it by the `insteadOf` set earlier: the longest prefix wins.
    pub fn rewrite(&self, url: &str) -> Option<String> {
        self.insteadof
            .iter()
            .filter(|(prefix, _)| url.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(prefix, base)| format!("{base}{}", &url[prefix.len()..]))
    }

    /// The value assigned to `name` earlier in the paste.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// The word as the shell would pass it to the program.
    pub fn value(&self, word: &Word) -> Value {
        self.value_at(word, 0)
    }

    fn value_at(&self, word: &Word, depth: u8) -> Value {
        let mut out = Value::default();
        let mut copied = 0;
        for sub in &word.subs {
            let (start, end) = (sub.range.start, sub.range.end);
            if start < copied || end > word.text.len() {
                continue;
            }
            out.text.push_str(&word.text[copied..start]);
            copied = end;
            let source = &word.text[start..end];
            match (&sub.what, sub.expanded) {
                (Subst::Var(name), false) => {
                    out.text.push_str(source);
                    out.refs.push(Ref {
                        text: source.to_string(),
                        kind: kind_from_name(name),
                        literal: true,
                    });
                }
                (Subst::Command(_), false) => out.text.push_str(source),
                (Subst::Var(name), true) => match self.vars.get(name.as_str()) {
                    Some(v) => out.append(v),
                    None => {
                        out.text.push_str(source);
                        out.refs.push(Ref {
                            text: source.to_string(),
                            kind: kind_from_name(name),
                            literal: false,
                        });
                    }
                },
                (Subst::Command(inner), true) => out.append(&self.run(inner, depth + 1)),
            }
        }
        out.text.push_str(word.text.get(copied..).unwrap_or(""));
        out
    }

    /// The output of a command substitution: computed for `echo`/`printf … | base64`, else a
    /// stand-in naming the command, with the kind of secret it most likely prints.
    fn run(&self, inner: &str, depth: u8) -> Value {
        let unknown = || {
            let text = stand_in(inner);
            Value {
                refs: vec![Ref {
                    text: text.clone(),
                    kind: output_kind(inner),
                    literal: false,
                }],
                text,
            }
        };
        if depth > MAX_DEPTH {
            return unknown();
        }
        let mut stages = Vec::new();
        let mut pos = 0;
        loop {
            let c = shell::command(inner, pos);
            let more = c.stop == Some(shell::Stop::Pipe) && c.next > pos;
            pos = c.next;
            stages.push(c);
            if !more || stages.len() > 8 {
                break;
            }
        }
        let Some(mut out) = self.first_stage(&stages[0], depth) else {
            return unknown();
        };
        for stage in &stages[1..] {
            let Some(program) = stage.words.first() else {
                return unknown();
            };
            let args: Vec<&str> = stage.words[1..].iter().map(|w| w.text.as_str()).collect();
            match program.text.as_str() {
                "base64" | "openssl" if !args.iter().any(|a| is_decode_flag(a)) => {
                    out.text = STANDARD.encode(out.text.as_bytes());
                }
                "tr" if args.first() == Some(&"-d") => {
                    let set = args.get(1).copied().unwrap_or("");
                    if set.contains("\\n") {
                        out.text.retain(|c| c != '\n');
                    }
                    if set.contains("\\r") {
                        out.text.retain(|c| c != '\r');
                    }
                }
                "cat" | "xargs" => {}
                _ => return unknown(),
            }
        }
        // A command substitution drops the output's trailing newlines.
        let kept = out.text.trim_end_matches('\n').len();
        out.text.truncate(kept);
        out
    }

    /// `echo [-n] …`, `printf FORMAT …`, `base64 <<< …`: the text the first stage prints.
    fn first_stage(&self, stage: &shell::Command, depth: u8) -> Option<Value> {
        let program = stage.words.first()?;
        let args: Vec<Value> = stage.words[1..]
            .iter()
            .map(|w| self.value_at(w, depth))
            .collect();
        match program.text.as_str() {
            "echo" => {
                let flags = args
                    .iter()
                    .take_while(|a| {
                        a.text.len() > 1
                            && a.text.starts_with('-')
                            && a.text[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'))
                    })
                    .count();
                let newline = !args[..flags].iter().any(|a| a.text.contains('n'));
                let mut out = join(&args[flags..]);
                if newline {
                    out.text.push('\n');
                }
                Some(out)
            }
            "printf" => {
                let (format, rest) = args.split_first()?;
                let mut out = Value {
                    refs: format.refs.clone(),
                    ..Value::default()
                };
                let mut next = rest.iter();
                let mut chars = format.text.chars();
                while let Some(c) = chars.next() {
                    match (c, chars.clone().next()) {
                        ('%', Some('s')) => {
                            chars.next();
                            if let Some(arg) = next.next() {
                                out.append(arg);
                            }
                        }
                        ('%', Some('%')) | ('\\', Some('\\')) => {
                            out.text.push(c);
                            chars.next();
                        }
                        ('\\', Some('n')) => {
                            out.text.push('\n');
                            chars.next();
                        }
                        _ => out.text.push(c),
                    }
                }
                Some(out)
            }
            "base64" if !args.iter().any(|a| is_decode_flag(&a.text)) => {
                // `base64 <<< "user:secret"`: a here-string ends with a newline.
                let here = stage.here_string.as_ref()?;
                let mut v = self.value_at(here, depth);
                v.text.push('\n');
                v.text = STANDARD.encode(v.text.as_bytes());
                Some(v)
            }
            _ => None,
        }
    }
}

impl Value {
    fn append(&mut self, other: &Value) {
        self.text.push_str(&other.text);
        self.refs.extend(other.refs.iter().cloned());
    }
}

fn join(args: &[Value]) -> Value {
    let mut out = Value::default();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.text.push(' ');
        }
        out.append(a);
    }
    out
}

fn is_decode_flag(a: &str) -> bool {
    matches!(a, "-d" | "-D" | "--decode")
}

/// `$(curl … | jq …)`: the programs of a pipeline, never its arguments (they may hold
/// secrets).
fn stand_in(inner: &str) -> String {
    let programs: Vec<&str> = inner
        .split('|')
        .map(|stage| {
            let word = stage.split_whitespace().next().unwrap_or("");
            let simple = !word.is_empty()
                && word.len() <= 24
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
            if simple { word } else { "" }
        })
        .collect();
    let body = programs
        .iter()
        .map(|p| {
            if p.is_empty() {
                "…".to_string()
            } else {
                format!("{p} …")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ");
    format!("$({body})")
}

/// What a command most likely prints, from what it runs: a call to the OAuth token endpoint
/// prints an access token (fact sheet §1, OAuth 2.0 access token); otherwise the names in it
/// (`cat ~/.bitbucket_api_token`, `vault read … app_password`).
fn output_kind(inner: &str) -> Option<Kind> {
    let lower = inner.to_ascii_lowercase();
    let token_endpoint = lower.contains("grant_type")
        || lower.contains("oauth2/access_token")
        || (lower.contains("curl") && lower.contains("access_token"));
    if token_endpoint {
        Some(Kind::OauthToken)
    } else {
        kind_from_name(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_of(env: &Env, command: &str) -> Value {
        let c = shell::command(command, 0);
        env.value(&c.words[1])
    }

    #[test]
    fn computes_echo_into_base64() {
        let env = Env::default();
        let v = value_of(&env, "x \"Basic $(echo 'pat@example.com:tok' | base64)\"");
        let b64 = v.text.strip_prefix("Basic ").unwrap();
        assert_eq!(STANDARD.decode(b64).unwrap(), b"pat@example.com:tok\n");
        let v = value_of(&env, "x \"$(echo -n 'a:b' | base64 -w0)\"");
        assert_eq!(STANDARD.decode(&v.text).unwrap(), b"a:b");
        let v = value_of(&env, "x \"$(printf '%s:%s' u p | base64)\"");
        assert_eq!(STANDARD.decode(&v.text).unwrap(), b"u:p");
        let v = value_of(&env, "x \"$(base64 <<< 'u:p')\"");
        assert_eq!(STANDARD.decode(&v.text).unwrap(), b"u:p\n");
    }

    #[test]
    fn keeps_unknown_variables_as_references() {
        let env = Env::default();
        let v = value_of(&env, "x \"$(echo \"pat@example.com:$TOKEN\" | base64)\"");
        assert_eq!(
            STANDARD.decode(&v.text).unwrap(),
            b"pat@example.com:$TOKEN\n"
        );
        assert_eq!(v.refs[0].text, "$TOKEN");
        assert!(!v.refs[0].literal);
        let v = value_of(&env, "x 'Bearer $BITBUCKET_API_TOKEN'");
        assert!(v.refs[0].literal);
        assert_eq!(v.refs[0].kind, Some(Kind::ApiToken));
    }

    #[test]
    fn resolves_earlier_assignments_and_names_command_output() {
        let mut env = Env::default();
        let c = shell::command(
            "x \"$(curl -s -X POST -d 'grant_type=x' | jq -r .access_token)\"",
            0,
        );
        let v = env.value(&c.words[1]);
        assert_eq!(v.text, "$(curl … | jq …)");
        assert_eq!(v.refs[0].kind, Some(Kind::OauthToken));
        env.set("AUTH", v);
        let v = value_of(&env, "x \"Bearer $AUTH\"");
        assert_eq!(v.text, "Bearer $(curl … | jq …)");
        assert_eq!(v.refs[0].kind, Some(Kind::OauthToken));
    }

    #[test]
    fn deep_nesting_stops() {
        let deep = format!("x \"{}{}\"", "$(echo ".repeat(200), ")".repeat(200));
        let _ = value_of(&Env::default(), &deep);
    }
}
