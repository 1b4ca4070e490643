//! Emails to the shopper: what each says ([`MailEvent`], stored in the email outbox in the
//! transaction of the change that causes it), how it is written ([`templates`], minijinja
//! files a merchant may override per kind and language, with every text from the catalogs
//! of [`catalog`] in the shopper's language, [`locale`]), and how it is sent ([`smtp`]).

pub mod catalog;
pub mod deliver;
pub mod format;
pub mod locale;
mod message;
pub mod outbox;
mod samples;
pub mod smtp;
mod template_fns;
pub mod templates;

use cancel_policy::{
    ExpectedTime, Money, ParcelRequest, RefundDestination, SilenceOutcome, Timestamp,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

/// The emails a shopper gets, one template pair (`KIND.txt`, `KIND.html`) each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// Items (or the whole order) cancelled at once.
    Cancelled,
    /// A request to the seller was made; they decide (by a deadline, if the policy has one).
    RequestReceived,
    /// The request was approved, by the seller or by the deadline.
    RequestApproved,
    /// The request was denied, by the seller or by the deadline.
    RequestDenied,
    /// The store's payment side sent the refund back.
    RefundIssued,
    /// The refund could not be paid out: what to do next.
    RefundFailed,
    /// The shopper asked to stop a parcel, or said they will refuse it: what happens next.
    ParcelRequestReceived,
    /// The carrier stopped the parcel; it is on its way back.
    ParcelIntercepted,
    /// The parcel is back at the warehouse: the units are cancelled and the refund is coming.
    ParcelReturned,
    /// The parcel could not be stopped: return it after delivery.
    ParcelNotInterceptable,
    /// The parcel was delivered after all: return it after delivery.
    ParcelDeliveredAnyway,
}

impl MailKind {
    pub const ALL: [MailKind; 11] = [
        MailKind::Cancelled,
        MailKind::RequestReceived,
        MailKind::RequestApproved,
        MailKind::RequestDenied,
        MailKind::RefundIssued,
        MailKind::RefundFailed,
        MailKind::ParcelRequestReceived,
        MailKind::ParcelIntercepted,
        MailKind::ParcelReturned,
        MailKind::ParcelNotInterceptable,
        MailKind::ParcelDeliveredAnyway,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Cancelled => "cancelled",
            MailKind::RequestReceived => "request_received",
            MailKind::RequestApproved => "request_approved",
            MailKind::RequestDenied => "request_denied",
            MailKind::RefundIssued => "refund_issued",
            MailKind::RefundFailed => "refund_failed",
            MailKind::ParcelRequestReceived => "parcel_request_received",
            MailKind::ParcelIntercepted => "parcel_intercepted",
            MailKind::ParcelReturned => "parcel_returned",
            MailKind::ParcelNotInterceptable => "parcel_not_interceptable",
            MailKind::ParcelDeliveredAnyway => "parcel_delivered_anyway",
        }
    }

    pub fn parse(text: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Who decided a seller request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decider {
    /// The seller (the merchant's `POST …/decision`).
    Seller,
    /// Nobody answered by `respond_by`: the policy's `on_seller_silence` applied.
    Deadline,
}

/// The order an email is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailOrder {
    pub id: String,
    pub number: String,
    pub placed_at: Timestamp,
}

/// One line of the email: `quantity` of the `ordered` units of an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailLine {
    pub title: String,
    pub sku: String,
    pub quantity: u32,
    pub ordered: u32,
}

/// The refund an email tells of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRefund {
    pub amount: Money,
    pub destination: RefundDestination,
    pub expected: ExpectedTime,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub failure_reason: Option<String>,
}

/// What one email says: the templates' context (with the store's details added when it is
/// written). Absent values are `null` (`none` in a template), never missing. Stored as JSON in the outbox, so a send after a restart says the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailEvent {
    pub kind: MailKind,
    /// The email's language, one the catalogs have (chosen when the email is queued).
    pub locale: String,
    pub order: MailOrder,
    /// The cancelled or requested lines (empty for refund emails).
    pub lines: Vec<MailLine>,
    /// Every unit of the order is cancelled now (or would be, for a request).
    pub whole_order: bool,
    /// The money coming back; absent when nothing is refunded (unpaid items, a denial).
    #[serde(default)]
    pub refund: Option<MailRefund>,
    /// A seller request's deadline, and what happens when it passes.
    #[serde(default)]
    pub respond_by: Option<Timestamp>,
    #[serde(default)]
    pub if_unanswered: Option<SilenceOutcome>,
    /// For approved and denied requests.
    #[serde(default)]
    pub decided_by: Option<Decider>,
    /// For the emails about a parcel request: which one the shopper made.
    #[serde(default)]
    pub parcel: Option<ParcelRequest>,
    /// The reason the shopper gave (the cancelled and request-received emails); absent in
    /// emails queued before reasons were told.
    #[serde(default)]
    pub reason: Option<MailReason>,
}

/// The reason a shopper gave, as the email says it: `{{ reason_label }}` in a template is
/// the merchant's own label, else the catalogs' text of `label_key`, in the email's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailReason {
    /// The catalogs' key of a preset reason's text (`reason.changed_mind`).
    pub label_key: String,
    /// The merchant's own label, chosen for the email's language when it was queued.
    #[serde(default)]
    pub label: Option<String>,
}

/// The store's side of every email, from the flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Store {
    /// In every subject and greeting (`--store-name`).
    pub name: String,
    /// Where a shopper gets help (`--support-url`); the refund-failed email needs it most.
    pub support_url: Option<String>,
    /// The order's page in the shop, `{order_id}` and `{order_number}` filled in
    /// (`--order-url-template`).
    pub order_url_template: Option<String>,
}

impl Store {
    /// The link back to `order` in the shop, if the store gave a template.
    pub fn order_url(&self, order: &MailOrder) -> Option<String> {
        self.order_url_template.as_ref().map(|template| {
            template
                .replace("{order_id}", &encode(&order.id))
                .replace("{order_number}", &encode(&order.number))
        })
    }
}

/// Everything but RFC 3986's unreserved characters is percent-encoded in a link.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

/// The emails' parts, checked at start: what queues emails ([`crate::notify::Mailing`])
/// and what sends them.
pub struct Mailer {
    pub mailing: crate::notify::Mailing,
    pub smtp: smtp::Smtp,
    pub templates: std::sync::Arc<templates::Templates>,
    pub store: Store,
    pub timing: crate::config::WebhookTiming,
}

impl Mailer {
    /// The background sender of the queued emails.
    pub fn sender(
        &self,
        db: crate::db::Db,
        wake: std::sync::Arc<tokio::sync::Notify>,
    ) -> deliver::Sender {
        deliver::Sender {
            db,
            smtp: self.smtp.clone(),
            templates: self.templates.clone(),
            store: self.store.clone(),
            timing: self.timing.clone(),
            wake,
        }
    }
}

/// Emails as `config` sets them up: `None` without `--smtp-url`; an error (the start
/// stops) for a broken catalog or template, an unusable URL or address, or a default
/// language that is no language tag.
pub fn setup(config: &crate::config::MailConfig) -> Result<Option<Mailer>, String> {
    let Some(url) = &config.smtp_url else {
        return Ok(None);
    };
    if !locale::is_tag(&config.default_locale) {
        return Err(format!(
            "--default-locale {:?} is not a language tag such as en, de or pt-BR",
            config.default_locale
        ));
    }
    let catalogs = catalog::Catalogs::load(config.texts.as_deref())?;
    let templates = templates::Templates::load(config.templates.as_deref(), catalogs)?;
    let default_locale = locale::pick(templates.locales(), None, &config.default_locale);
    if default_locale != config.default_locale {
        tracing::warn!(
            "--default-locale {}: no email texts in it; shoppers without a language of the emails' ({}) get {default_locale}",
            config.default_locale,
            templates.locales().join(", ")
        );
    }
    let from = config.from.as_deref().unwrap_or_default();
    let smtp = smtp::Smtp::new(url, from, config.timing.timeout)?;
    let mailing = crate::notify::Mailing {
        locales: templates.locales().to_vec(),
        default_locale,
        domain: smtp.from_domain().to_string(),
        disabled: config.disabled.clone(),
    };
    Ok(Some(Mailer {
        mailing,
        smtp,
        templates: std::sync::Arc::new(templates),
        store: Store {
            name: config.store_name.clone().unwrap_or_default(),
            support_url: config.support_url.clone(),
            order_url_template: config.order_url_template.clone(),
        },
        timing: config.timing.clone(),
    }))
}

/// Whether `text` is an address an email can be sent to (`local@domain`, as lettre parses
/// it): the shopper_email of an order and a JWT's email claim are checked with it.
pub fn is_email_address(text: &str) -> bool {
    text.len() <= 254 && text.parse::<lettre::Address>().is_ok()
}
