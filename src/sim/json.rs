//! Ordered JSON written the way Bitbucket writes it.
//!
//! Bitbucket's bodies keep their keys in a fixed order (`"type"` first) and use Python-style
//! separators, `", "` and `": "` (fact sheet §4: "Real responses use Python-style separators").
//! serde_json's `Value` sorts keys and writes compact JSON, so the simulator builds bodies with
//! this small ordered type instead; exact error bodies depend on it.

use std::fmt::Write;

/// A JSON value whose objects keep insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Builds an object from `(key, value)` pairs, in that order.
pub fn obj<const N: usize>(pairs: [(&str, Json); N]) -> Json {
    Json::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A string value.
pub fn s(text: impl Into<String>) -> Json {
    Json::Str(text.into())
}

/// An array of strings.
pub fn strs<T: AsRef<str>>(items: &[T]) -> Json {
    Json::Array(items.iter().map(|i| s(i.as_ref())).collect())
}

impl Json {
    /// Renders with Python-style separators: `{"type": "error", "error": {...}}`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => {
                let _ = write!(out, "{n}");
            }
            // serde_json's string escaping is the standard one; reuse it.
            Json::Str(text) => out.push_str(&serde_json::to_string(text).unwrap_or_default()),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(pairs) => {
                out.push('{');
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push_str(": ");
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Json {
        s(text)
    }
}

impl From<String> for Json {
    fn from(text: String) -> Json {
        Json::Str(text)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Int(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_separators_and_order() {
        let body = obj([
            ("type", "error".into()),
            (
                "error",
                obj([
                    ("message", "a \"quoted\"\nline".into()),
                    ("n", Json::Int(2)),
                    ("list", strs(&["x", "y"])),
                    ("ok", true.into()),
                    ("none", Json::Null),
                ]),
            ),
        ]);
        assert_eq!(
            body.render(),
            r#"{"type": "error", "error": {"message": "a \"quoted\"\nline", "n": 2, "list": ["x", "y"], "ok": true, "none": null}}"#
        );
    }
}
