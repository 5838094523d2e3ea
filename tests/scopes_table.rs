//! The committed scope table `src/scopes.tsv` is exactly what the generator makes from the
//! committed OpenAPI document: it cannot drift from the spec or be edited by hand.

#[allow(dead_code)] // the example's `main` is not used here
#[path = "../examples/gen_scope_table.rs"]
mod generator;

#[test]
fn committed_table_equals_regenerated_table() {
    let spec = include_str!("../fixtures/openapi/swagger.v3.json");
    let regenerated = generator::generate(spec).expect("spec parses");
    let committed = include_str!("../src/scopes.tsv");
    if regenerated != committed {
        let diff = similar::TextDiff::from_lines(committed, regenerated.as_str());
        panic!(
            "src/scopes.tsv is stale or was edited by hand; regenerate it with\n  \
             cargo run --example gen_scope_table -- fixtures/openapi/swagger.v3.json > src/scopes.tsv\n{}",
            diff.unified_diff().header("src/scopes.tsv", "regenerated")
        );
    }
}

#[test]
fn generator_reads_security_and_atlassian_extensions() {
    let spec = r#"{"paths": {"/user": {"get": {
        "security": [{"oauth2": ["account"]}, {"basic": []}],
        "x-atlassian-oauth2-scopes": [{"state": "Current", "scheme": "oauth2", "scopes": ["read:user:bitbucket"]}],
        "x-atlassian-auth-types": ["api-token"], "deprecated": true}}}}"#;
    let table = generator::generate(spec).expect("parses");
    assert_eq!(
        table.lines().nth(1),
        Some("GET\t/user\taccount\tread:user:bitbucket\tapi-token\tdeprecated")
    );
    assert!(generator::generate("not json").is_err());
}
