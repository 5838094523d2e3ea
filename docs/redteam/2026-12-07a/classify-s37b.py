# s37/b classification -> classes.tsv (name, class, family, true_cause, verdict, first_error, note)
import json, glob, os
C = {
# ---- A: SSHNET (SSH connect refusal to bitbucket.org:22 in a non-OpenSSH wording read as a plain network failure)
"cv-flux-ssh-old-host-refused": ("A","SSHNET","ssh-host-moved (ssh://git@bitbucket.org after 2026-11-12; log dated 2026-11-23)","Go's `dial tcp 104.192.141.1:22: connect: connection refused` for an ssh:// bitbucket.org URL -> unreachable network-error"),
"cv-jenkins-jsch-old-host": ("A","SSHNET","ssh-host-moved (git@bitbucket.org:…, build 2026-11-29)","JGit/JSch `TransportException: git@bitbucket.org:…: Connection refused` -> unreachable network-error"),
"cv-cargo-libgit2-old-host": ("A","SSHNET","ssh-host-moved (ssh://git@bitbucket.org dependency, job 2026-11-20)","libgit2 `failed to connect to bitbucket.org: Connection refused; class=Os (2)` after `Updating git repository ssh://git@bitbucket.org/…` -> unreachable network-error"),
# ---- A?
"cv-forum-guess-ip-shows-2sv": ("A?","PROSE2","two-step-or-sso (remote: To access this repository, enable two-step authentication.)","first error right; second error ip-not-allowed (stated) from the poster's wrong guess 'I'm pretty sure it's the IP allowlist', which the shown message contradicts"),
# ---- B: 410 without Bitbucket's remote lines
"cv-argocd-go-git-410": ("B","GIT410","app-password-retired (ATBB… in --password; go-git 410 on info/refs)","go-git's `unexpected requesting \"…/info/refs?service=git-upload-pack\" status code: 410`: unexplained-failure, no candidate; argocd --username/--password not read (kind unknown)"),
"cv-teamcity-jgit-410": ("B","GIT410","app-password-retired (ATBB… VCS-root password; JGit 410 Gone)","JGit `TransportException: https://bitbucket.org/…git: 410 Gone`: unexplained-failure, no candidate (min: app-password-retired only inferred); even git's own `returned error: 410` beside an ATBB clone URL stays inferred (min/m-git-410-masked-atbb)"),
"cv-ansible-git-json-410": ("B","ANS","app-password-retired (remote: CHANGE-3222 … in Ansible's JSON result)","Ansible's `fatal: [host]: FAILED! => {…}` line: the git output in the JSON's \\n-escaped msg/stderr is not read; same JSON without the `fatal:` prefix concludes"),
# ---- B: git credential supplied outside the remote URL / in a form not read
"cv-git-credentials-file-email": ("B","GITCRED","git-https-username (email as git username with an API token, ~/.git-credentials)","host-only credential URL `https://user:tok@bitbucket.org` (the .git-credentials format) not read; with a path (`…@bitbucket.org/acme/`) it concludes"),
"cv-gitconfig-insteadof-x-token-auth-api": ("B","GITCRED","git-https-username (x-token-auth with an API token, via url.insteadOf)","`url.https://x-token-auth:ATATT…@bitbucket.org/.insteadof https://bitbucket.org/` not applied (nor read as a credential URL)"),
"cv-npm-git-dep-email-in-url": ("B","GITCRED","git-https-username (email as git username in a git+https dependency)","`git+https://` scheme prefix hides the credential URL; plain `https://` concludes"),
"cv-go-netrc-email-api-token": ("B","GITCRED","git-https-username (email login in ~/.netrc for bitbucket.org, API token)","`machine bitbucket.org login … password …` not bound to git's request (curl -n + api host works); full probe leads app-password-retired (inferred) and kind app-password from the prose 'replaced the app password'"),
"cv-buildkit-netrc-access-token-user": ("B","GITCRED","git-https-username (access token with login acme-ci; git needs x-token-auth)","netrc for bitbucket.org not bound to git clone; lead invalid-credentials"),
"cv-git-credential-fill-email": ("B","GITCRED","git-https-username (email as git username, `git credential fill` output)","username=/password= lines of `git credential fill` read (kind api-token) but not bound to the push; git-https-username only first candidate"),
"cv-flux-secret-email-api-token": ("B","GITCRED","git-https-username (email + API token in the Flux secret)","username/password printed apart (kubectl jsonpath) beside go-git's `authentication required`: no finding, no candidate"),
"cv-forum-guess-permission-shows-email-git": ("B","GITCRED","git-https-username (email in the remote URL / GCM prompt; email is never a valid git username)","`Password for 'https://kenji.sato%40acme.co.jp@bitbucket.org':` + G1: invalid-credentials lead; git-https-username 3rd"),
"cv-argocd-secret-x-token-auth-api-token": ("B","GITCRED","git-https-username (x-token-auth with an API token on a git URL)","repo Secret (url …git, username x-token-auth, password ATATT…) read as a REST request: lead api-token-with-username (stated), the wrong rule; git-https-username not a candidate"),
# ---- B: credential in code/tool config not bound to the request (kind not read)
"cv-ps-env-token-bearer": ("B","BIND","api-token-as-bearer","PowerShell `$env:BB_TOKEN = \"ATATT…\"` then `\"Bearer $env:BB_TOKEN\"`: kind unknown; `$tok = …` concludes"),
"cv-csharp-basic-username-api-token": ("B","BIND","api-token-with-username","C# `Convert.ToBase64String(Encoding.UTF8.GetBytes(\"lena_h:ATATT…\"))`: the credential becomes `placeholder(15 chars)`; Python's b64encode of the same literal concludes"),
"cv-terraform-oauth-token-api-token": ("B","BIND","api-token-as-bearer (provider oauth_token = an API token -> Bearer; R3 shown in TF_LOG)","`oauth_token = \"ATATT…\"` (even inline) not read: kind unknown, invalid-credentials lead"),
"cv-renovate-hostrules-token-bearer": ("B","BIND","api-token-as-bearer (Renovate `token` for platform bitbucket is sent as Bearer; R3 body)","`token: 'ATATT…'` in config.js not read: kind unknown, invalid-credentials lead, api-token-as-bearer 4th"),
"cv-helm-repo-add-username-api": ("B","BIND","api-token-with-username (helm --username svc-helm --password ATATT… to api.bitbucket.org, 401)","`--username/--password` flags of helm not read: kind unknown; curl -u of the same pair concludes"),
"cv-js-bitbucket-sdk-token-bearer": ("B","BIND","api-token-as-bearer (SDK auth.token -> Bearer; request dump shows `Bearer [REDACTED]`; R3)","the masked header `Bearer [REDACTED]` replaces the literal `token: 'ATATT…'` shown above (kind unknown); `Bearer ATATT3xFf…` concludes"),
"cv-go-oauth2-static-api-token": ("B","BIND","api-token-as-bearer (oauth2.StaticTokenSource sends Bearer; const is ATATT…)","library that sends Bearer not read; full probe kind oauth-token although the const is ATATT…; lead right only in the full probe"),
"cv-git-extraheader-bearer-api-token": ("B","BIND","api-token-as-bearer (git http.extraHeader Bearer with an API token; prefix echoed)","`${BB_API_TOKEN:0:12}` echoed as ATATT3xFfGF0 gives kind api-token but only inferred (known from s36)"),
"cv-js-url-searchparams-token": ("B","QUERY","oauth-token-in-query (2026-10-02, token set as ?access_token= in code)","code that puts the token in the query (`searchParams.set('access_token', …)`, or `'…?access_token=' + tok`) not read; a logged URL with ?access_token=*** concludes"),
# ---- held (coverage)
"cv-renovate-json-clone-410": ("held","CV","app-password-retired",""),
"cv-jenkins-multibranch-2sv": ("held","CV","two-step-or-sso",""),
"cv-terraform-deploy-key-access-token": ("held","CV","none exactly (deploy-key writes are not accessible to access tokens; closest access-token-wrong-resource)","noisy: missing-scope, no-repo-access candidates; no rule names 'This API is not accessible by this authentication mechanism'"),
"cv-composer-vvv-auth-json-atbb": ("held","CV","app-password-retired",""),
"cv-yarn-berry-x-token-auth-api": ("held","CV","git-https-username",""),
"cv-pip-git-dep-ip": ("held","CV","ip-not-allowed","BuildKit #14 prefixes"),
"cv-go-get-netrc-atbb-410": ("held","CV","app-password-retired",""),
"cv-netrc-api-host-username": ("held","CV","api-token-with-username","curl -n + machine api.bitbucket.org is read"),
"cv-extraheader-echo-base64-newline": ("held","CV","basic-encoding (echo without -n)",""),
"cv-compose-env-atbb-rest-401": ("held","CV","app-password-retired",""),
"cv-backstage-token-bearer-api": ("held","CV","ambiguous (Backstage username+token may send Basic email:token -> scope-less token, or Bearer)","honest inconclusive"),
"cv-sonar-pr-decoration-scope": ("held","CV","missing-scope",""),
"cv-atlantis-username-api-token": ("held","CV","api-token-with-username","inconclusive with the right lead (stated): a tool config pairing login and token is a statement by design (as fixtures' terraform-provider-block)"),
"cv-circleci-checkout-old-ssh-host": ("held","CV","ssh-host-moved",""),
"cv-azure-pipelines-retries-ip": ("held","CV","ip-not-allowed","three failing retries"),
"cv-gha-oauth-token-expired-timestamps": ("held","CV","token-expired",""),
"cv-gitlab-mirror-g7-scope": ("held","CV","missing-scope",""),
"cv-py-atlassian-cloud-atbb": ("held","CV","app-password-retired",""),
"cv-java-lowercase-bearer-access-token": ("held","CV","scheme-case",""),
"cv-ruby-faraday-username-api-token": ("held","CV","api-token-with-username","the token's value is only in a comment (`# BB_TOKEN=ATATT…`): stated; api-token-with-username 2nd candidate"),
"cv-php-guzzle-query-token": ("held","CV","oauth-token-in-query",""),
"cv-ts-axios-interceptor-no-scheme": ("held","CV","missing-auth-scheme","anonymous-request 2nd (its consequence)"),
"cv-argocd-knownhosts-unknown-new-host": ("held","CV","ssh-host-key-unknown",""),
"cv-forum-guess-expired-shows-atct-basic": ("held","CV","access-token-as-basic",""),
"cv-forum-guess-ratelimit-shows-removed": ("held","CV","endpoint-removed",""),
"cv-forum-guess-network-shows-deploy-key-ro": ("held","CV","ssh-deploy-key-read-only",""),
"cv-forum-de-guess-scope-shows-bearer": ("held","CV","api-token-as-bearer",""),
"cv-forum-guess-token-shows-wrong-host": ("held","CV","wrong-api-host",""),
"cv-forum-ja-guess-bug-shows-429": ("held","CV","rate-limited",""),
"cv-bkt-user-ok-other-ws-refused": ("held","CV","ambiguous (token-workspace-restricted or no-repo-access in acme-labs)","honest inconclusive; candidates missing-scope, no-repo-access (token-workspace-restricted not among them)"),
"cv-pipelines-query-token-masked": ("held","CV","oauth-token-in-query","kind none"),
"cv-gitpython-old-host-refused": ("held","CV","ssh-host-moved","OpenSSH wording inside GitPython's stderr"),
# ---- near misses
"nm-renovate-github-changelog-401": ("held","NM","none of bbdoctor's (GitHub token for changelogs)","noisy: invalid-credentials (inferred) lead for GitHub's 401 beside Bitbucket 200s"),
"nm-composer-bb-ok-private-packagist-403": ("held","NM","none (Private Packagist token revoked)","noisy: missing-scope, no-repo-access candidates"),
"nm-argocd-bb-ok-oci-helm-denied": ("held","NM","none (Harbor robot account expired)",""),
"nm-tflog-bb-200-then-validation": ("held","NM","none (fork_policy value)",""),
"nm-jenkins-bb-ok-nexus-401": ("held","NM","none (Nexus 401)","noisy: invalid-credentials (inferred) lead; the Bitbucket fetch succeeded"),
"nm-flux-ssh-new-host-ok-kustomize": ("held","NM","none (kustomize error)",""),
"nm-go-private-github-bb-ok": ("held","NM","none (GitHub password auth)",""),
"nm-atlantis-bb-ok-aws-expired": ("held","NM","none (AWS web identity token expired)",""),
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
    rows.append((n, cls, fam, true, d["verdict"], fe, note))
with open("classes.tsv", "w") as f:
    f.write("name\tclass\tfamily\ttrue_cause\tverdict\tfirst_error\tnote\n")
    for r in rows: f.write("\t".join(r) + "\n")
from collections import Counter
for part in ("nm-", "cv-"):
    c = Counter(r[1] for r in rows if r[0].startswith(part))
    print(part, sum(c.values()), dict(c))
print("all", len(rows), dict(Counter(r[1] for r in rows)))
