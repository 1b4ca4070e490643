//! Shoppers' sign-in: JSON Web Tokens the store issues, verified with the `jsonwebtoken`
//! crate. HS256 with a shared secret, RS256 and ES256 with public keys from a JWKS file.
//! `exp` is required (60 s leeway for clock skew), `iss` and `aud` are checked when
//! configured, and `sub` is the shopper id.

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::path::Path;

/// Seconds a token may be past `exp` (or before `nbf`): clocks of two machines differ.
pub const LEEWAY_SECS: u64 = 60;

/// One key a token may be signed with.
struct Key {
    algorithm: Algorithm,
    /// The JWKS `kid`; a token naming a kid is checked against that key only.
    kid: Option<String>,
    key: DecodingKey,
}

/// Everything needed to check a shopper's token.
pub struct JwtVerifier {
    keys: Vec<Key>,
    issuer: Option<String>,
    audience: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    /// Where the shopper's emails may go (OpenID Connect's standard claim).
    #[serde(default)]
    email: Option<String>,
}

impl JwtVerifier {
    /// A verifier for `hs256_secret` and/or the keys of the JWKS file `jwks`; `None` when
    /// neither is given (no JWT sign-in). Errors name the file and the key.
    pub fn new(
        hs256_secret: Option<&str>,
        jwks: Option<&Path>,
        issuer: Option<String>,
        audience: Option<String>,
    ) -> Result<Option<JwtVerifier>, String> {
        let mut keys = Vec::new();
        if let Some(secret) = hs256_secret {
            // RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
            if secret.len() < 32 {
                return Err("--jwt-secret must be at least 32 bytes (RFC 7518 3.2: the key is at least the hash size)".into());
            }
            keys.push(Key {
                algorithm: Algorithm::HS256,
                kid: None,
                key: DecodingKey::from_secret(secret.as_bytes()),
            });
        }
        if let Some(path) = jwks {
            keys.extend(load_jwks(path)?);
        }
        if keys.is_empty() {
            return Ok(None);
        }
        Ok(Some(JwtVerifier {
            keys,
            issuer,
            audience,
        }))
    }

    /// The shopper id (`sub`) of a valid token, or why it is not valid (for the log only:
    /// clients get the same `invalid_token` for every failure).
    pub fn verify(&self, token: &str) -> Result<String, String> {
        self.verify_claims(token).map(|(sub, _)| sub)
    }

    /// The shopper id and the `email` claim of a valid token.
    pub fn verify_claims(&self, token: &str) -> Result<(String, Option<String>), String> {
        // Fails for `alg: none` and any algorithm outside the supported list.
        let header = decode_header(token).map_err(|e| format!("bad header: {e}"))?;
        let candidates = self
            .keys
            .iter()
            .filter(|k| k.algorithm == header.alg)
            .filter(|k| header.kid.is_none() || k.kid.is_none() || k.kid == header.kid);
        let mut last_error = format!("no key for algorithm {:?}", header.alg);
        for key in candidates {
            match decode::<Claims>(token, &key.key, &self.validation(key.algorithm)) {
                Ok(data) if !data.claims.sub.trim().is_empty() => {
                    return Ok((data.claims.sub, data.claims.email))
                }
                Ok(_) => return Err("empty sub".into()),
                Err(e) => last_error = e.to_string(),
            }
        }
        Err(last_error)
    }

    fn validation(&self, algorithm: Algorithm) -> Validation {
        let mut validation = Validation::new(algorithm);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "sub"]);
        if let Some(issuer) = &self.issuer {
            validation.set_issuer(&[issuer]);
            validation.required_spec_claims.insert("iss".into());
        }
        match &self.audience {
            Some(audience) => {
                validation.set_audience(&[audience]);
                validation.required_spec_claims.insert("aud".into());
            }
            // Without a configured audience an `aud` claim cannot be checked: accept it.
            None => validation.validate_aud = false,
        }
        validation
    }
}

/// The RSA and P-256 keys of a JWKS file, as RS256 and ES256 keys.
fn load_jwks(path: &Path) -> Result<Vec<Key>, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--jwt-jwks {shown}: cannot read: {e}"))?;
    let set: JwkSet = serde_json::from_str(&text)
        .map_err(|e| format!("--jwt-jwks {shown}: not a JWKS ({{\"keys\": [...]}}): {e}"))?;
    if set.keys.is_empty() {
        return Err(format!("--jwt-jwks {shown}: the key set has no keys"));
    }
    set.keys
        .iter()
        .enumerate()
        .map(|(index, jwk)| {
            let name = jwk.common.key_id.clone().map_or_else(|| format!("key {index}"), |kid| format!("key {kid:?}"));
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => Algorithm::RS256,
                AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => Algorithm::ES256,
                _ => return Err(format!("--jwt-jwks {shown}: {name}: only RSA (RS256) and EC P-256 (ES256) keys are supported")),
            };
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("--jwt-jwks {shown}: {name}: {e}"))?;
            Ok(Key { algorithm, kid: jwk.common.key_id.clone(), key })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(secret: Option<&str>, jwks: Option<&Path>) -> String {
        JwtVerifier::new(secret, jwks, None, None)
            .err()
            .expect("refused")
    }

    #[test]
    fn unusable_keys_are_refused_at_start_naming_the_file_and_the_key() {
        assert!(error(Some("too short"), None).contains("at least 32 bytes"));
        let dir = std::env::temp_dir().join(format!("jwks-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.json");
        assert!(error(None, Some(&missing))
            .contains(&format!("--jwt-jwks {}: cannot read", missing.display())));
        let cases = [
            ("not-json.json", "keys: []", "not a JWKS"),
            ("empty.json", r#"{"keys": []}"#, "has no keys"),
            (
                "oct.json",
                r#"{"keys": [{"kty": "oct", "kid": "k1", "k": "c2VjcmV0"}]}"#,
                "key \"k1\": only RSA",
            ),
        ];
        for (name, text, why) in cases {
            let file = dir.join(name);
            std::fs::write(&file, text).unwrap();
            let message = error(None, Some(&file));
            assert!(
                message.contains(&file.display().to_string()) && message.contains(why),
                "{name}: {message}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            JwtVerifier::new(None, None, None, None).unwrap().is_none(),
            "no keys: no JWT sign-in"
        );
    }
}
