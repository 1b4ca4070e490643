//! Bearer-token authentication: who is calling, a shopper or the merchant.

use crate::problem::{Code, Problem};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};

/// Who a token stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    Shopper(String),
    Merchant,
}

/// Extractor for shopper endpoints: the authenticated shopper's id.
pub struct Shopper(pub String);

/// Extractor for merchant endpoints.
pub struct Merchant;

pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| Problem::new(Code::Unauthorized, "Send an Authorization: Bearer <token> header."))?;
        state.principal(token).ok_or_else(|| Problem::new(Code::Unauthorized, "The bearer token is not known."))
    }
}

impl FromRequestParts<AppState> for Shopper {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        match Principal::from_request_parts(parts, state).await? {
            Principal::Shopper(id) => Ok(Shopper(id)),
            Principal::Merchant => Err(Problem::new(Code::Forbidden, "This endpoint is for shopper tokens.")),
        }
    }
}

impl FromRequestParts<AppState> for Merchant {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        match Principal::from_request_parts(parts, state).await? {
            Principal::Merchant => Ok(Merchant),
            Principal::Shopper(_) => Err(Problem::new(Code::Forbidden, "This endpoint is for merchant tokens.")),
        }
    }
}
