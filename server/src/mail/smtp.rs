//! Sending one email over SMTP with lettre (async on tokio, TLS by rustls): `smtps://` for
//! TLS from the first byte, `smtp://…?tls=required` for STARTTLS, credentials in the URL.
//! The answer decides what happens next: a 4xx reply, a refused or dropped connection or
//! a timeout is worth another try; a 5xx reply (a refused address, a rejected message) is
//! not.

use super::templates::Rendered;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Why one attempt failed, and whether another may succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Try again later (4xx, connection refused, timeout, TLS handshake).
    Temporary(String),
    /// Give up (5xx: the address or the message is refused for good).
    Permanent(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Temporary(why) | SendError::Permanent(why) => f.write_str(why),
        }
    }
}

/// One email, addressed and identified.
pub struct Outgoing<'a> {
    pub to: &'a str,
    /// `<…@…>`, the same on every attempt: receivers drop a repeat.
    pub message_id: &'a str,
    pub mail: &'a Rendered,
}

/// The SMTP server emails go through, and who they are from.
#[derive(Clone)]
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// From `--smtp-url` and `--mail-from` (`Store <orders@shop.example>` or an address);
    /// a malformed one is a start-up error naming the flag.
    pub fn new(url: &str, from: &str, timeout: Duration) -> Result<Smtp, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url {}: {e}", masked(url)))?
            .timeout(Some(timeout))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("--mail-from {from:?}: not an email address ({e})"))?;
        Ok(Smtp { transport, from })
    }

    /// The sender's domain, for Message-IDs.
    pub fn from_domain(&self) -> &str {
        self.from.email.domain()
    }

    /// One attempt at sending `outgoing`.
    pub async fn send(&self, outgoing: &Outgoing<'_>) -> Result<(), SendError> {
        let to = outgoing.to.parse::<Mailbox>().map_err(|e| {
            SendError::Permanent(format!("{:?} is not an email address: {e}", outgoing.to))
        })?;
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&outgoing.mail.subject)
            .message_id(Some(outgoing.message_id.to_string()))
            .multipart(MultiPart::alternative_plain_html(
                outgoing.mail.text.clone(),
                outgoing.mail.html.clone(),
            ))
            .map_err(|e| SendError::Permanent(format!("cannot build the message: {e}")))?;
        message.headers_mut().insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            outgoing.mail.locale.clone(),
        ));
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(describe(&e))),
            Err(e) if e.is_client() => Err(SendError::Permanent(describe(&e))),
            Err(e) => Err(SendError::Temporary(describe(&e))),
        }
    }
}

/// The error and its causes on one line ("Connection refused" is in a cause).
fn describe(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The URL with its password replaced, for logs and errors.
pub fn masked(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user, host)) if user.contains(':') => {
                let name = user.split(':').next().unwrap_or("");
                format!("{scheme}://{name}:***@{host}")
            }
            _ => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The pooled transport needs a runtime, even to be dropped.
    #[tokio::test]
    async fn bad_settings_name_their_flag_and_hide_the_password() {
        let timeout = Duration::from_secs(5);
        let error = Smtp::new("smtp://user:s3cret@", "a@b.example", timeout)
            .err()
            .unwrap();
        assert!(
            error.starts_with("--smtp-url smtp://user:***@: "),
            "{error}"
        );
        assert!(!error.contains("s3cret"));
        let error = Smtp::new("smtp://127.0.0.1:2525", "not an address", timeout)
            .err()
            .unwrap();
        assert!(
            error.starts_with("--mail-from \"not an address\": "),
            "{error}"
        );
        let smtp = Smtp::new(
            "smtps://u:p@smtp.example.com",
            "Shop <orders@shop.example>",
            timeout,
        )
        .unwrap();
        assert_eq!(smtp.from_domain(), "shop.example");
        assert_eq!(masked("smtp://127.0.0.1:25"), "smtp://127.0.0.1:25");
    }

    #[tokio::test]
    async fn a_refused_connection_is_worth_another_try() {
        // A port nothing listens on: bind one, then let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let smtp = Smtp::new(
            &format!("smtp://127.0.0.1:{port}"),
            "a@b.example",
            Duration::from_secs(2),
        )
        .unwrap();
        let mail = Rendered {
            locale: "en".into(),
            subject: "s".into(),
            text: "t".into(),
            html: "<p>h</p>".into(),
        };
        let outgoing = Outgoing {
            to: "c@d.example",
            message_id: "<1@b.example>",
            mail: &mail,
        };
        match smtp.send(&outgoing).await {
            Err(SendError::Temporary(why)) => {
                assert!(why.to_lowercase().contains("refused"), "{why}")
            }
            other => panic!("{other:?}"),
        }
        let bad = Outgoing {
            to: "nobody",
            ..outgoing
        };
        assert!(matches!(
            smtp.send(&bad).await,
            Err(SendError::Permanent(_))
        ));
    }
}
