//! Network-level failures in any tool's output (curl, git, wget, language runtimes): the
//! request got no HTTP answer, so nothing about the credential can be read from it.

use super::phrases::Phrases;
use super::scrub;
use crate::evidence::Failure;

/// Makes a [`Failure`] of one kind from its message.
type Make = fn(String) -> Failure;

/// Lower-case phrases and the failure each means. Checked in order: a proxy that cannot be
/// resolved is a proxy problem, a connect that timed out is a timeout.
pub(super) static PHRASES: Phrases<(&str, Make)> = Phrases::new(&[
    ("proxy connect aborted", Failure::Proxy),
    ("from proxy after connect", Failure::Proxy),
    ("received http code 407 from proxy", Failure::Proxy),
    ("407 proxy authentication required", Failure::Proxy),
    ("could not resolve proxy", Failure::Proxy),
    ("connect tunnel failed", Failure::Proxy),
    ("proxy connect", Failure::Proxy),
    ("ssl certificate problem", Failure::Tls),
    ("unable to get local issuer certificate", Failure::Tls),
    ("self signed certificate", Failure::Tls),
    ("self-signed certificate", Failure::Tls),
    ("certificate verify failed", Failure::Tls),
    ("server certificate verification failed", Failure::Tls),
    ("certificate subject name", Failure::Tls),
    ("no alternative certificate subject name", Failure::Tls),
    ("certificate signed by unknown authority", Failure::Tls),
    ("pkix path building failed", Failure::Tls),
    // Windows' TLS (schannel), as Git for Windows prints it.
    ("sec_e_untrusted_root", Failure::Tls),
    (
        "certificate chain was issued by an authority that is not trusted",
        Failure::Tls,
    ),
    ("unable to verify the first certificate", Failure::Tls),
    ("could not resolve host", Failure::Dns),
    ("name or service not known", Failure::Dns),
    ("getaddrinfo", Failure::Dns),
    ("temporary failure in name resolution", Failure::Dns),
    ("nodename nor servname provided", Failure::Dns),
    ("no such host", Failure::Dns),
    ("operation timed out", Failure::Timeout),
    ("timed out", Failure::Timeout),
    ("etimedout", Failure::Timeout),
    ("connection refused", Failure::Connect),
    ("econnrefused", Failure::Connect),
    ("connection reset", Failure::Connect),
    ("econnreset", Failure::Connect),
    ("failed to connect", Failure::Connect),
    ("network is unreachable", Failure::Connect),
    ("no route to host", Failure::Connect),
    // The connection dropped during or after the TLS handshake (curl with OpenSSL or
    // LibreSSL, GnuTLS): a proxy, a firewall or the network, not the credential.
    ("ssl_error_syscall", Failure::Connect),
    ("unknown ssl protocol error", Failure::Connect),
    ("gnutls_handshake() failed", Failure::Connect),
    ("ssl_read: connection was reset", Failure::Connect),
    // The client's own words for a redirect loop: got's MaxRedirectsError, requests'
    // TooManyRedirects ("Exceeded 30 redirects."), curl's "Maximum (50) redirects followed",
    // follow-redirects' "Maximum number of redirects exceeded", Go's "stopped after 10
    // redirects", Java's "Server redirected too many times", browsers' ERR_TOO_MANY_REDIRECTS.
    ("maxredirectserror", Failure::Redirects),
    ("toomanyredirects", Failure::Redirects),
    ("too many redirects", Failure::Redirects),
    ("too_many_redirects", Failure::Redirects),
    ("redirected too many", Failure::Redirects),
    ("maximum number of redirects", Failure::Redirects),
    ("redirects followed", Failure::Redirects),
    ("exceeded 30 redirects", Failure::Redirects),
    ("stopped after 10 redirects", Failure::Redirects),
]);

/// Longest message kept.
const MESSAGE_CAP: usize = 300;

/// The failure a line reports. `lower` is `line` in lower case.
pub fn failure(line: &str, lower: &str) -> Option<Failure> {
    let (_, make) = PHRASES.first_in(lower)?;
    let line = line.trim();
    let mut end = line.len().min(MESSAGE_CAP);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    Some(make(scrub::text(&line[..end]).into_owned()))
}

/// The host a failure's message names: a URL's, else the word after a client's words for one
/// (curl's `resolve host: `, `connect to `, Node's `ENOTFOUND `, urllib3's `host='`), else
/// Bitbucket when the message names it in words.
pub fn host_named(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    // The failure's own words first: a log line often names the repository it worked for
    // (`repo="https://bitbucket.org/…" error="dial tcp 10.0.0.5:6379: …"`).
    LEADS
        .iter()
        .find_map(|lead| {
            let at = crate::evidence::find_str(&lower, lead)? + lead.len();
            let host: String = lower[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                .collect();
            // An address says whose only when it is the machine's own or a private network's:
            // Bitbucket Cloud's are public.
            let address = host.parse::<std::net::Ipv4Addr>().ok();
            let named = host.contains('.') || host == "localhost";
            let whose = address.is_none_or(|a| a.is_loopback() || a.is_private());
            (named && whose).then_some(host)
        })
        // Else the last URL: the one nearest the failure (`source=https://bitbucket.org/…
        // error=Post "https://hooks.slack.com/…": …`).
        .or_else(|| {
            super::url::find_all(message)
                .last()
                .map(crate::bitbucket::host_of)
        })
        // Bitbucket named in words ("cloning from Bitbucket Cloud: Connection timed out"); not
        // a name that holds the word (`bitbucket-sync-1`, `bitbucket.org/acme/orders/store`),
        // nor Bitbucket Server or Data Center, which are the company's own.
        .or_else(|| names_bitbucket(&lower).then(|| "bitbucket.org".to_string()))
}

/// What comes before the host a failure names in its own words.
const LEADS: [&str; 13] = [
    // Ansible's `fatal: [web01.example.com]: UNREACHABLE!`.
    "fatal: [",
    "resolve host: ",
    "resolve hostname ",
    "connect to host ",
    "connect to ",
    "connecting to ",
    "connection to ",
    "enotfound ",
    "econnrefused ",
    "etimedout ",
    "dial tcp ",
    "host='",
    "host: ",
];

/// Whether a lower-case text names Bitbucket Cloud as a word of its own.
pub(super) fn names_bitbucket(lower: &str) -> bool {
    lower.match_indices("bitbucket").any(|(at, w)| {
        // A URL's host (one the URL reader did not take: `HTTPS://API.BITBUCKET.ORG/…`).
        let head = &lower[..at];
        let head = ["api.", "www.", "ssh.", "altssh."]
            .iter()
            .find_map(|sub| head.strip_suffix(sub))
            .unwrap_or(head);
        if head.ends_with("//") || head.ends_with('@') {
            return true;
        }
        let before = lower[..at].chars().next_back();
        // The host's name is the word too, but not as a Go module's path.
        let rest = &lower[at + w.len()..];
        let rest = rest.strip_prefix(".org").unwrap_or(rest);
        let after = rest.chars().next();
        let part =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        !part(before)
            && !part(after)
            && !rest.starts_with(" server")
            && !rest.starts_with(" data center")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<std::mem::Discriminant<Failure>> {
        failure(line, &line.to_ascii_lowercase()).map(|f| std::mem::discriminant(&f))
    }

    #[test]
    fn names_the_host_a_failure_names() {
        for (message, host) in [
            (
                "npm ERR! request to https://registry.npmjs.org/lodash failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org",
                Some("registry.npmjs.org"),
            ),
            (
                "curl: (6) Could not resolve host: api.bitbucket.org",
                Some("api.bitbucket.org"),
            ),
            (
                "Failed to connect to bitbucket.org port 443 after 21 ms: Timed out",
                Some("bitbucket.org"),
            ),
            (
                "HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded (Caused by SSLError)",
                Some("pypi.org"),
            ),
            (
                "Error: connect ECONNREFUSED 127.0.0.1:6379",
                Some("127.0.0.1"),
            ),
            (
                "dial tcp 127.0.0.1:5432: connect: connection refused",
                Some("127.0.0.1"),
            ),
            (
                "ssh: connect to host github.com port 22: Connection timed out",
                Some("github.com"),
            ),
            (
                "ssh: Could not resolve hostname bastion.internal.acme: Name or service not known",
                Some("bastion.internal.acme"),
            ),
            (
                "fatal: unable to access 'https://bitbucket.org/***.git/': LibreSSL SSL_connect: SSL_ERROR_SYSCALL in connection to bitbucket.org:443",
                Some("bitbucket.org"),
            ),
            (
                "Connecting to bitbucket.org (bitbucket.org)|2406:da00:ff00::6b17:d1f5|:443... failed: Connection timed out.",
                Some("bitbucket.org"),
            ),
            (
                "I can't clone from Bitbucket Cloud, I just get \"Connection timed out\"",
                Some("bitbucket.org"),
            ),
            ("Error: connect ECONNREFUSED 104.192.142.20:443", None),
            (
                "FETCHERROR: REQUEST TO HTTPS://API.BITBUCKET.ORG/2.0/USER FAILED, REASON: SELF-SIGNED CERTIFICATE",
                Some("bitbucket.org"),
            ),
            // The failure's words before a URL the line names for context.
            (
                "level=error msg=\"sync failed\" repo=\"https://bitbucket.org/a/b.git\" error=\"dial tcp 10.96.44.12:6379: connect: connection refused\"",
                Some("10.96.44.12"),
            ),
            (
                "source=https://bitbucket.org/a/b.git error=Post \"https://hooks.slack.com/x\": dial tcp: lookup hooks.slack.com: no such host",
                Some("hooks.slack.com"),
            ),
            // Names that hold the word, and the company's own Bitbucket.
            (
                "ERROR bitbucket-webhook-relay: could not connect to server: Connection refused",
                None,
            ),
            (
                "[bitbucket-sync-1] Unable to connect to Redis: Connection refused",
                None,
            ),
            ("Bitbucket Server instance 'corp': Connection refused", None),
            (
                "ERROR: Failed to connect Bitbucket: javax.net.ssl.SSLHandshakeException: PKIX path failed",
                Some("bitbucket.org"),
            ),
            (
                "SSL: certificate subject name (x.example.com) does not match target host name 'bitbucket.org'",
                Some("bitbucket.org"),
            ),
            (
                "bitbucket.org/acme/orders/store_test.go:31: connection timed out",
                None,
            ),
            ("getaddrinfo EAI_AGAIN", None),
            ("Connection timed out", None),
            // Ansible names the host it could not reach in brackets.
            (
                "fatal: [web01.example.com]: UNREACHABLE! => {\"msg\": \"Failed to connect to the host via ssh\"}",
                Some("web01.example.com"),
            ),
        ] {
            assert_eq!(host_named(message).as_deref(), host, "{message}");
        }
    }

    #[test]
    fn classifies_each_kind() {
        let d = |f: Failure| Some(std::mem::discriminant(&f));
        let s = String::new;
        for (line, want) in [
            (
                "curl: (60) SSL certificate problem: unable to get local issuer certificate",
                d(Failure::Tls(s())),
            ),
            (
                "fatal: unable to access 'x': self signed certificate in certificate chain",
                d(Failure::Tls(s())),
            ),
            (
                "curl: (6) Could not resolve host: api.bitbucket.org",
                d(Failure::Dns(s())),
            ),
            (
                "getaddrinfo ENOTFOUND api.bitbucket.org",
                d(Failure::Dns(s())),
            ),
            (
                "Failed to connect to bitbucket.org port 443: Connection refused",
                d(Failure::Connect(s())),
            ),
            (
                "Failed to connect to bitbucket.org port 443 after 21 ms: Timed out",
                d(Failure::Timeout(s())),
            ),
            (
                "curl: (56) Received HTTP code 407 from proxy after CONNECT",
                d(Failure::Proxy(s())),
            ),
            (
                "curl: (5) Could not resolve proxy: proxy.corp",
                d(Failure::Proxy(s())),
            ),
            (
                "ERROR: Repository has unknown error (err=MaxRedirectsError: Redirected 10 times. Aborting.)",
                d(Failure::Redirects(s())),
            ),
            (
                "curl: (47) Maximum (50) redirects followed",
                d(Failure::Redirects(s())),
            ),
            (
                "requests.exceptions.TooManyRedirects: Exceeded 30 redirects.",
                d(Failure::Redirects(s())),
            ),
            ("401 Unauthorized", None),
            ("Redirecting to https://api.bitbucket.org/2.0/user", None),
        ] {
            assert_eq!(kind(line), want, "{line}");
        }
    }
}
