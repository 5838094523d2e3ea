# s40/a classification -> classes.tsv (name, class, true_cause, verdict, first_error, note); family in note prefix
import json, glob, os
C = {
# ---- A: HIST (a pasted block of an earlier, settled failure concludes; "fixed/solved/works now" prose and a later non-auth failure do not weigh)
"nm-multi-2sv-fixed-now-nonff": ("A","HIST","none (non-fast-forward push; the quoted G5 was fixed by enabling 2SV)","quoted `> remote: … enable two-step authentication.` + 'fetch works now' -> two-step-or-sso (shown); a shown `git fetch` success after it gives ok"),
"nm-pt-resolvido-now-lfs-quota": ("A","HIST","none (LFS storage quota on push; the quoted G7 scope error was fixed)","[RESOLVIDO] + quoted G7 + 'esse erro sumiu' + LFS quota -> missing-scope (shown)"),
"nm-ja-kaiketsu-quoted-x2-now-nonff": ("A","HIST","none (non-fast-forward; the quoted X2 was fixed with an API token)","解決済み + quoted X2 lines + non-ff push -> app-password-retired (shown), kind unknown although the post says the API token works"),
"nm-edit-scope-fixed-now-pipelines-400": ("A","HIST","none (custom pipeline not defined on the branch; the 403 R5 was fixed)","UPDATE 'that error is gone' + a later 400 custom-pipeline-not-found on the same endpoint (auth passed) -> missing-scope (shown)"),
"nm-long-email-3level-r5-fixed-now-webhook": ("A","HIST","none (webhook deliveries time out to an internal Jenkins)","R5 quoted 3 levels deep, 'PR builder scans fine now' in a later quote -> missing-scope (shown)"),
"cv-multi-pt-apppw-then-rest-username": ("A","HIST","api-token-with-username (current REST call: Bitbucket username + API token, R1)","first error app-password-retired (shown) from the X2 block the post calls 'Isso está resolvido'; the right finding is only second"),
"nm-multi-last-ok-pagination": ("A","HIST","none (pagination: pagelen/next; auth works with the email)","an earlier attempt (username + API token, R1) concludes api-token-with-username although the email attempt right after answers 200"),
"nm-fr-multi-last-ok-then-perf": ("A","HIST","none (slow /src download; the third attempt with the email answers 200)","earlier Bearer/username attempts conclude api-token-with-username (full) / api-token-as-bearer (min) although the last attempt is 200"),
"nm-thread-two-people-other-has-g5": ("A","QUOTE","none (push over the 100 MB file size limit)","another user's quoted G5 ('fixed for me') concludes two-step-or-sso for the poster, who says he has had 2SV for years"),
"nm-quoted-old-thread-g4-own-lock": ("A","QUOTE","none (local `cannot lock ref`)","a quoted 2023 thread's G4 line concludes ip-not-allowed; the poster's own output is a local ref-lock error"),
"nm-edit-colleague-quotes-r5-own-branch-perm": ("A","QUOTE","none (branch restriction: 'Permission denied to update branch develop')","a colleague's R5 body from 'last month' in a chat export concludes missing-scope; the poster's own push reached the branch check"),
"cv-multi-post-says-third-matters": ("A","ORDER","access-token-as-basic (x-token-auth + ATCTT… on REST, R1)","post says 'ignore the first two, typos'; wrong-api-host (shown) from the /2.0-less typo leads, access-token-as-basic only stated second"),
"cv-tr-ssh-old-host-dated": ("A","DATE","ssh-host-moved (refused on bitbucket.org:22, post dated 2 Aralık 2026)","`ssh -v` banner `OpenSSL 3.0.13 30 Jan 2024` read as the paste's date -> unreachable ssh-port-blocked (shown); the Turkish date is not read"),
# ---- A?
"cv-jira-noformat-2sv": ("A?","PROSE","two-step-or-sso (G5; the job uses the account password)","second error anonymous-request (stated) from '…account password, we never set up anything else…' ('password … never set' read as 'no credential')"),
# ---- B
"cv-long-email-3level-latest-2sv": ("B","TOPPOST","two-step-or-sso (G5 in the newest, top message)","email top-posting: the older G1 quoted `> > >` below is taken as the later exchange and supersedes the newest G5; no finding, no two-step candidate"),
"cv-multi-de-ssh-then-https-email": ("B","URLNOPW","git-https-username (email as git username; API token typed at the prompt)","`git remote set-url/clone https://max.brandt%40…@bitbucket.org/…` (user, no password) makes the credential kind none and blocks the rule; the Password prompt alone concludes. Also the ssh part: '30.11.2026' not read (ssh-host-moved only inferred)"),
"cv-edit-fixed-proxy-tls-first": ("B","SUPERSEDE","tls-error (proxy re-signs TLS; EDIT says fixed by the root CA)","the later `-c http.sslVerify=false` attempt's G1 supersedes the TLS failure; tls-error not even a candidate; anonymous-request (stated) leads"),
"cv-multi-es-bearer-then-basic-username": ("B","REPL","api-token-with-username (Basic Bitbucket username + ATATT…, R1)","Python REPL `>>> token = \"ATATT…\"` not read as an assignment (kind unknown); without `>>> ` it concludes. Full probe: token only stated by prefix"),
"cv-edit-colleague-reply-quoted-shows-bearer": ("B","LOGPFX","api-token-as-bearer (tool log shows `Authorization: Bearer ATATT…`, R3)","`[sync] Authorization: Bearer …` (bracketed tool prefix) not read as the header; without the prefix it concludes"),
"cv-ja-lowercase-bearer-access-token": ("B","LOGPFX","scheme-case (`bearer` lowercase with an access token; curl with `Bearer` works)","Go debug `2026/12/07 10:14:22 DEBUG header Authorization: bearer ATCTT…` not read; scheme-case not a candidate"),
"cv-dc-and-cloud-cloud-username": ("B","LOGPFX","api-token-with-username (script log `(Basic ivanova_k:ATATT…) -> 401` + R1)","a tool's one-line request log with `(Basic user:token) -> 401` not read; curl -u of the same pair concludes"),
"cv-redact-atatt-dots-xyz-bearer": ("B","JSONHDR","api-token-as-bearer (Power Automate HTTP action, `\"Authorization\": \"Bearer ATATT...x9Qk\"`, R3)","a header given as a JSON key/value in a run-history export (INPUTS/OUTPUTS, `Status code: 401`) not read; raw HTTP of the same request concludes"),
"cv-long-curl-v-tls-username-r3": ("B","VRB","api-token-with-username (curl -v -u username:ATATT…, R3)","macOS curl's `* (304) (IN), TLS handshake, …` lines split the transcript, so the masked `> Authorization: Basic ***` replaces the -u credential (placeholder(3 chars)); full probe leads app-password-retired (inferred), kind app-password from prose"),
"cv-redact-user-stars-410-no-remote": ("B","GIT410","app-password-retired (app password in the URL, 410 on 07.12.2026)","git's `error: RPC failed; HTTP 410 curl 22 The requested URL returned error: 410` not read as the 410 (only inferred); `fatal: unable to access …: 410` concludes"),
"cv-ru-curl-email-atbb-401": ("B","DATELOC","app-password-retired (ATBB… on REST, 401, run dated 07.12.2026)","DD.MM.YYYY date not read (ISO 2026-12-07 concludes); also app-password-with-email as a second inferred error"),
"cv-ps-two-attempts-username": ("B","PSB64","api-token-with-username (PowerShell Basic of \"tkeller_gb:$tok\", R1)","`[Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(\"user:$tok\"))` with a string literal not resolved (placeholder); via a `$raw` variable it concludes"),
# ---- held: coverage
"cv-multi-bearer-username-email-scope": ("held","CV","missing-scope (latest attempt, R5)",""),
"cv-multi-git-three-logins-last-g7": ("held","CV","missing-scope (latest attempt, G7)",""),
"cv-multi-python-tracebacks-last-scope": ("held","CV","missing-scope (second traceback, R5)",""),
"cv-edit-429-runner-loop-fixed": ("held","CV","rate-limited (UPDATE: a watch loop on the same egress IP)",""),
"cv-edit-solved-line-but-still-failing": ("held","CV","ip-not-allowed (EDIT 2: IPv6 egress not on the allowlist)",""),
"cv-zh-localized-status-g7-scope": ("held","CV","missing-scope (zh_CN git: 请求的 URL 返回错误：403)",""),
"cv-zh-localized-status-g5-2sv": ("held","CV","two-step-or-sso (zh_CN git)",""),
"cv-fr-localized-410-atbb-no-remote": ("held","CV","app-password-retired (fr git `fatal : impossible d'accéder à`)",""),
"cv-es-localized-authfail-x-token-auth-api": ("held","CV","git-https-username (es git `Falló la autenticación para`)",""),
"cv-de-localized-g4-jenkins": ("held","CV","ip-not-allowed (de git `Zugriff auf … nicht möglich`)",""),
"cv-ko-rest-username-r1": ("held","CV","api-token-with-username",""),
"cv-tr-oauth-token-expired": ("held","CV","token-expired",""),
"cv-ko-thread-latest-op-r4": ("held","CV","token-expired",""),
"cv-long-gha-150-x2": ("held","CV","app-password-retired (151-line GitHub Actions log)",""),
"cv-long-git-curl-verbose-scope": ("held","CV","missing-scope (GIT_TRACE/GIT_CURL_VERBOSE trace)","kind oauth-token although `x-credential-type: api_token` is shown"),
"cv-web-copy-community-chrome-git-username": ("held","CV","git-https-username (access token with x-bitbucket-api-token-auth)","Community page chrome"),
"cv-nbsp-bamboo-copy-x2": ("held","CV","app-password-retired","non-breaking spaces between every word"),
"cv-teams-chat-copy-interleaved-username": ("held","CV","api-token-with-username","Teams name/time lines interleaved"),
"cv-redact-angle-bearer-prose-api": ("held","CV","api-token-as-bearer (`Bearer <my-api-token>`, prose says ATATT…)",""),
"cv-redact-email-masked-in-url": ("held","CV","git-https-username (masked email `ma***@contoso-ag.ch` as git user)","noisy: kind app-password although the post says ATATT…; app-password-retired and app-password-with-email as inferred second errors"),
"cv-github-and-bb-bb-x2": ("held","CV","app-password-retired",""),
"cv-gitlab-and-bb-bb-ip": ("held","CV","ip-not-allowed",""),
"cv-jira-token-on-bb-scopeless": ("held","CV","api-token-without-scopes (classic unscoped token shared with Jira; R3 with Basic email)","right lead, stated (the scopelessness is told in prose)"),
"cv-teams-chat-copy-interleaved-username": ("held","CV","api-token-with-username",""),
# ---- held: near misses
"nm-multi-gitlab-mirror-bb-ok": ("held","NM","none (GitLab PAT refused on the mirror push)",""),
"nm-multi-last-ok-branch-restriction": ("held","NM","none (branch restriction on main)","noisy: git-https-username (stated) lead"),
"nm-multi-apppw-fixed-now-413": ("held","NM","none (HTTP 413 on a 3.4 GiB push)","noisy: app-password-retired (stated), git-https-username candidates"),
"nm-multi-ssh-new-host-then-branch-perm": ("held","NM","none (branch restriction on release/*)","noisy: ssh-host-moved/ssh-port-blocked inferred for the already-fixed SSH host"),
"nm-multi-ws-renamed-now-submodules": ("held","NM","none (question about .gitmodules after a workspace rename; clone works)","noisy candidates"),
"nm-multi-dc-401-then-cloud-ok": ("held","NM","none (DC PR-history migration question)",""),
"nm-bb-token-on-jira-401": ("held","NM","none (Bitbucket-only scoped token used on Jira)",""),
"nm-dc-server-401-cloud-ok": ("held","NM","none (Data Center BBDC- token refused)",""),
"nm-cloud-token-on-dc": ("held","NM","none (Cloud API token used on Data Center)",""),
"nm-github-password-removed-bb-ok": ("held","NM","none (GitHub password auth removed)",""),
"nm-zh-github-authfail-bb-ok": ("held","NM","none (GitHub PAT refused; zh_CN `鉴权失败`)",""),
"nm-ko-howto-which-user-200": ("held","NM","none (how-to question, both calls 200)","ok"),
}
names = sorted(os.path.basename(f)[:-5] for f in glob.glob("*.json"))
missing = [n for n in names if n not in C]; extra = [n for n in C if n not in names]
assert not missing and not extra, (missing, extra)
rows = []
for n in names:
    d = json.load(open(n + ".json"))
    errs = [x for x in d["findings"] if x["severity"] == "error"]
    fe = f"{errs[0]['id']}({errs[0]['strength']})" if errs else "-"
    cls, fam, true, note = C[n]
    rows.append((n, cls, true, d["verdict"], fe, (fam + ": " + note) if note else fam))
with open("classes.tsv", "w") as f:
    f.write("name\tclass\ttrue_cause\tverdict\tfirst_error\tnote\n")
    for r in rows: f.write("\t".join(r) + "\n")
from collections import Counter
for part in ("nm-", "cv-"):
    c = Counter(r[1] for r in rows if r[0].startswith(part))
    print(part, sum(c.values()), dict(c))
print("all", len(rows), dict(Counter(r[1] for r in rows)))
