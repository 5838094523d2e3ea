//! Mints synthetic, checksum-valid Bitbucket secrets for worlds and tests (fact sheet §3.2).
//!
//! API tokens (`ATATT3xFfGF0…`) and access tokens (`ATCTT3xFfGN0…`): prefix + body of
//! `[A-Za-z0-9_-]`, `=` at index 183, 192 characters, the last 8 the uppercase hex CRC32 of the
//! first 184. App passwords: `ATBB` + 24 alphanumerics + the uppercase hex CRC32 of the first 28
//! (36 characters). The same seed gives the same secret; none of them is a real credential.

/// Prefix of Atlassian API tokens (S-PREFIX, §3.1).
pub const API_TOKEN_PREFIX: &str = "ATATT3xFfGF0";
/// Prefix of repository, project and workspace access tokens (§3.1).
pub const ACCESS_TOKEN_PREFIX: &str = "ATCTT3xFfGN0";

const BODY: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// A 192-character token with `prefix` (e.g. [`API_TOKEN_PREFIX`]) and a valid checksum.
pub fn mint_token(prefix: &str, seed: &str) -> String {
    let mut rng = Rng::new(seed);
    let mut token = prefix.to_string();
    while token.len() < 183 {
        token.push(BODY[rng.below(BODY.len())] as char);
    }
    token.push('=');
    let crc = crc32fast::hash(token.as_bytes());
    token + &format!("{crc:08X}")
}

/// A 36-character app password with a valid checksum.
pub fn mint_app_password(seed: &str) -> String {
    let mut rng = Rng::new(seed);
    let mut password = String::from("ATBB");
    while password.len() < 28 {
        password.push(BODY[rng.below(62)] as char); // alphanumerics only
    }
    let crc = crc32fast::hash(password.as_bytes());
    password + &format!("{crc:08X}")
}

/// Whether a token or app password carries a valid built-in CRC32 (§3.2).
pub fn checksum_ok(secret: &str) -> bool {
    let (covered, sum) = match secret.len() {
        192 if secret.as_bytes()[183] == b'=' => secret.split_at(184),
        36 if secret.starts_with("ATBB") => secret.split_at(28),
        _ => return false,
    };
    format!("{:08X}", crc32fast::hash(covered.as_bytes())) == sum
}

/// splitmix64, seeded from the seed text: deterministic and good enough for made-up secrets.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Rng {
        Rng(seed.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        }))
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_secrets_have_the_documented_shape() {
        let token = mint_token(API_TOKEN_PREFIX, "pat");
        assert_eq!(token.len(), 192);
        assert!(token.starts_with(API_TOKEN_PREFIX));
        assert_eq!(&token[183..184], "=");
        assert!(checksum_ok(&token));
        assert_eq!(token, mint_token(API_TOKEN_PREFIX, "pat"));
        assert_ne!(token, mint_token(API_TOKEN_PREFIX, "sam"));
        let app = mint_app_password("pat");
        assert_eq!(app.len(), 36);
        assert!(app[4..28].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!(checksum_ok(&app));
    }

    #[test]
    fn fact_sheet_samples_pass_and_altered_ones_fail() {
        assert!(checksum_ok("ATBBOhbVrpoiVgRV5IfLBcbfnoGM579638B4"));
        assert!(!checksum_ok("ATBBOhbVrpoiVgRV5IfLBcbfnoGM579638B5"));
        let mut token = mint_token(ACCESS_TOKEN_PREFIX, "x");
        token.replace_range(20..21, if &token[20..21] == "A" { "B" } else { "A" });
        assert!(!checksum_ok(&token));
    }
}
