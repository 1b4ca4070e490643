//! The email flags (issue 24): where the shopper's emails go out, who they are from, what
//! they say about the store, and which templates write them.

use super::{ConfigError, WebhookTiming};
use crate::mail::templates::parse_kinds;
use crate::mail::MailKind;
use std::path::PathBuf;
use std::time::Duration;

/// The shopper's emails, as configured. Emails are off without `smtp_url`.
#[derive(Clone, Debug, PartialEq)]
pub struct MailConfig {
    /// `--smtp-url`: `smtps://…` (TLS), `smtp://…?tls=required` (STARTTLS) or plain
    /// `smtp://…`, with `USER:PASSWORD@` for authentication.
    pub smtp_url: Option<String>,
    /// `--mail-from`: `Store <orders@shop.example>`.
    pub from: Option<String>,
    /// `--store-name`: in every subject and greeting.
    pub store_name: Option<String>,
    /// `--support-url`: where the emails send a shopper for help.
    pub support_url: Option<String>,
    /// `--order-url-template`: the order's page in the shop (`{order_id}`, `{order_number}`).
    pub order_url_template: Option<String>,
    /// `--mail-templates`: a folder overriding the built-in templates file by file.
    pub templates: Option<PathBuf>,
    /// `--mail-texts`: a folder of catalogs (`<tag>.json`) overriding texts key by key, or
    /// adding languages.
    pub texts: Option<PathBuf>,
    /// `--default-locale`: the store's language, for shoppers whose own is unknown.
    pub default_locale: String,
    /// `--mail-disable`: kinds the merchant does not send.
    pub disabled: Vec<MailKind>,
    /// Retries: the webhooks' pacing (5 s doubling to 1 h, given up after 24 h); the
    /// first wait from `--mail-retry-ms`.
    pub timing: WebhookTiming,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            smtp_url: None,
            from: None,
            store_name: None,
            support_url: None,
            order_url_template: None,
            templates: None,
            texts: None,
            default_locale: "en".into(),
            disabled: Vec::new(),
            timing: WebhookTiming::default(),
        }
    }
}

/// The flags, as clap reads them (flattened into the server's).
#[derive(clap::Args, Debug)]
pub(super) struct MailArgs {
    /// Send the shopper's emails through this SMTP server: smtps://USER:PASSWORD@HOST:465
    /// (TLS), smtp://USER:PASSWORD@HOST:587?tls=required (STARTTLS), smtp://HOST:25 (plain:
    /// a private network only). Percent-encode special characters of the password
    #[arg(long, value_name = "URL", env = "ORDER_CANCEL_SMTP_URL")]
    smtp_url: Option<String>,
    /// The emails' sender, e.g. "Nordlicht Home <orders@shop.example>"; needed with
    /// --smtp-url
    #[arg(long, value_name = "ADDRESS", env = "ORDER_CANCEL_MAIL_FROM")]
    mail_from: Option<String>,
    /// The store's name, in every email's subject; needed with --smtp-url
    #[arg(long, value_name = "NAME", env = "ORDER_CANCEL_STORE_NAME")]
    store_name: Option<String>,
    /// Where the emails send a shopper for help (the refund-failed email above all)
    #[arg(long, value_name = "URL", env = "ORDER_CANCEL_SUPPORT_URL")]
    support_url: Option<String>,
    /// The order's page in your shop, linked from every email; {order_id} and
    /// {order_number} are filled in, e.g. https://shop.example/account/orders/{order_id}
    #[arg(long, value_name = "URL", env = "ORDER_CANCEL_ORDER_URL_TEMPLATE")]
    order_url_template: Option<String>,
    /// A folder of email templates overriding the built-in ones file by file: KIND.html,
    /// KIND.txt, _layout.*, _parts.* for every language, TAG/FILE for one; checked at start
    #[arg(long, value_name = "DIR", env = "ORDER_CANCEL_MAIL_TEMPLATES")]
    mail_templates: Option<PathBuf>,
    /// A folder of text catalogs (TAG.json, the format of locales/email/*.json) whose keys
    /// replace the built-in texts of the emails, or that add a language; checked at start
    #[arg(long, value_name = "DIR", env = "ORDER_CANCEL_MAIL_TEXTS")]
    mail_texts: Option<PathBuf>,
    /// The store's language: the emails' when the shopper's (Accept-Language of their
    /// request) is not among them; falls back region -> language -> en
    #[arg(
        long,
        alias = "mail-default-locale",
        value_name = "TAG",
        env = "ORDER_CANCEL_DEFAULT_LOCALE",
        default_value = "en"
    )]
    default_locale: String,
    /// Email kinds not to send, comma-separated: cancelled, request_received,
    /// request_approved, request_denied, refund_issued, refund_failed,
    /// parcel_request_received, parcel_intercepted, parcel_returned,
    /// parcel_not_interceptable, parcel_delivered_anyway
    #[arg(
        long,
        value_name = "KINDS",
        env = "ORDER_CANCEL_MAIL_DISABLE",
        default_value = ""
    )]
    mail_disable: String,
    /// Wait before the first email retry (a 4xx answer, a refused connection), doubled per
    /// retry up to 1 h; emails not sent within 24 h are given up
    #[arg(long, value_name = "MS", default_value = "5000",
          value_parser = |text: &str| super::cli::millis("--mail-retry-ms", text))]
    mail_retry_ms: Duration,
}

impl MailArgs {
    pub(super) fn into_config(self) -> Result<MailConfig, ConfigError> {
        let config = MailConfig {
            disabled: parse_kinds(&self.mail_disable).map_err(ConfigError::Mail)?,
            smtp_url: self.smtp_url.filter(|u| !u.trim().is_empty()),
            from: self.mail_from,
            store_name: self.store_name,
            support_url: self.support_url,
            order_url_template: self.order_url_template,
            templates: self.mail_templates,
            texts: self.mail_texts,
            default_locale: self.default_locale,
            timing: WebhookTiming {
                first_retry: self.mail_retry_ms,
                ..WebhookTiming::default()
            },
        };
        if config.smtp_url.is_some() {
            if config.from.is_none() {
                return Err(ConfigError::Mail(
                    "--smtp-url needs --mail-from ADDRESS (or ORDER_CANCEL_MAIL_FROM)".into(),
                ));
            }
            if config
                .store_name
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
            {
                return Err(ConfigError::Mail(
                    "--smtp-url needs --store-name NAME (or ORDER_CANCEL_STORE_NAME): every subject names the store".into(),
                ));
            }
        }
        for (flag, url) in [
            ("--support-url", &config.support_url),
            ("--order-url-template", &config.order_url_template),
        ] {
            if let Some(url) = url.as_deref().filter(|u| !is_http_url(u)) {
                return Err(ConfigError::Mail(format!(
                    "{flag} {url:?} is not an http(s) URL"
                )));
            }
        }
        Ok(config)
    }
}

fn is_http_url(text: &str) -> bool {
    text.strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/') && !rest.contains(' '))
}
