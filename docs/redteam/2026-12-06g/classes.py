# name: (family, class, true_cause, note)
C = {
# --- coverage: Python
"cv-py-requests-bearer-apitoken": ("PY","held","api-token-as-bearer",""),
"cv-py-requests-auth-username": ("PY","B","api-token-with-username","HTTPBasicAuth('mkowalski_nw', os.environ['BITBUCKET_API_TOKEN']) + comment 'Bitbucket username' + R1; right lead, inferred"),
"cv-py-b64-bytes-repr": ("PY","held","basic-encoding","Basic b'...' + X5"),
"cv-py-httpx-apppw-2026": ("PY","held","app-password-retired",""),
"cv-py-aiohttp-accesstoken-basic": ("PY","held","access-token-as-basic",""),
"cv-py-requests-params-access-token": ("PY","B","oauth-token-in-query","params={'access_token': tok} and the printed r.url '401 https://…?access_token=…' give no candidate at all"),
"cv-py-dict-repr-scope": ("PY","held","missing-scope","python dict repr of R5 read"),
"cv-py-header-var-basic-scope": ("PY","held","missing-scope",""),
"cv-atlassian-python-api-username": ("PY","B","api-token-with-username","Cloud(username='mkowalski_nw', password=os.environ['BB_API_TOKEN']) with comments; invalid-credentials leads"),
# --- JS/TS
"cv-js-axios-bearer-apitoken": ("JS","B","api-token-as-bearer","`Bearer ${process.env.BITBUCKET_API_TOKEN}` + axios error dump R3; right lead, inferred"),
"cv-js-axios-auth-xtokenauth": ("JS","B","access-token-as-basic","axios auth:{username:'x-token-auth', password: process.env.BB_WORKSPACE_ACCESS_TOKEN}; right lead, inferred"),
"cv-js-fetch-no-scheme": ("JS","held","missing-auth-scheme",""),
"cv-js-buffer-no-base64": ("JS","A?","basic-encoding","first error right; 2nd error api-token-with-username (stated) from prose 'curl -u with the same values' (login = 'with')"),
"cv-js-got-apppw-2026": ("JS","B","app-password-retired","got.extend({username, password: process.env.BB_APP_PASSWORD}) not read (kind unknown); app-password-retired 4th"),
"cv-ts-bitbucket-sdk-token": ("JS","B","api-token-as-bearer","SDK auth:{token: ATLASSIAN_API_TOKEN} + error dump 'authorization: Bearer [REDACTED]'; kind unknown, invalid-credentials leads"),
"cv-js-header-var-ip": ("JS","held","ip-not-allowed",""),
"cv-js-fetch-header-var-scope": ("JS","held","missing-scope",""),
# --- Go
"cv-go-nethttp-lower-bearer": ("GO","held","scheme-case",""),
"cv-go-setbasicauth-xtoken": ("GO","held","access-token-as-basic",""),
"cv-go-resty-setauthtoken": ("GO","B","api-token-as-bearer","resty SetAuthToken(\"ATATT…\") (full literal token, sends Bearer) not read as a header: kind unknown, invalid-credentials leads"),
"cv-go-header-var-bearer-apitoken": ("GO","B","api-token-as-bearer","authHeader := \"Bearer \" + os.Getenv(\"ATLASSIAN_API_TOKEN\"); right lead, inferred"),
# --- JVM
"cv-java-okhttp-credentials-basic-username": ("JVM","A","api-token-with-username","missing-auth-scheme (shown) from .header(\"Authorization\", credential): a variable holding Credentials.basic(...) is read as a bare token"),
"cv-java-resttemplate-setbearer": ("JVM","B","api-token-as-bearer","headers.setBearerAuth(props.getApiToken()) + comment; right lead, inferred"),
"cv-java-webclient-basic-apppw": ("JVM","B","app-password-retired","setBasicAuth(username, appPassword) + yml comment, dated 2026-12-01; right lead, inferred"),
"cv-java-httpclient-basic-raw": ("JVM","held","basic-encoding",""),
"cv-kotlin-okhttp-header-var-r3": ("JVM","A","missing-scope","missing-auth-scheme (shown) ranks before the shown scope 403, from .header(\"Authorization\", bearer) where val bearer = \"Bearer ${…}\""),
# --- C#
"cv-cs-httpclient-bearer-apitoken": ("CS","B","api-token-as-bearer","new AuthenticationHeaderValue(\"Bearer\", config[\"Bitbucket:ApiToken\"]) + comment ATATT...; right lead, inferred"),
"cv-cs-authheader-single-arg": ("CS","held","missing-auth-scheme","right, but by the same 'variable = bare token' reading that gives the OkHttp A"),
"cv-cs-restsharp-basic-username": ("CS","B","api-token-with-username","HttpBasicAuthenticator(\"mkowalski_nw\", apiToken) not read (kind unknown); invalid-credentials leads"),
# --- PowerShell
"cv-ps-irm-bearer-apitoken": ("PS","B","api-token-as-bearer","@{Authorization = \"Bearer $env:BB_API_TOKEN\"} and $env:BB_API_TOKEN.Substring(0,12) printing ATATT3xFfGF0; right lead, inferred"),
"cv-ps-iwr-authentication-bearer": ("PS","B","api-token-as-bearer","-Authentication Bearer -Token (ConvertTo-SecureString \"ATATT…\" …): full literal token, kind unknown, invalid-credentials leads"),
"cv-ps-irm-basic-email-apppw": ("PS","B","app-password-retired","[Convert]::ToBase64String of \"email:$($env:BB_APP_PASSWORD)\"; right lead, inferred"),
# --- Ruby / PHP
"cv-rb-faraday-basic-apppw": ("RB","B","app-password-retired","f.request :authorization, :basic, user, ENV.fetch('BITBUCKET_APP_PASSWORD'); right lead, stated"),
"cv-rb-nethttp-bearer-apitoken": ("RB","B","api-token-as-bearer","\"Bearer #{ENV['ATLASSIAN_API_TOKEN']}\": Ruby interpolation read as a literal 29-char secret = account password; account-password leads"),
"cv-php-guzzle-auth-username": ("PHP","B","api-token-with-username","'auth' => [username, api_token] + .env BITBUCKET_USERNAME=…; right lead, stated"),
"cv-php-guzzle-query-token": ("PHP","held","oauth-token-in-query",""),
# --- shell
"cv-sh-httpie-username": ("SH","B","api-token-with-username","http -a user:$BB_API_TOKEN; right lead, inferred"),
"cv-sh-httpie-bearer": ("SH","B","api-token-as-bearer","http --auth-type=bearer --auth=\"$ATLASSIAN_API_TOKEN\"; right lead, inferred"),
"cv-sh-wget-xtokenauth": ("SH","B","access-token-as-basic","wget --user=x-token-auth --password=$BB_REPO_ACCESS_TOKEN; right lead, inferred"),
"cv-sh-curl-oauth2-bearer": ("SH","held","api-token-as-bearer",""),
"cv-sh-curl-netrc-username": ("SH","held","api-token-with-username",".netrc contents shown with curl -n"),
"cv-sh-curl-config-apppw": ("SH","A","app-password-retired","anonymous-request (shown) 'no credential was given' for curl -K file (user = \"nw-ci:ATBB…\" shown in the file)"),
"cv-sh-curl-config-header-bearer": ("SH","A","api-token-as-bearer","anonymous-request (shown) for curl -K file whose header = \"Authorization: Bearer ATATT…\" is shown"),
"cv-sh-curl-netrc-file-apppw": ("SH","A","app-password-retired","anonymous-request (shown) for curl --netrc-file FILE (file contents shown)"),
# --- exports
"cv-postman-collection-bearer": ("EXP","B","api-token-as-bearer","Postman auth.type bearer + {{bb_api_token}} whose env value is a full ATATT token; right lead, inferred"),
"cv-insomnia-basic-username": ("EXP","B","api-token-with-username","Insomnia authentication basic username + {{ _.atlassian_api_token }} = ATATT…; invalid-credentials leads"),
"cv-bruno-bearer": ("EXP","B","api-token-as-bearer","auth:bearer { token: {{atlassianApiToken}} }; right lead, inferred"),
"cv-har-bearer-apitoken": ("EXP","B","api-token-as-bearer","HAR header object {\"name\": \"Authorization\", \"value\": \"Bearer ATATT…\"} not read: kind unknown, invalid-credentials leads"),
"cv-devtools-copy-as-curl-basic": ("EXP","held","api-token-with-username",""),
"cv-devtools-copy-as-fetch": ("EXP","held","scheme-case",""),
# --- config files
"cv-terraform-provider-apppw": ("CFG","B","app-password-retired","provider block username/password = var.bitbucket_app_password (comment 'app password'), dated 2026-12-03: kind unknown, invalid-credentials leads"),
"cv-renovate-config-username": ("CFG","B","api-token-with-username","config.js username: 'nw-renovate', password: process.env.RENOVATE_API_TOKEN + R1 in Renovate's JSON: kind unknown, invalid-credentials leads"),
"cv-jenkins-credentials-email-git": ("CFG","B","git-https-username","credential Username jane.doe@northwind.io stated, git clone https://****:****@ → G1; invalid-credentials leads, git-https-username 3rd"),
"cv-git-credentials-email-encoded": ("CFG","B","git-https-username","~/.git-credentials line https://jane.doe%40northwind.io:ATATT…@bitbucket.org + git pull G1: not tied to the pull; invalid-credentials leads"),
"cv-gitconfig-insteadof-email": ("CFG","B","git-https-username","insteadOf URL with jane.doe%40northwind.io; right lead, inferred"),
"cv-git-netrc-email": ("CFG","B","git-https-username",".netrc machine bitbucket.org login email + git ls-remote G1: no error, git-https-username first candidate"),
"cv-env-dump-apppw": ("CFG","B","app-password-retired","env dump BITBUCKET_APP_PASSWORD=***masked*** substituted into -u: the mask is read as a 12-char account password; account-password leads"),
"cv-env-dump-empty-token": ("CFG","held","anonymous-request",""),
"cv-sshconfig-old-host": ("CFG","B","ssh-host-moved","git@bitbucket.org remote, port 22 refused, after 2026-11-12; right lead, inferred (ssh-port-blocked 2nd)"),
# --- precision
"pr-jira-scope-does-not-match": ("OTH","held","none","ok: Bitbucket 200 shown; Jira's 'scope does not match' ignored (defensible for a Bitbucket doctor)"),
"pr-confluence-permission": ("OTH","held","none",""),
"pr-confluence-basic-password-deprecated": ("OTH","held","none",""),
"pr-github-graphql-scopes-lowercase-bearer": ("OTH","held","none","lowercase bearer to GitHub not flagged"),
"pr-gitlab-insufficient-scope": ("OTH","held","none",""),
"pr-msgraph-token-expired": ("OTH","held","none",""),
"pr-google-invalid-grant": ("OTH","held","none",""),
"pr-jira-429": ("OTH","held","none","noisy: rate-limited (inferred) sole candidate for Jira's 429"),
"pr-atlassian-graphql-gateway": ("OTH","held","none",""),
"pr-atlassian-3lo-refresh": ("OTH","held","none",""),
"pr-aws-oidc-pipelines": ("OTH","held","none",""),
"pr-jsonl-jira-403-beside-bb": ("OTH","held","none","noisy: missing-scope, no-repo-access candidates for Jira's 403"),
"pr-linear-graphql-auth": ("OTH","held","none",""),
"pr-jira-404-no-permission-wording": ("OTH","held","none",""),
"pr-proxy-200-okta-html": ("PXY","held","none",""),
"pr-proxy-401-ntlm": ("PXY","held","none","noisy: BlueCoat 401 (WWW-Authenticate: NTLM) → invalid-credentials first"),
"pr-internal-gateway-bearer-expired": ("PXY","held","none",""),
"pr-bb-downloads-s3-auth-forwarded": ("PXY","held","none",""),
"pr-bb-user-no-20-forbidden": ("BB","held","wrong-api-host",""),
"pr-bb-deleted-repo-404": ("BB","B","repo-not-found","audit log 'Repository deleted: ledger-legacy' + 200s with the same token; no-repo-access leads"),
"pr-bb-workspace-typo-404": ("BB","B","repo-not-found","nortwind vs northwind beside a 200 with the same token; no-repo-access leads"),
"pr-bb-html-login-web-url": ("BB","B","wrong-api-host","website URL /src/main/… with Basic → 302 id.atlassian.com login → 200 HTML: no candidate"),
"pr-bb-http-redirect-drops-auth": ("BB","held","wrong-api-host",""),
"pr-bb-website-api-redirect-requests": ("BB","B","wrong-api-host","bitbucket.org/api/2.0 → 302 → api.bitbucket.org, requests drops Authorization → 404 R6; anonymous-request leads (mechanism right, root not named)"),
"pr-bb-double-20-x4": ("BB","B","wrong-api-host","BB_API=…/2.0 expanded into \"$BB_API/2.0/…\" → /2.0/2.0/ + X4 body: no wrong-api-host; R6 candidates"),
"pr-bb-x4-double-20-literal": ("BB","B","wrong-api-host","literal /2.0/2.0/repositories/… + X4 ('There is no API hosted at this URL'): R6 candidates, not wrong-api-host"),
"pr-bb-accesstoken-user-403-scope": ("BB","A","access-token-wrong-resource","missing-scope (shown) first for /2.0/user with a repository access token (R5 required ['account']); no access-token scope gives a user"),
"pr-bb-accesstoken-revoked": ("BB","B","invalid-credentials","access token 'Expires: 30 Nov 2026', today Dec 4, R3; right lead, stated"),
"pr-bb-bearer-apitoken-200-private": ("BB","held","none","ok/healthy, as the 2026-12 facts ask"),
"pr-bb-oauth-consumer-bad-secret": ("BB","B","invalid-credentials","token endpoint 400 'Invalid OAuth client credentials' + 'secret rotated, CI variable old': no candidate"),
"pr-bb-api-token-wrong-email": ("BB","B","api-token-wrong-email","email northwind.com vs profile northwind.io stated; invalid-credentials leads, api-token-wrong-email not among candidates"),
"pr-raw-http-email-apppw": ("BB","held","app-password-retired",""),
"pr-sonarcloud-relay-scope": ("BB","held","missing-scope",""),
"pr-bb-forge-asapp-scope": ("BB","held","missing-scope",""),
"pr-azure-pipelines-bb-apppw": ("BB","A","app-password-retired","scheme-case (shown) first from Azure's own masked log form http.extraheader=\"AUTHORIZATION: basic ***\" (s30 family), before the shown X2 410 CHANGE-3222"),
}
import glob,os,json
names=sorted(os.path.basename(f)[:-4] for f in glob.glob("*.txt"))
missing=[n for n in names if n not in C]; extra=[n for n in C if n not in names]
assert not missing and not extra,(missing,extra)
with open("classes.tsv","w") as f:
    f.write("name\tfamily\tclass\ttrue_cause\n")
    for n in names:
        fam,cl,tc,_=C[n]; f.write(f"{n}\t{fam}\t{cl}\t{tc}\n")
from collections import Counter
print(Counter(v[1] for v in C.values()))
for part in ("cv-","pr-"):
    print(part, Counter(v[1] for k,v in C.items() if k.startswith(part)))
json.dump(C,open("classes.json","w"),indent=0)
