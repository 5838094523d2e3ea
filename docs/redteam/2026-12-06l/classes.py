# s36/b classification. name: (family, class, true_cause, note). nm- = near miss, cv- = coverage.
# A families: CHG (a changelog id CHANGE-2770 / CHANGE-3222 named in prose is read as Bitbucket's answer),
#   FIX (Bitbucket's self-sufficient wording inside test doubles / code constants read as an answer),
#   DQ (docs example with an HTTP status line read as the poster's own answer).
# B families: QRY (token in a query built by code), PH (placeholder syntaxes left literal: %VAR%, ${VAR} in gitconfig, {{var}}),
#   VRB (masked `> Authorization:` line in curl -v shadows the -u credential), DBG (Python http.client debug transcript),
#   KIND (kind shown by the login x-token-auth or an env assignment on the command line, treated as inferred),
#   PS (PowerShell call without credentials), TYPO (slug typo shown by a listing).
# Held families: CODE, HOOK (webhooks: Bitbucket calls the user's server), OAUTH, INT (Jira/Confluence), DC, FORGE,
#   LANG, CI (other hosts in a Pipelines log), NUM (numbers that look like statuses), HOWTO, CV.
C = {
# ---------------- near misses: A ----------------
"nm-changelog-will-return-role-member-ok": ("CHG","A","none (question whether ?role=member will be removed; the call answers 200)","endpoint-removed (shown), evidence 'line 3: a response → 410' = the prose line 'We replaced `/2.0/repositories?role=member` after CHANGE-2770.'"),
"nm-migration-note-change-2770-done": ("CHG","A","none ([Resolved] migration note; job green every night)","endpoint-removed (shown) from 'We rewrote it in March for CHANGE-2770'"),
"nm-question-change-3222-access-tokens": ("CHG","A","none (question about access tokens; the shown x-token-auth push succeeds)","app-password-retired (shown) while credential.kind = access-token; trigger: the id CHANGE-3222 in a question (even 'Does CHANGE-3222 affect us?' alone)"),
"nm-old-logs-grep-brownout": ("CHG","A","none (audit of June brownout logs; 0 occurrences since October; switched 2026-06-20)","app-password-retired (shown) from zgrep'd archive lines dated 2026-06-09; the same lines without the id CHANGE-3222 hold"),
"nm-jest-nock-410-snapshot": ("FIX","A","none (Jest snapshot wording changed; test code only)","endpoint-removed (shown) from the prose 'turns the CHANGE-2770 410 into…' and, alone, from nock(...).reply(410, {message: 'CHANGE-2770 - …'})"),
"nm-wiremock-stub-unmatched": ("FIX","A","none (WireMock urlPath vs query string; stub never matched)","missing-scope (shown) from the stub mapping's jsonBody (R5)"),
"nm-go-httptest-403-fixture": ("FIX","A","none (test server sets Content-Length 300 for a shorter body: unexpected EOF)","missing-scope (shown) from fmt.Fprint(w, `{…R5…}`) in an httptest handler"),
"nm-ruby-webmock-stub-ip": ("FIX","A","none (git binary missing in the test container: Errno::ENOENT)","ip-not-allowed (shown) from a WebMock .to_return(status: 403, body: \"remote: To access this repository, an admin must whitelist your IP.\")"),
"nm-error-matcher-code-npe": ("FIX","A","none (code bug: Map.get returns null for an unmapped message)","four errors at once (app-password-retired, two-step-or-sso, ip-not-allowed, missing-scope), all citing the same line 7 (the IP message) as evidence, from a Java Map.of hint table"),
"nm-ja-docs-will-return-403": ("DQ","A","none (how-to question; the shown call answers 200)","missing-scope (shown) from 'ドキュメントによると…返されるそうです' + `HTTP/2 403` + R5; without the status line the same example is only stated (nm-docs-will-return-then-200-pagination)"),
# ---------------- near misses: held ----------------
"nm-so-csharp-interp-bearer-json": ("CODE","held","none (page object vs List<T>; 200)","noisy: missing-auth-scheme (inferred) from AuthenticationHeaderValue.Parse($\"Bearer {token}\"): the interpolated `{token}` read as a no-scheme placeholder"),
"nm-kotlin-template-bearer-pagination": ("CODE","held","none (pagination: pagelen 10, follow next)",""),
"nm-jenkinsfile-single-quote-sh-400": ("CODE","held","none (400 'There are no changes to be pulled')","noisy: api-token-with-username (inferred) for `-u ****:****`"),
"nm-postman-export-test-fail": ("CODE","held","none (test expects 200, create answers 201)","{{bb_repo_token}} in the export: no placeholder finding, good"),
"nm-ansible-jinja-branch-exists": ("CODE","held","none (400 BRANCH_ALREADY_EXISTS: not idempotent)",""),
"nm-gha-secrets-expr-json-escape": ("CODE","held","none (commit message quotes break the JSON body: 400)","noisy: api-token-with-username (inferred) for login $BB_EMAIL"),
"nm-go-setbasicauth-decode": ("CODE","held","none (size is a number)",""),
"nm-java-b64-jackson-unrecognized": ("CODE","held","none (Jackson unknown property)","Base64 Basic in Java: no basic-encoding (s35's B64 not reproduced here)"),
"nm-js-pagination-page-param": ("CODE","held","none (builds page=N+1 instead of following next)",""),
"nm-slug-typo-then-ok-diffstat": ("CODE","held","none (typo already fixed; question about diffstat paging)","noisy: service-error (stated) from 'I got 500 values'; no-repo-access (inferred) from the superseded typo 404"),
"nm-pr-reviewers-malformed": ("CODE","held","none (reviewers need uuid/account_id)","ok"),
"nm-traceback-line-403": ("NUM","held","none (KeyError 'next' on the last page)","line 403/401 in a traceback: no status misread"),
"nm-timing-ms-404": ("NUM","held","none (latency question; all 200)","'(404 ms)' not misread"),
"nm-wc-l-count-401": ("NUM","held","none (count question)","wc -l → 401 not misread"),
"nm-jq-length-500": ("NUM","held","none (diffstat default pagelen)","jq length 500 not misread"),
"nm-pytest-mock-r4": ("FIX","held","none (test reads ['msg'] instead of ['message'])","R4 inside responses.add(...): invalid-credentials (inferred) lead, not concluded (contrast with FIX A's: R4 is not self-sufficient)"),
"nm-csharp-mockhandler-r3": ("FIX","held","none (Polly retries on 4xx)","R3 in a Moq handler: inferred only"),
"nm-vcr-cassette-mismatch": ("FIX","held","none (query matcher)","R1 in a cassette: app-password-retired (inferred) lead"),
"nm-webhook-django-401": ("HOOK","held","none (user's DRF endpoint requires a token; Bitbucket sends none)",""),
"nm-webhook-jenkins-crumb-403": ("HOOK","held","none (Jenkins CSRF crumb on the hook endpoint)","noisy: missing-scope/no-repo-access candidates"),
"nm-webhook-hmac-signature": ("HOOK","held","none (HMAC over re-serialised JSON instead of the raw body)","noisy: invalid-credentials (inferred) for the receiver's own 401"),
"nm-oauth-consumer-callback-mismatch": ("OAUTH","held","none of bbdoctor's (consumer callback URL is staging)",""),
"nm-jira-scoped-token-site-url": ("INT","held","none (Jira scoped token must use api.atlassian.com/ex/jira/{cloudId})",""),
"nm-confluence-no-product-access": ("INT","held","none (bot has no Confluence product access)",""),
"nm-jira-dev-panel-smart-commits": ("INT","held","none (lowercase issue key, commit email not a Jira user)","ok"),
"nm-dc-cloud-token-on-server": ("DC","held","none for Cloud (Atlassian cloud API token used on Data Center)",""),
"nm-dc-rest-bbdc-project-token-perm": ("DC","held","none for Cloud (DC project token must be Bearer)",""),
"nm-gitlab-mirror-2fa-from-pipelines": ("FORGE","held","none (GitLab project token expired)","GitLab's '2FA' wording: no two-step-or-sso, good"),
"nm-azdo-github-service-connection": ("FORGE","held","none (GitHub App not installed on that repo)","noisy warning: scheme-case for Azure DevOps' own `AUTHORIZATION: basic ***` extraheader, which works (Bitbucket fetch succeeded)"),
"nm-argocd-gitlab-auth-required": ("FORGE","held","none (GitLab repo not registered in Argo CD)",""),
"nm-renovate-github-changelog-token": ("FORGE","held","none (no github.com token for lookups/changelogs)","noisy: missing-scope/no-repo-access candidates for GitHub's 403"),
"nm-npmrc-github-packages-scope": ("FORGE","held","none (no @scope:registry mapping)","literal ${GH_PACKAGES_TOKEN} in .npmrc (npm expands it): no placeholder finding, good"),
"nm-pt-branch-permission": ("LANG","held","none of bbdoctor's (branch restriction: 'Permission denied to update branch main')",""),
"nm-de-repo-size-limit": ("LANG","held","none (repository over the 4 GB limit)",""),
"nm-ja-pipelines-minutes": ("LANG","held","none (build minutes exhausted)","ok"),
"nm-zh-push-non-fast-forward": ("LANG","held","none (non-fast-forward)",""),
"nm-es-pipelines-yaml-error": ("LANG","held","none (YAML: unquoted ': ' makes the script line a map)",""),
"nm-es-docs-dice-devuelve": ("DQ","held","none (jq over the file that has the appended http_code line)","docs example with `HTTP/1.1 401` + R1's first line: candidates only"),
"nm-docs-will-return-then-200-pagination": ("DQ","held","none (pagination)","docs example R5 without a status line: missing-scope (stated) lead"),
"nm-wiki-howto-bearer-example": ("DQ","held","none (wiki draft; both examples tested)","R3 example with HTTP/2 401: api-token-as-bearer (inferred) lead"),
"nm-thread-reply-contrast-413": ("DQ","held","none (HTTP 413: pack too large)","noisy: two-step-or-sso and ip-not-allowed (stated) from the champion's contrast list"),
"nm-linked-old-post-refspec": ("DQ","held","none (src refspec main does not match any: no commit yet)","noisy: invalid-credentials (inferred) from the linked post's quoted R1"),
"nm-so-update-solved-different-op": ("SV","held","none (solved: token added to the URL, clone DONE)",""),
"nm-howto-which-header-no-failure": ("HOWTO","held","none (how-to; works)","<placeholders> in examples: no finding, good"),
"nm-netrc-question-works": ("HOWTO","held","none (how-to; works)",""),
"nm-token-expiry-notice-email": ("HOWTO","held","none (expiry notice; nothing failed)",""),
"nm-gitleaks-redacted-finding": ("HOWTO","held","none (secret scan of a revoked token)",""),
"nm-mcp-readme-config-enoent": ("HOWTO","held","none (npx not on the GUI PATH: spawn ENOENT)","<your-api-token> in README config: no placeholder finding, good"),
"nm-jenkins-credxml-branch-spec": ("CODE","held","none (branch specifier */master, repo uses main)","{AQAAAB…} encrypted secret: no placeholder finding, good"),
"nm-docker-ecr-no-basic-auth": ("CI","held","none (ECR credential helper without AWS credentials)",""),
"nm-pipelines-aws-expired-token": ("CI","held","none (AWS STS credentials expired during a long step)","no token-expired: good"),
"nm-pipelines-ssh-deploy-timeout": ("CI","held","none (own server's firewall does not allow the Pipelines IP ranges)","ssh-port-blocked (inferred) lead for the user's own server"),
"nm-pipelines-dockerhub-429": ("CI","held","none (Docker Hub anonymous pull limit)","rate-limited (inferred) lead for Docker Hub's 429"),
"nm-pipelines-npm-503": ("CI","held","none (own Nexus 503)","no service-error: good"),
"nm-pipelines-nexus-self-signed": ("CI","held","none (internal CA not trusted in the image)","no tls-error: good"),
"nm-pipelines-github-submodule-prompt": ("CI","held","none (GitHub submodule without credentials)","no anonymous-request: good"),
"nm-pipelines-oidc-aws-access-denied": ("CI","held","none (AWS trust policy: sub/aud mismatch)",""),
"nm-sonarcloud-not-authorized": ("CI","held","none (SonarCloud token rotated)",""),
# ---------------- coverage ----------------
"cv-crlf-token-expired-log": ("CV","held","token-expired",""),
"cv-spring-resttemplate-r4": ("CV","held","token-expired","R4 inside Spring's exception text"),
"cv-csharp-header-add-no-scheme": ("CV","held","missing-auth-scheme","TryAddWithoutValidation(\"Authorization\", token); anonymous-request second (consistent)"),
"cv-de-quote-g5-2sv": ("CV","held","two-step-or-sso","`> `-quoted German git output"),
"cv-guzzle-base-uri-no-20": ("CV","held","wrong-api-host","Guzzle base_uri drops /2.0; X4 in the exception"),
"cv-requests-bitbucket-org-api-path": ("CV","held","wrong-api-host","bitbucket.org/api/2.0 in a requests HTTPError"),
"cv-html-escaped-r5-community": ("CV","held","missing-scope","HTML-escaped <pre><code> with &quot;"),
"cv-screenshot-transcribed-scope": ("CV","held","missing-scope","dialog transcribed as text"),
"cv-httpie-lowercase-bearer": ("CV","held","scheme-case","HTTPie --print=Hh"),
"cv-ja-remote-v-atbb-410": ("CV","held","app-password-retired","ATBB in git remote -v, Japanese"),
"cv-jenkins-gitexception-g4": ("CV","held","ip-not-allowed","timestamped Jenkins GitException stderr"),
"cv-netrc-username-apitoken": ("CV","held","api-token-with-username",".netrc login = username + curl -n -v"),
"cv-py-dict-repr-r3-scopeless": ("CV","held","api-token-without-scopes","R3 as a Python dict repr, Basic email"),
"cv-renovate-apppw-401": ("CV","held","app-password-retired","checksum-valid ATBB inline in config.js + 401 on /2.0/user; undated, so inferred lead (by design: fixtures conclude only with a date after 2026-07-28)"),
"cv-wiki-curl-double-brace": ("PH","held","unexpanded-placeholder (probably)","`Bearer {{BB_REPO_TOKEN}}` copied from a wiki: debatable whether literal or a redaction (fixtures treat {braces} as redaction); invalid-credentials (stated) lead"),
"cv-crlf-windows-r6-anonymous": ("PS","B","anonymous-request","Invoke-RestMethod with no -Headers/-Credential, private repo 404 (CRLF): anonymous-request (inferred); the same with curl and no -u concludes"),
"cv-gitconfig-insteadof-envvar": ("PH","B","unexpanded-placeholder","git config --get-regexp shows the insteadOf URL with a literal ${BB_API_TOKEN} (git does not expand env vars) + fatal: Authentication failed; placeholder not even a candidate"),
"cv-go-setbasicauth-username": ("KIND","B","api-token-with-username","`BB_USER=akowal BB_API_TOKEN=ATATT3xFfGF0… go run` + SetBasicAuth + R1: right lead, stated/inferred"),
"cv-http-client-debug-bearer-apitoken": ("DBG","B","api-token-as-bearer","Python http.client `send: b'…Authorization: Bearer ATATT3xFfGF0…\\r\\n'` + R3: inferred (the min: invalid-credentials leads)"),
"cv-js-fetch-query-token-dated": ("QRY","B","oauth-token-in-query","fetch(`…?access_token=${token}`) dated 2026-11-24, R3: not a candidate"),
"cv-zh-python-params-access-token": ("QRY","B","oauth-token-in-query","requests params={'access_token': tok}, Date 06 May 2026, R3: not a candidate"),
"cv-pipelines-access-token-basic": ("KIND","B","access-token-as-basic","-u \"x-token-auth:$REPO_ACCESS_TOKEN\" + R1: right lead, inferred; x-token-auth is an access token's login"),
"cv-postman-unresolved-variable": ("PH","B","unexpanded-placeholder","Postman console: sent header `Authorization: Bearer {{bb_access_token}}`, 'Unresolved Variable'; placeholder not a candidate"),
"cv-postman-codegen-double-brace": ("PH","B","unexpanded-placeholder","Postman 'Code → cURL' keeps {{bb_repo_token}}; run in bash → R3; placeholder not a candidate"),
"cv-ps-percent-vars": ("PH","B","unexpanded-placeholder","curl.exe -u \"%BB_EMAIL%:%BB_API_TOKEN%\" at a PS prompt (PowerShell does not expand %VAR%) + R1; placeholder not a candidate"),
"cv-typo-repo-shown-by-listing": ("TYPO","B","repo-not-found","clone of ingest-servcie 404 while the same token's listing shows ingest-service: no-repo-access leads, repo-not-found 2nd"),
"cv-verbose-revoked-token": ("VRB","B","invalid-credentials","curl -sv -u email:<checksum-valid ATATT> + R1 + token table 'Revoked': the masked `> Authorization: Basic [redacted]` makes the credential unknown; invalid-credentials not even a candidate"),
}
import glob,os,json
names=sorted(os.path.basename(f)[:-4].replace(".crlf","") for f in glob.glob("src/*.txt"))
missing=[n for n in names if n not in C]; extra=[n for n in C if n not in names]
assert not missing and not extra,(missing,extra)
with open("classes.tsv","w") as f:
    f.write("name\tclass\ttrue_cause\tverdict\tfirst_error\tnote\n")
    for n in names:
        fam,cl,tc,note=C[n]; d=json.load(open(n+".json"))
        errs=[x for x in d["findings"] if x["severity"]=="error"]
        fe=f"{errs[0]['id']}({errs[0].get('strength')})" if errs else "-"
        f.write(f"{n}\t{cl}\t{tc}\t{d['verdict']}\t{fe}\t[{fam}] {note}\n")
from collections import Counter
print("all",Counter(v[1] for v in C.values()), len(C))
for part in ("nm-","cv-"):
    print(part, Counter(v[1] for k,v in C.items() if k.startswith(part)), sum(1 for k in C if k.startswith(part)))
print("A by family", Counter(v[0] for v in C.values() if v[1]=="A"))
print("B by family", Counter(v[0] for v in C.values() if v[1]=="B"))
