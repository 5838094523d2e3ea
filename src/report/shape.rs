//! Fixes in the user's own terms: the tool the pasted text shows (curl, Python requests,
//! JavaScript fetch, PowerShell), whether git was cloning (no repository exists yet to fix),
//! and where the credential lives (a Jenkins credential, a Pipelines variable). The rules write
//! their fix once, as curl and git; this module turns it into the shape the reader uses.

/// The client a pasted text shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// curl, a shell, or nothing said: the fixes as written.
    #[default]
    Curl,
    Python,
    JavaScript,
    PowerShell,
}

/// What a pasted text says about how the user works.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    pub tool: Tool,
    /// A `git clone` failed: there is no repository whose remote could be changed.
    pub clone: bool,
    /// A Jenkins job's log, with the credential id when the log names it.
    pub jenkins: Option<String>,
    /// A Bitbucket Pipelines build.
    pub pipelines: bool,
}

/// The phrases a shape is read from, by what each group shows (the index of its bit).
const POWERSHELL: usize = 0;
const PYTHON: usize = 1;
const JAVASCRIPT: usize = 2;
const CURL: usize = 3;
const JENKINS: usize = 4;
const CLONE: usize = 5;
const PIPELINES: usize = 6;
const GROUPS: [&[&str]; 7] = [
    &["Invoke-RestMethod", "Invoke-WebRequest", "$env:"],
    &[
        "import requests",
        "requests.get(",
        "requests.post(",
        "httpx.",
    ],
    &["fetch(", "axios", "const ", "btoa("],
    &["curl "],
    &["Jenkins", "jenkins", "stderr: remote:", "hudson."],
    &["git clone ", "Cloning into"],
    &[
        "bitbucket-pipelines.yml",
        "BITBUCKET_BUILD_NUMBER",
        "pipe: ",
    ],
];

/// The groups with a phrase in `text`, as bits. One automaton for the 20 phrases, searched
/// leftmost-first so that its prefilter (vectorised) skips to where a phrase may start: most
/// of a report holds none, and a DFA step at every byte cost ~12 instructions a byte. A
/// phrase inside another's match, or starting where another does, is not missed: the search
/// goes on from the byte after each match's start, and every phrase is tried there.
fn groups_in(text: &str) -> u32 {
    static AUTOMATON: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<&str>, Vec<usize>)> =
        std::sync::OnceLock::new();
    let (searcher, phrases, group_of) = AUTOMATON.get_or_init(|| {
        let (phrases, group_of): (Vec<&str>, Vec<usize>) = GROUPS
            .iter()
            .enumerate()
            .flat_map(|(g, phrases)| phrases.iter().map(move |p| (*p, g)))
            .unzip();
        let searcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&phrases)
            .expect("the phrases are plain strings");
        (searcher, phrases, group_of)
    });
    let bytes = text.as_bytes();
    let mut found = 0;
    let mut from = 0;
    while let Some(m) = searcher.find(aho_corasick::Input::new(bytes).range(from..)) {
        let start = m.start();
        for (phrase, group) in phrases.iter().zip(group_of) {
            if bytes[start..].starts_with(phrase.as_bytes()) {
                found |= 1 << group;
            }
        }
        from = start + 1;
    }
    found
}

impl Shape {
    /// Read from pasted text.
    pub fn of_text(text: &str) -> Shape {
        let found = groups_in(text);
        let has = |group: usize| found & (1 << group) != 0;
        let tool = if has(POWERSHELL) {
            Tool::PowerShell
        } else if has(PYTHON) {
            Tool::Python
        } else if has(JAVASCRIPT) && !has(CURL) {
            Tool::JavaScript
        } else {
            Tool::Curl
        };
        let jenkins = has(JENKINS).then(|| {
            text.split("using credential ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .map(|id| id.trim_matches(['\'', '"', '`']).to_string())
                .unwrap_or_default()
        });
        Shape {
            tool,
            clone: has(CLONE),
            jenkins,
            pipelines: has(PIPELINES),
        }
    }
}

/// A block of a fix: its language (for a Markdown fence) and its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub lang: &'static str,
    pub text: String,
}

/// A fix command in the reader's shape: curl lines in their tool's form, a clone instead of
/// changing a remote that does not exist, and a word on the Jenkins credential or the Pipelines
/// variable. Blocks of one language run together.
pub fn adapt(command: &str, shape: &Shape) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut push = |lang: &'static str, line: String| match blocks.last_mut() {
        Some(b) if b.lang == lang => {
            b.text.push('\n');
            b.text.push_str(&line);
        }
        _ => blocks.push(Block { lang, text: line }),
    };
    let mut lines = command.lines().peekable();
    while let Some(line) = lines.next() {
        if shape.clone
            && let Some(url) = line.strip_prefix("git remote set-url origin ")
        {
            // No clone exists after a failed `git clone`: clone again, with the username.
            if lines.peek().is_some_and(|l| l.starts_with("git fetch")) {
                lines.next();
            }
            // Over SSH the key signs in: git asks for no password.
            let asks = match url.starts_with("git@") || url.starts_with("ssh://") {
                true => "",
                false => "   # git asks for the password: paste the token",
            };
            push("sh", format!("git clone {url}{asks}"));
            continue;
        }
        match (shape.tool, curl_call(line)) {
            (Tool::Curl, _) | (_, None) => push("sh", line.to_string()),
            (tool, Some(call)) => {
                let (lang, text) = call.in_tool(tool);
                push(lang, text);
            }
        }
    }
    if let Some(id) = &shape.jenkins {
        let which = match id.is_empty() {
            true => "the job's Bitbucket credential".to_string(),
            false => format!("the credential `{id}`"),
        };
        push(
            "sh",
            format!(
                "# Jenkins: in Manage Jenkins → Credentials, set {which} to the username\n\
                 # x-bitbucket-api-token-auth (or your Bitbucket username) and an API token as password"
            ),
        );
    }
    if shape.pipelines {
        push(
            "sh",
            "# Pipelines: keep the token in a secured repository variable (Repository settings →\n\
             # Repository variables) and refer to it as $BITBUCKET_API_TOKEN in the step"
                .to_string(),
        );
    }
    blocks
}

/// A curl line as the rules write it: a GET with the credential in its documented form.
#[derive(Debug, PartialEq, Eq)]
struct CurlCall<'a> {
    bearer: bool,
    url: &'a str,
}

fn curl_call(line: &str) -> Option<CurlCall<'_>> {
    if let Some(url) = line.strip_prefix("curl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" ") {
        return (!url.contains(' ')).then_some(CurlCall { bearer: false, url });
    }
    let url = line.strip_prefix("curl -H \"Authorization: Bearer $BITBUCKET_ACCESS_TOKEN\" ")?;
    (!url.contains(' ')).then_some(CurlCall { bearer: true, url })
}

impl CurlCall<'_> {
    fn in_tool(&self, tool: Tool) -> (&'static str, String) {
        let url = self.url;
        match (tool, self.bearer) {
            (Tool::Python, false) => (
                "python",
                format!(
                    "import os, requests\n\
                     r = requests.get(\"{url}\",\n    \
                     auth=(os.environ[\"BITBUCKET_EMAIL\"], os.environ[\"BITBUCKET_API_TOKEN\"]))"
                ),
            ),
            (Tool::Python, true) => (
                "python",
                format!(
                    "import os, requests\n\
                     r = requests.get(\"{url}\",\n    \
                     headers={{\"Authorization\": f\"Bearer {{os.environ['BITBUCKET_ACCESS_TOKEN']}}\"}})"
                ),
            ),
            (Tool::JavaScript, false) => (
                "js",
                format!(
                    "const auth = Buffer.from(`${{process.env.BITBUCKET_EMAIL}}:${{process.env.BITBUCKET_API_TOKEN}}`).toString(\"base64\");\n\
                     const res = await fetch(\"{url}\", {{ headers: {{ Authorization: `Basic ${{auth}}` }} }});"
                ),
            ),
            (Tool::JavaScript, true) => (
                "js",
                format!(
                    "const res = await fetch(\"{url}\", {{\n  \
                     headers: {{ Authorization: `Bearer ${{process.env.BITBUCKET_ACCESS_TOKEN}}` }},\n}});"
                ),
            ),
            (Tool::PowerShell, false) => (
                "powershell",
                format!(
                    "$pair = \"$($env:BITBUCKET_EMAIL):$($env:BITBUCKET_API_TOKEN)\"\n\
                     $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($pair))\n\
                     Invoke-RestMethod -Uri \"{url}\" -Headers @{{ Authorization = \"Basic $basic\" }}"
                ),
            ),
            (Tool::PowerShell, true) => (
                "powershell",
                format!(
                    "Invoke-RestMethod -Uri \"{url}\" -Headers @{{ Authorization = \"Bearer $env:BITBUCKET_ACCESS_TOKEN\" }}"
                ),
            ),
            (Tool::Curl, _) => ("sh", String::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIX: &str = "# Create an API token\ncurl -u \"$BITBUCKET_EMAIL:$BITBUCKET_API_TOKEN\" https://api.bitbucket.org/2.0/repositories/contoso?pagelen=100";

    #[test]
    fn reads_the_tool_and_the_setting() {
        let py = Shape::of_text("import requests\nr = requests.get(url, headers=h)\n");
        assert_eq!(py.tool, Tool::Python);
        let ps = Shape::of_text("Invoke-RestMethod -Uri $u -Headers $h\n");
        assert_eq!(ps.tool, Tool::PowerShell);
        let js = Shape::of_text("const r = await fetch(url, { headers })\n");
        assert_eq!(js.tool, Tool::JavaScript);
        assert_eq!(Shape::of_text("curl -u a:b https://x\n").tool, Tool::Curl);
        let jenkins = Shape::of_text(
            "using credential bitbucket-deploy\n > git fetch\nstderr: remote: App passwords are deprecated\n",
        );
        assert_eq!(jenkins.jenkins.as_deref(), Some("bitbucket-deploy"));
        assert!(Shape::of_text("$ git clone https://a@bitbucket.org/x/y.git\n").clone);
    }

    #[test]
    fn a_python_poster_gets_python_with_their_url() {
        let shape = Shape {
            tool: Tool::Python,
            ..Shape::default()
        };
        let blocks = adapt(FIX, &shape);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(blocks[0].lang, "sh");
        assert_eq!(blocks[1].lang, "python");
        assert!(blocks[1].text.contains(
            "requests.get(\"https://api.bitbucket.org/2.0/repositories/contoso?pagelen=100\""
        ));
        assert!(
            blocks[1]
                .text
                .contains("auth=(os.environ[\"BITBUCKET_EMAIL\"]")
        );
    }

    #[test]
    fn powershell_and_fetch_and_curl() {
        let ps = adapt(
            FIX,
            &Shape {
                tool: Tool::PowerShell,
                ..Shape::default()
            },
        );
        assert!(ps[1].text.contains("Invoke-RestMethod -Uri"));
        assert!(ps[1].text.contains("[Convert]::ToBase64String"));
        let js = adapt(
            FIX,
            &Shape {
                tool: Tool::JavaScript,
                ..Shape::default()
            },
        );
        assert!(js[1].text.contains("await fetch("));
        let curl = adapt(FIX, &Shape::default());
        assert_eq!(
            curl,
            vec![Block {
                lang: "sh",
                text: FIX.to_string()
            }]
        );
    }

    #[test]
    fn a_failed_clone_is_cloned_again() {
        let fix = "printf 'x' | git credential reject\ngit remote set-url origin https://x-bitbucket-api-token-auth@bitbucket.org/t/m.git\ngit fetch   # git asks";
        let shape = Shape {
            clone: true,
            ..Shape::default()
        };
        let text = &adapt(fix, &shape)[0].text;
        assert!(
            text.contains("git clone https://x-bitbucket-api-token-auth@bitbucket.org/t/m.git")
        );
        assert!(
            !text.contains("set-url") && !text.contains("git fetch"),
            "{text}"
        );
        assert!(text.contains("asks for the password"), "{text}");
        // Over SSH the key signs in: no password to paste.
        let ssh = &adapt(
            "git remote set-url origin git@ssh.bitbucket.org:t/m.git",
            &shape,
        )[0]
        .text;
        assert_eq!(ssh, "git clone git@ssh.bitbucket.org:t/m.git");
    }
}
