//! Who a request acts for. A leaf module: storage, auth and the HTTP layer all name it, and
//! it names none of them.

/// Who a credential stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Principal {
    /// A shopper, by the store's own shopper id (a JWT's `sub`).
    Shopper(String),
    /// The store's back office: order sync, request decisions, policy, deliveries.
    Merchant,
}
