# classify.py: writes classes.tsv from <name>.json + the hand table below
import json,glob,os
T={
# name: (class, true_cause, note)
"cv-aws-oidc-ok-bb-oauth-expired":("held","token-expired",""),
"cv-bruno-bearer":("B","api-token-as-bearer","Bruno `auth:bearer { token: ATATT… }` block not read (BIND)"),
"cv-code-consts-plus-real-r3-bearer":("A","api-token-as-bearer","TS const with the G4 text leads (CODESTR); Bearer via process.env not bound, so the true cause is not even a finding"),
"cv-curl-oauth2-bearer-flag":("held","api-token-as-bearer","curl --oauth2-bearer read"),
"cv-dc-and-cloud-cloud-bearer":("held","api-token-as-bearer",""),
"cv-dc-path-on-cloud-host":("held","wrong-api-host",""),
"cv-git-c-credential-username-email":("B","git-https-username","`git -c credential.username=<email>` not bound to git's request"),
"cv-git-push-502-incident":("held","service-error",""),
"cv-go-mod-no-creds-anonymous":("held","anonymous-request","by design inconclusive for go's lookup (fixture go-lookup-no-username); anonymous-request 2nd candidate"),
"cv-go-setbasicauth-username":("held","api-token-with-username","req.SetBasicAuth read"),
"cv-issues-endpoint-r5":("held","missing-scope","noisy: endpoint-removed warning on /issues"),
"cv-java-base64-literal-username":("held","api-token-with-username",""),
"cv-js-btoa-literal-username":("held","api-token-with-username",""),
"cv-kb-bullets-plus-real-g4":("A","ip-not-allowed","a ruled-out KB bullet (G5, R5 text) leads over the poster's real G4 (DOCLIST/NEG)"),
"cv-kotlin-ktor-bearerauth":("B","api-token-as-bearer","ktor bearerAuth(\"ATATT…\") not read; right lead but inferred"),
"cv-lfs-push-g5-2sv":("held","two-step-or-sso",""),
"cv-npm-ok-bb-git-dep-email":("held","git-https-username",""),
"cv-other-jira-ok-bb-g4-ip":("held","ip-not-allowed",""),
"cv-pagelen-username-r1":("held","api-token-with-username",""),
"cv-php-curlopt-userpwd-username":("B","api-token-with-username","CURLOPT_USERPWD literal not read"),
"cv-pipelines-push-x2-apppw":("held","app-password-retired",""),
"cv-pipelines-trigger-r5-scope":("held","missing-scope",""),
"cv-postman-export-bearer":("B","api-token-as-bearer","Postman export `auth.bearer[].value` not read"),
"cv-pr-merge-bearer-api-token":("held","api-token-as-bearer",""),
"cv-properties-plus-real-r1-username":("A","api-token-with-username","properties value with the X2 text leads (CODESTR) and makes the kind app-password"),
"cv-proxy-407-bb-clone":("held","network-error (proxy 407)",""),
"cv-ps7-authentication-bearer":("B","api-token-as-bearer","PS7 -Authentication Bearer -Token (SecureString) not read; right lead inferred"),
"cv-q-rotate-but-username-git":("held","git-https-username",""),
"cv-readme-single-quotes-run":("held","unexpanded-placeholder","2nd error invalid-credentials inferred"),
"cv-ruby-net-http-basic-auth-username":("B","api-token-with-username","Ruby `req.basic_auth \"u\", \"p\"` not read; prose 'replaced the app password' makes kind app-password, app-password-retired leads (inferred)"),
"cv-rust-reqwest-bearer-auth":("B","api-token-as-bearer","reqwest .bearer_auth(\"ATATT…\") not read"),
"cv-src-file-404-no-auth":("held","anonymous-request",""),
"cv-ssh-deploy-key-push-restr-shape":("held","ssh-deploy-key-read-only",""),
"cv-submodule-bb-old-ssh-host":("held","ssh-host-moved",""),
"cv-tls-intercept-runner-bb":("held","tls-error",""),
"cv-webhook-create-r5":("held","missing-scope",""),
"nm-alert-rule-template":("A","none: metrics bug (counter incremented on success)","YAML alert annotation holds the G4 text (CODESTR)"),
"nm-change-2770-in-code-plus-keyerror":("A","none: KeyError parsing /2.0/user/workspaces (200)","Python `if \"CHANGE-2770 …\" in resp.text` (CODESTR)"),
"nm-changelog-own-cli-crash":("A","none: own CLI panics on missing config section","CHANGELOG bullet quoting the X2 line (CODESTR/DOCLIST)"),
"nm-code-ts-constants-plus-pagination":("A","none: pagination (only first page read; next link present, 200)","TS object literal with G5/G4/R5 texts: three shown errors (CODESTR)"),
"nm-doc-2sv-changelog-plus-lfs-lock":("A","none: LFS file locked by a colleague","admin announcement 'will be refused with: remote: … two-step' (HYPO)"),
"nm-doc-changelog-x2-plus-413":("A","none: HTTP 413 on a 1.2 GiB push (API token already in use)","another team's X2 lines, indented, glued to the poster's 413 push (QUOTE, s40 family)"),
"nm-doc-kb-list-g4-g5-plus-nonff":("A","none: non-fast-forward","KB bullets the poster rules out, with the 403 in the first line's KB title: three shown errors (DOCLIST/NEG)"),
"nm-doc-scope-message-in-code-plus-timeout":("A","none: a 40k-line diff exceeds the client's 30 s read timeout; the same host answered 200 just before","unreachable network-error (READTIMEOUT) + missing-scope from a raise(...) literal (CODESTR)"),
"nm-jira-ticket-json-old-g4-done":("A","none: helm 'another operation is in progress'","a closed Jira ticket's JSON summary holds the G4 text (CODESTR); the fetch shown in the same post works"),
"nm-neg-not-getting-g4-lfs-lock":("A","none: LFS file locked","\"I'm NOT getting \\\"remote: … whitelist your IP.\\\"\" (NEG)"),
"nm-pack-exceeds-max-size":("A","none: push pack over Bitbucket's size limit (remote: fatal: pack exceeds maximum allowed size)","unreachable service-error for a 500 whose remote: line names the limit (5XXBODY)"),
"nm-properties-messages-plus-npe":("A","none: plugin NPE after a 201","messages.properties values (X2, G4, R1 texts) (CODESTR)"),
"nm-pytest-parametrize-messages":("A","none: native extension missing in CI","pytest parametrize tuples with G5/G4/R5 texts (CODESTR)"),
"nm-rate-limit-string-in-code-plus-oom":("A","none: OOM kill","Python constant with the R9 text (CODESTR)"),
"nm-readme-unexpanded-then-400":("A","none: 400 'content: expected a dictionary' (body shape)","the README's single-quoted command, told wrong and fixed, concludes (DOCCMD)"),
}
NOISY={
"nm-other-maven-deploy-401-nexus":"invalid-credentials inferred lead for Nexus' 401 ('URL not shown' although the Maven line names nexus.…)",
"nm-other-nuget-401-azure":"invalid-credentials inferred lead for Azure Artifacts' 401",
"nm-other-snyk-401":"invalid-credentials inferred lead for Snyk's 401",
"nm-other-sonarcloud-401":"invalid-credentials inferred lead for SonarCloud's 401 (URL on the line)",
"nm-webhook-delivery-401-jenkins":"invalid-credentials inferred lead for Jenkins' 401 to a Bitbucket webhook",
"nm-dc-https-403-project-perm":"git-https-username stated lead on a Data Center host",
"nm-issues-tracker-disabled":"endpoint-removed inferred lead for 'Repository has no issue tracker.'",
"nm-lfs-object-missing-404":"anonymous-request inferred lead for an LFS object 404 after a clone",
"nm-other-dockerhub-429":"rate-limited inferred lead for Docker Hub's pull limit",
"nm-other-registry-503":"service-error inferred lead for a Gradle repo's 503",
"nm-ip-allowlist-aws-sg-deploy":"ip-not-allowed stated lead (the poster's own AWS security group)",
"nm-webhook-timeout-firewall":"ip-not-allowed stated + network-error inferred (Bitbucket cannot reach Jenkins)",
"nm-other-spring-oauth-token-expired":"token-expired inferred lead for a Spring 'Access token expired' from the poster's own API",
"nm-test-mock-r1-body-assert-fail":"invalid-credentials inferred from a respx mock body",
"nm-test-wiremock-r3-stub":"invalid-credentials inferred from a WireMock stub",
"nm-code-go-error-map-plus-panic":"invalid-credentials inferred from a Go map key",
"nm-code-handler-r3-plus-json-error":"invalid-credentials inferred from a JS comment",
"nm-de-doc-zitat-g4-plus-nonff":"ip-not-allowed stated lead (the poster says he does not see it)",
"nm-de-neg-bekomme-nicht-g4-hook":"ip-not-allowed stated lead (negated)",
"nm-neg-es-no-me-sale-x2":"app-password-retired stated lead (negated)",
"nm-hypo-when-allowlist-enabled-husky":"ip-not-allowed stated lead (admin's prediction)",
"nm-runbook-table-errors-plus-hook":"two-step-or-sso + missing-scope stated (runbook table)",
"nm-status-page-incident-plus-local":"service-error stated lead (status page text); true cause: Windows path length",
"nm-other-confluence-publish-403":"candidates missing-scope/no-repo-access for Confluence's 403",
"nm-other-pypi-twine-403":"candidates missing-scope/no-repo-access for PyPI's 403",
"nm-other-pypi-password-no-longer":"candidates missing-scope/no-repo-access for PyPI's 403",
"nm-other-github-api-rate-limit":"candidates missing-scope/no-repo-access for GitHub's rate-limit 403",
"nm-other-slack-notify-pipe":"candidates no-repo-access/invalid-credentials/ip-not-allowed for Slack's 403",
"nm-pipelines-cache-s3-403":"candidates missing-scope/no-repo-access for S3 RequestTimeTooSkewed",
"nm-404-src-file-missing":"candidates no-repo-access… for a missing file in a repo answered 200",
"nm-commit-not-found-404":"candidates anonymous-request… for 'Commit not found' beside a 200",
}
rows=[]
for f in sorted(glob.glob("*.json")):
    n=f[:-5]; d=json.load(open(f))
    errs=[x["id"]+"("+str(x.get("strength"))+")" for x in d["findings"] if x["severity"]=="error"]
    first=errs[0] if errs else ""
    if n in T: c,tc,note=T[n]
    elif n.startswith("nm-"):
        assert d["verdict"] not in ("problems","unreachable"), n
        c,tc,note="held","none (not a bbdoctor cause / no failure)",("noisy: "+NOISY[n]) if n in NOISY else ""
    else: raise SystemExit("unclassified "+n)
    rows.append((n,c,tc,d["verdict"],first,note))
with open("classes.tsv","w") as o:
    o.write("name\tclass\ttrue_cause\tverdict\tfirst_error\tnote\n")
    for r in rows: o.write("\t".join(r)+"\n")
from collections import Counter
for part in ("nm-","cv-",""):
    rs=[r for r in rows if r[0].startswith(part)]
    c=Counter(r[1] for r in rs)
    print(part or "all", len(rs), {k:c.get(k,0) for k in ("A","A?","B","held")})
