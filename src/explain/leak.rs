//! Secrets that stand live in pasted text: a token whose built-in checksum holds, wherever it
//! stands, and a real-looking password in a Bitbucket URL. Whoever reads the post can use them.

use super::url;
use crate::evidence::Leak;

/// At most this many are named: one is enough to act on, a log may hold hundreds.
const MOST: usize = 8;

/// The leaks in `text`, each once, in text order.
pub fn find(text: &str) -> Vec<Leak> {
    let mut leaks: Vec<Leak> = crate::credential::valid_tokens(text)
        .into_iter()
        .map(|(kind, shown)| Leak {
            kind,
            shown,
            in_url: false,
        })
        .collect();
    for u in
        url::find_all(text).filter(|u| crate::evidence::contains_ignore_ascii_case(u, "bitbucket"))
    {
        let (_, Some(info)) = url::split_userinfo(u) else {
            continue;
        };
        let Some(secret) = info.secret.filter(|s| s.looks_live()) else {
            continue;
        };
        leaks.push(Leak {
            kind: secret.kind(),
            shown: secret.redacted(),
            in_url: true,
        });
    }
    let mut seen: Vec<Leak> = Vec::new();
    for leak in leaks {
        if seen.len() < MOST && !seen.iter().any(|l| l.shown == leak.shown) {
            seen.push(leak);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::Kind;

    /// A token of the API token shape with a valid checksum (not a live secret).
    fn api_token() -> String {
        let body = format!("ATATT3xFfGF0{}=", &"a1B2c3D4".repeat(22)[..171]);
        format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
    }

    #[test]
    fn finds_a_whole_token_and_a_password_in_a_url() {
        let token = api_token();
        let text = format!(
            "curl -u me@example.com:{token} https://api.bitbucket.org/2.0/user\n\
             git clone https://pat:Summer2026x9@bitbucket.org/acme/widgets.git"
        );
        let leaks = find(&text);
        assert_eq!(leaks.len(), 2, "{leaks:?}");
        assert_eq!(leaks[0].kind, Kind::ApiToken);
        assert!(!leaks[0].in_url && leaks[1].in_url);
        assert!(
            leaks
                .iter()
                .all(|l| !l.shown.contains("Summer2026") && !l.shown.contains("a1B2"))
        );
    }

    #[test]
    fn stays_quiet_on_examples_masks_and_damaged_tokens() {
        let token = api_token();
        for text in [
            "curl -u me@example.com:{api_token} https://api.bitbucket.org/2.0/user".to_string(),
            "git clone https://pat:$APP_PASSWORD@bitbucket.org/acme/widgets.git".to_string(),
            "git clone https://pat:password@bitbucket.org/acme/widgets.git".to_string(),
            "git clone https://pat:mytoken123@bitbucket.org/acme/widgets.git".to_string(),
            "git clone https://x-token-auth:<token>@bitbucket.org/acme/widgets.git".to_string(),
            "Authorization: Bearer ATATT3xFfGF0…".to_string(),
            format!("token {}", &token[..150]),
            // Not a Bitbucket URL: not ours to judge.
            "https://user:Summer2026x9@example.com/".to_string(),
        ] {
            assert!(find(&text).is_empty(), "{text}: {:?}", find(&text));
        }
    }
}
