//! Bearer-token authentication: who is calling, a shopper or the merchant.
//!
//! Shoppers send a JWT the store issued ([`crate::jwt`]); the merchant sends the configured
//! merchant token; with `--seed` the fixed demo tokens work too. A missing token is 401 with
//! `WWW-Authenticate: Bearer`; a bad, expired or foreign one adds `error="invalid_token"`.

use crate::jwt::JwtVerifier;
use crate::principal::Principal;
use crate::problem::{Code, Problem};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use subtle::ConstantTimeEq;

/// Extractor for shopper endpoints: the authenticated shopper's id.
pub struct Shopper(pub String);

/// Extractor for merchant endpoints.
pub struct Merchant;

/// Why a request is not authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// No `Authorization: Bearer` header.
    Missing,
    /// A token was sent but is not valid; the reason goes to the log only.
    Invalid(String),
}

impl AuthError {
    pub fn problem(&self) -> Problem {
        match self {
            AuthError::Missing => Problem::new(
                Code::Unauthorized,
                "Send an Authorization: Bearer <token> header.",
            ),
            AuthError::Invalid(_) => Problem::new(
                Code::Unauthorized,
                "The bearer token is not valid (unknown, expired or not for this service).",
            )
            .header(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""),
        }
    }
}

/// The credentials this server accepts.
#[derive(Default)]
pub struct Authenticator {
    /// SHA-256 of the merchant token: compared in constant time, equal lengths always.
    merchant_token_hash: Option<[u8; 32]>,
    jwt: Option<JwtVerifier>,
    /// The fixed demo tokens; only filled with `--seed`.
    demo_tokens: HashMap<String, Principal>,
}

fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

impl Authenticator {
    pub fn new(
        merchant_token: Option<&str>,
        jwt: Option<JwtVerifier>,
        demo_tokens: HashMap<String, Principal>,
    ) -> Self {
        Authenticator {
            merchant_token_hash: merchant_token.map(sha256),
            jwt,
            demo_tokens,
        }
    }

    /// Whether any credential at all can succeed (a server without one serves only public routes).
    pub fn accepts_anything(&self) -> bool {
        self.merchant_token_hash.is_some() || self.jwt.is_some() || !self.demo_tokens.is_empty()
    }

    pub fn authenticate(&self, token: &str) -> Result<Principal, AuthError> {
        if let Some(expected) = &self.merchant_token_hash {
            if bool::from(sha256(token).ct_eq(expected)) {
                return Ok(Principal::Merchant);
            }
        }
        if let Some(principal) = self.demo_tokens.get(token) {
            return Ok(principal.clone());
        }
        match &self.jwt {
            Some(jwt) => jwt
                .verify(token)
                .map(Principal::Shopper)
                .map_err(AuthError::Invalid),
            None => Err(AuthError::Invalid(
                "unknown token and no JWT keys configured".into(),
            )),
        }
    }

    /// The `email` claim of the request's shopper JWT, if it is valid and has one (the
    /// demo tokens and the merchant token have none).
    pub fn email_claim(&self, headers: &HeaderMap) -> Option<String> {
        let token = bearer_token(headers)?;
        let (_, email) = self.jwt.as_ref()?.verify_claims(token).ok()?;
        email.filter(|e| crate::mail::is_email_address(e))
    }

    /// Authenticates a request's `Authorization` header.
    pub fn authenticate_headers(&self, headers: &HeaderMap) -> Result<Principal, AuthError> {
        match bearer_token(headers) {
            Some(token) => self.authenticate(token),
            None if headers.contains_key(header::AUTHORIZATION) => {
                Err(AuthError::Invalid("not a Bearer authorization".into()))
            }
            None => Err(AuthError::Missing),
        }
    }
}

pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The result of authenticating a request, computed once (by the rate limiter when it is
/// on) and kept in the request's extensions for the extractors.
#[derive(Clone)]
pub struct Authenticated(pub Result<Principal, AuthError>);

/// The request's principal: from the extensions if already checked, else checked now.
fn principal(parts: &Parts, state: &AppState) -> Result<Principal, Problem> {
    let result = match parts.extensions.get::<Authenticated>() {
        Some(Authenticated(result)) => result.clone(),
        None => state.auth().authenticate_headers(&parts.headers),
    };
    result.map_err(|e| {
        if let AuthError::Invalid(why) = &e {
            tracing::info!(reason = %why, "rejected bearer token");
        }
        e.problem()
    })
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        principal(parts, state)
    }
}

impl FromRequestParts<AppState> for Shopper {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        match principal(parts, state)? {
            Principal::Shopper(id) => Ok(Shopper(id)),
            Principal::Merchant => Err(Problem::new(
                Code::Forbidden,
                "This endpoint is for shopper tokens.",
            )),
        }
    }
}

impl FromRequestParts<AppState> for Merchant {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        match principal(parts, state)? {
            Principal::Merchant => Ok(Merchant),
            Principal::Shopper(_) => Err(Problem::new(
                Code::Forbidden,
                "This endpoint is for merchant tokens.",
            )),
        }
    }
}
