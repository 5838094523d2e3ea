//! The simulator's memory between requests: rate-limit counters (B7, R9) and refused logins
//! per user (the lockout of R12).
//!
//! The world's clock stands still, so a rate-limit window never rolls over: the allowance is
//! for the simulator's lifetime.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Counters {
    requests: Mutex<HashMap<String, u32>>,
    refusals: Mutex<HashMap<String, u32>>,
}

impl Counters {
    /// Counts one request against `key`'s allowance; false once more than `limit` were made.
    pub fn take(&self, key: &str, limit: Option<u32>) -> bool {
        let Some(limit) = limit else { return true };
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        let count = requests.entry(key.to_string()).or_default();
        *count = count.saturating_add(1);
        *count <= limit
    }

    /// Has this user reached `after` refused logins?
    pub fn is_locked(&self, username: &str, after: Option<u32>) -> bool {
        let Some(after) = after else { return false };
        let refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        refusals.get(username).copied().unwrap_or(0) >= after
    }

    /// One more refused login for this user.
    pub fn record_refusal(&self, username: &str) {
        let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        *refusals.entry(username.to_string()).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowance_and_lockout() {
        let c = Counters::default();
        assert!(c.take("ip:127.0.0.1", Some(2)));
        assert!(c.take("ip:127.0.0.1", Some(2)));
        assert!(!c.take("ip:127.0.0.1", Some(2)));
        assert!(c.take("cred:x", Some(2)));
        assert!(c.take("anything", None));
        assert!(!c.is_locked("pat", Some(2)));
        c.record_refusal("pat");
        c.record_refusal("pat");
        assert!(c.is_locked("pat", Some(2)));
        assert!(!c.is_locked("pat", None));
    }
}
