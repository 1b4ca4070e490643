//! Where the bearer token comes from: the client asks before every request, so a host page
//! with a token function can refresh expired tokens.

use super::{ApiError, ErrorKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The code of an error that says the host's token function failed.
pub const TOKEN_FAILED: &str = "token_provider_failed";

/// Where the bearer token comes from.
#[derive(Clone, Debug)]
pub enum TokenSource {
    None,
    Fixed(String),
    /// A JS function returning the token, or a promise of it; called before every request so
    /// the host can refresh expired tokens.
    Provider(js_sys::Function),
}

impl TokenSource {
    pub async fn current(&self) -> Result<Option<String>, ApiError> {
        let fail = |detail: &str| ApiError::new(ErrorKind::Config, TOKEN_FAILED, detail);
        match self {
            TokenSource::None => Ok(None),
            TokenSource::Fixed(token) => Ok(Some(token.clone())),
            TokenSource::Provider(provide) => {
                let mut value = provide
                    .call0(&JsValue::NULL)
                    .map_err(|_| fail("the token function threw"))?;
                if let Some(promise) = value.dyn_ref::<js_sys::Promise>() {
                    value = JsFuture::from(promise.clone())
                        .await
                        .map_err(|_| fail("the token promise was rejected"))?;
                }
                match value.as_string() {
                    Some(token) if !token.trim().is_empty() => Ok(Some(token)),
                    _ => Err(fail("the token function returned no token")),
                }
            }
        }
    }
}
