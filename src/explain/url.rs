//! URLs as pasted: found in prose, cleaned of the credentials they carry (which become the
//! request's Basic auth instead), and read for the API base the user called.

use super::scrub;
use crate::credential::Secret;
use crate::target::Target;

/// The credentials a URL carried in its user-info (`https://user:secret@host/…`).
#[derive(Debug)]
pub struct UserInfo {
    pub login: String,
    pub secret: Option<Secret>,
}

/// A URL without its user-info, with token-bearing query values redacted.
pub fn clean(url: &str) -> (String, Option<UserInfo>) {
    let (url, user) = split_userinfo(url);
    // Most URLs hold nothing to redact: the one made above is kept, not copied.
    let url = match scrub::text(&url) {
        std::borrow::Cow::Borrowed(_) => url,
        std::borrow::Cow::Owned(scrubbed) => scrubbed,
    };
    (url, user)
}

/// A URL without its user-info, and the credentials that user-info carried; nothing redacted
/// (for a request bbdoctor sends, never for evidence).
pub fn split_userinfo(url: &str) -> (String, Option<UserInfo>) {
    // `://` found from the colons (one or two in a URL): `split_once` builds a substring
    // searcher each call, and this runs for every URL of every report.
    let b = url.as_bytes();
    let Some(colon) = memchr::memchr_iter(b':', b).find(|&i| b[i + 1..].starts_with(b"//")) else {
        return (url.to_string(), None);
    };
    let (scheme, rest) = (&url[..colon], &url[colon + 3..]);
    // A `#` before the user-info's `@` is in the secret, masked by the poster (`ATATT…####…`);
    // after it, it starts the fragment.
    // (Byte by byte: a search for either of two chars decodes every character.)
    let slash = rest
        .bytes()
        .position(|c| c == b'/' || c == b'?')
        .unwrap_or(rest.len());
    // (`@`, `#` and `:` by memchr: `str::find` with a `char` goes through a searcher that costs
    // more than these short searches; an ASCII byte is never inside a longer character.)
    let after_info = memchr::memrchr(b'@', &rest.as_bytes()[..slash]).map_or(0, |at| at + 1);
    let authority_end =
        memchr::memchr(b'#', &rest.as_bytes()[after_info..slash]).map_or(slash, |h| after_info + h);
    let (authority, path) = rest.split_at(authority_end);
    let (info, host) = match memchr::memrchr(b'@', authority.as_bytes()) {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        // `https://{username}:{token}/…`: a forum dropped `@bitbucket.org`; what is left of
        // the authority is user-info, not a host and a port.
        // A port written as a placeholder (`$KUB_NODE_IP:PORT`, `{host}:{port}`) is a port.
        None if memchr::memchr(b':', authority.as_bytes()).is_some_and(|at| {
            let port = &authority[at + 1..];
            !port.is_empty()
                && !port.bytes().all(|c| c.is_ascii_digit())
                && !crate::evidence::contains_ignore_ascii_case(port, "port")
        }) =>
        {
            (Some(authority), "bitbucket.org")
        }
        None => (None, authority),
    };
    let user = info.map(|info| match memchr::memchr(b':', info.as_bytes()) {
        Some(at) => {
            let (login, secret) = (&info[..at], &info[at + 1..]);
            UserInfo {
                login: crate::credential::percent_decode(login),
                secret: (!secret.is_empty())
                    .then(|| Secret::new(crate::credential::percent_decode(secret))),
            }
        }
        None => UserInfo {
            login: crate::credential::percent_decode(info),
            secret: None,
        },
    });
    // Pushed, not `format!`ted: its machinery cost several times the copy.
    let mut clean = String::with_capacity(scheme.len() + 3 + host.len() + path.len());
    for part in [scheme, "://", host, path] {
        clean.push_str(part);
    }
    (clean, user)
}

/// Every `http://` or `https://` URL in `text`, with trailing prose punctuation trimmed.
pub fn find_all(text: &str) -> impl Iterator<Item = &str> {
    // One searcher for every text, built once: a `find` per URL built its own each time, and
    // building one per call cost more than most searches with it.
    static HTTP: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let http = HTTP.get_or_init(|| memchr::memmem::Finder::new("http"));
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let rest = text.get(from..)?;
            let p = http.find(rest.as_bytes())?;
            let start = from + p;
            from = start + 4;
            let tail = &text[start..];
            if !(tail.starts_with("http://") || tail.starts_with("https://")) {
                continue;
            }
            if start > 0 && text.as_bytes()[start - 1].is_ascii_alphanumeric() {
                continue;
            }
            let len = url_len(tail);
            let url = tail[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', '>']);
            from = start + len.max(1);
            return Some(url);
        }
    })
}

/// How long the URL that starts `tail` is: up to whitespace, a quote or a closing bracket.
/// Read byte by byte while the bytes are ASCII (a URL's are), a character decoded only past
/// them, where Unicode's whitespace may stand: a `find` over `char`s decoded every one.
fn url_len(tail: &str) -> usize {
    let b = tail.as_bytes();
    let mut i = 0;
    loop {
        // Most bytes go on: one table lookup each.
        while b.get(i).is_some_and(|&c| !URL_STOP[usize::from(c)]) {
            i += 1;
        }
        let Some(&c) = b.get(i) else {
            return b.len();
        };
        if c.is_ascii() {
            return i;
        }
        let Some(ch) = tail[i..].chars().next() else {
            return b.len();
        };
        if ch.is_whitespace() {
            return i;
        }
        i += ch.len_utf8();
    }
}

/// The bytes [`url_len`] stops at: ASCII's whitespace (`char::is_whitespace` in ASCII is 9 to
/// 13 and the space), a quote, a closing bracket; and every byte outside ASCII, where the
/// character is decoded to ask whether it is whitespace.
static URL_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = c >= 0x80 || (c >= 9 && c <= 13);
        c += 1;
    }
    let others = [b' ', b'\'', b'"', b'`', b')', b']'];
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

/// The REST base a URL calls, kept as the user wrote it so a rule can judge it:
/// `https://api.bitbucket.org/2.0`, `https://bitbucket.org/api/2.0`, `http://…`,
/// `https://bitbucket.example.com/rest/api/1.0`, or a bare `https://api.bitbucket.org` when
/// the version is missing. `None` for web, git and documentation URLs.
pub fn api_base(url: &str) -> Option<String> {
    let (scheme, rest) = crate::evidence::split_once_str(url, "://")?;
    // (ASCII bytes found by memchr: `find` and `split` at several `char`s decode each one.)
    let host_end = memchr::memchr3(b'/', b'?', b'#', rest.as_bytes()).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let host = memchr::memrchr(b'@', authority.as_bytes())
        .map_or(authority, |at| &authority[at + 1..])
        .to_ascii_lowercase();
    let path = &rest[host_end..];
    let path = memchr::memchr2(b'?', b'#', path.as_bytes()).map_or(path, |at| &path[..at]);
    let loopback =
        host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]");
    if !(host.contains("bitbucket") || loopback) || path.contains(".git") {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let version = segments
        .iter()
        .take(4)
        .position(|s| matches!(*s, "2.0" | "1.0" | "latest"));
    let api_path = host.starts_with("api.")
        || segments.first() == Some(&"api")
        || segments.first() == Some(&"!api")
        || (segments.first() == Some(&"rest") && segments.get(1) == Some(&"api"))
        || version == Some(0);
    if !api_path {
        return None;
    }
    let host = &rest[..host_end];
    let host = memchr::memrchr(b'@', host.as_bytes()).map_or(host, |at| &host[at + 1..]);
    let prefix = match version {
        Some(v) => format!("/{}", segments[..=v].join("/")),
        None => String::new(),
    };
    Some(format!("{scheme}://{host}{prefix}"))
}

/// The REST base a tool's configuration sets to a Bitbucket address, from a line such as
/// `endpoint: 'https://bitbucket.org/'`, `BITBUCKET_API_URL=…`, `"apiBaseUrl": "…"` or
/// `serverUrl = …`: a key that names an API, an endpoint or a server's URL.
pub fn configured_api(text: &str) -> Option<String> {
    super::scan::lines(text)
        // Case-blind in place: a lower-case copy of every line was most of this search.
        .filter(|l| crate::evidence::contains_ignore_ascii_case(l, "bitbucket"))
        .find_map(|line| {
            let u = find_all(line).next()?;
            let at = u.as_ptr() as usize - line.as_ptr() as usize;
            let before = line[..at].trim_end_matches([' ', '"', '\'', '`']);
            let key = before
                .strip_suffix([':', '='])?
                .trim_end_matches([' ', '"', '\''])
                .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
                .next()?
                .to_ascii_lowercase();
            let key: String = key.chars().filter(char::is_ascii_alphanumeric).collect();
            let names_api = key.contains("api")
                || key.ends_with("endpoint")
                || (key.contains("server") && (key.ends_with("url") || key.ends_with("host")));
            let (clean, _) = clean(u);
            let bitbucket = crate::bitbucket::host_of(&clean).contains("bitbucket");
            (names_api && bitbucket).then_some(clean)
        })
}

/// Workspace names that are Bitbucket's own pages, not workspaces.
const RESERVED: &[&str] = &[
    "account",
    "site",
    "dashboard",
    "product",
    "blog",
    "support",
    "socialauth",
    "api",
    "!api",
    "2.0",
    "1.0",
    "rest",
    "repo",
    "snippets",
    "workspace",
    "login",
    "signup",
];

/// The repository a Bitbucket URL names, if it names one.
pub fn target(url: &str) -> Option<Target> {
    let (cleaned, user) = clean(url);
    // (By `find_str`: `split_once` and `split` with a `&str` build a searcher on every call.)
    let host =
        crate::evidence::split_once_str(&cleaned, "://").map_or(cleaned.as_str(), |(_, r)| r);
    let host = host
        .split(['/', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let cloud = matches!(
        host.as_str(),
        "bitbucket.org" | "www.bitbucket.org" | "api.bitbucket.org"
    );
    if !(cloud || host.starts_with("127.") || host == "localhost") {
        return None;
    }
    // git's discovery URL names the repository before `/info/refs`.
    let repo_url =
        crate::evidence::find_str(&cleaned, "/info/refs").map_or(&cleaned[..], |at| &cleaned[..at]);
    let mut t = Target::of_url(repo_url)?;
    let elided = |s: &str| {
        s.trim_end_matches(".git")
            .bytes()
            .all(|c| c == b'.' || c == b'*')
    };
    if RESERVED.contains(&t.workspace.as_str()) || elided(&t.workspace) || elided(&t.repo) {
        return None;
    }
    t.git_user = user.map(|u| scrub::text(&u.login).into_owned());
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_api_base_is_read_from_keys_that_name_an_api() {
        for (line, base) in [
            (
                "  endpoint: 'https://bitbucket.org/',",
                "https://bitbucket.org/",
            ),
            (
                "BITBUCKET_API_URL=https://bitbucket.org",
                "https://bitbucket.org",
            ),
            (
                "\"apiBaseUrl\": \"https://bitbucket.org/api/2.0\"",
                "https://bitbucket.org/api/2.0",
            ),
            (
                "bitbucket.serverUrl = https://bitbucket.org",
                "https://bitbucket.org",
            ),
        ] {
            assert_eq!(configured_api(line).as_deref(), Some(base), "{line:?}");
        }
        for line in [
            "BITBUCKET_URL=https://bitbucket.org",
            "see https://bitbucket.org/acme/widgets for the code",
            "endpoint: 'https://github.com/api/v3'",
            "repository: https://bitbucket.org/acme/widgets.git",
        ] {
            assert_eq!(configured_api(line), None, "{line:?}");
        }
    }

    #[test]
    fn strips_credentials_from_urls() {
        let (u, info) = clean("https://x-token-auth:ATCTTsecretsecret@bitbucket.org/acme/w.git");
        assert_eq!(u, "https://bitbucket.org/acme/w.git");
        let info = info.unwrap();
        assert_eq!(info.login, "x-token-auth");
        assert!(info.secret.is_some());
        let (u, info) = clean("https://pat%40example.com@api.bitbucket.org/2.0/user");
        assert_eq!(u, "https://api.bitbucket.org/2.0/user");
        assert_eq!(info.unwrap().login, "pat@example.com");
        // A `#` the poster masked the secret with stays in it; after the host it is a fragment.
        let (u, info) = clean("https://me:ATATT3xFfGF0ab####cd@bitbucket.org/a/b.git");
        assert_eq!(u, "https://bitbucket.org/a/b.git");
        assert_eq!(info.unwrap().secret.unwrap().len(), 20);
        let (u, _) = clean("https://bitbucket.org#readme");
        assert_eq!(u, "https://bitbucket.org#readme");
    }

    #[test]
    fn reads_the_api_base_as_written() {
        for (url, base) in [
            (
                "https://api.bitbucket.org/2.0/repositories/a/b",
                Some("https://api.bitbucket.org/2.0"),
            ),
            (
                "https://bitbucket.org/api/2.0/repositories/a/b",
                Some("https://bitbucket.org/api/2.0"),
            ),
            (
                "http://api.bitbucket.org/2.0/user",
                Some("http://api.bitbucket.org/2.0"),
            ),
            (
                "https://api.bitbucket.org/1.0/repositories/a/b",
                Some("https://api.bitbucket.org/1.0"),
            ),
            (
                "https://api.bitbucket.org/user",
                Some("https://api.bitbucket.org"),
            ),
            (
                "https://bitbucket.example.com/rest/api/1.0/projects/X/repos/y",
                Some("https://bitbucket.example.com/rest/api/1.0"),
            ),
            (
                "http://127.0.0.1:8080/2.0/user",
                Some("http://127.0.0.1:8080/2.0"),
            ),
            ("https://bitbucket.org/acme/widgets", None),
            ("https://bitbucket.org/site/oauth2/access_token", None),
            (
                "https://developer.atlassian.com/cloud/bitbucket/rest/intro/",
                None,
            ),
        ] {
            assert_eq!(api_base(url).as_deref(), base, "{url}");
        }
    }

    #[test]
    fn finds_urls_and_targets() {
        let text = "see https://bitbucket.org/acme/widgets.git/, and (https://api.bitbucket.org/2.0/user).";
        let urls: Vec<&str> = find_all(text).collect();
        assert_eq!(
            urls,
            [
                "https://bitbucket.org/acme/widgets.git/",
                "https://api.bitbucket.org/2.0/user"
            ]
        );
        assert_eq!(target(urls[0]).unwrap().to_string(), "acme/widgets");
        assert!(target(urls[1]).is_none());
        assert!(target("https://bitbucket.org/account/settings/app-passwords/").is_none());
        assert!(target("https://blog.bitbucket.org/2018/07/02/new-ip-addresses/").is_none());
        assert!(
            target("https://bitbucket.org/.....git/info/refs?service=git-upload-pack").is_none()
        );
        assert!(target("https://bitbucket.org/***/***.git").is_none());
        let t = target("https://bitbucket.org/acme/w.git/info/refs?service=git-upload-pack");
        assert_eq!(t.unwrap().to_string(), "acme/w");
        let (u, info) = clean("https://{username}:{app_password}/acme/w.git");
        assert_eq!(u, "https://bitbucket.org/acme/w.git");
        assert_eq!(info.unwrap().login, "{username}");
        assert_eq!(
            clean("http://127.0.0.1:8080/2.0").0,
            "http://127.0.0.1:8080/2.0"
        );
        let t = target("https://x-token-auth@bitbucket.org/acme/widgets.git").unwrap();
        assert_eq!(t.git_user.as_deref(), Some("x-token-auth"));
    }

    proptest::proptest! {
        /// Byte by byte, a URL ends where a search of its characters ends it.
        #[test]
        fn url_len_is_the_char_search(tail in "(a|/|:|'|\"|`|\\)|]|\t|\u{0b}| |é|\u{a0}|\u{2003}|\u{85}|x){0,16}") {
            let naive = tail
                .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`' | ')' | ']'))
                .unwrap_or(tail.len());
            proptest::prop_assert_eq!(url_len(&tail), naive);
        }

        /// A URL's user-info and host, split where the `str` searches for `@`, `#` and `:`
        /// split them (each an ASCII byte, found by memchr).
        #[test]
        fn split_userinfo_is_the_char_search(
            url in "https://(a|b|@|:|#|%40|1|/|\\?|é|\u{a0}){0,12}"
        ) {
            let rest = &url["https://".len()..];
            let slash = rest.find(['/', '?']).unwrap_or(rest.len());
            let after_info = rest[..slash].rfind('@').map_or(0, |at| at + 1);
            let end = rest[after_info..slash].find('#').map_or(slash, |h| after_info + h);
            let authority = &rest[..end];
            let (info, host) = match authority.rsplit_once('@') {
                Some((info, host)) => (Some(info), host),
                None if authority.split_once(':').is_some_and(|(_, port)| {
                    !port.is_empty() && !port.bytes().all(|c| c.is_ascii_digit())
                }) => (Some(authority), "bitbucket.org"),
                None => (None, authority),
            };
            let (clean, user) = split_userinfo(&url);
            proptest::prop_assert_eq!(clean, format!("https://{host}{}", &rest[end..]));
            let login = info.map(|i| i.split_once(':').map_or(i, |(l, _)| l));
            proptest::prop_assert_eq!(
                user.map(|u| u.login),
                login.map(crate::credential::percent_decode)
            );
        }
    }
}
