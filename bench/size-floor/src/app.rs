//! One list, one dialog, one POST: fetched with gloo-net, decoded with serde-wasm-bindgen.

use gloo_net::http::Request;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub quantity: u32,
    pub unit_price_minor: i64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Order {
    pub id: String,
    pub number: String,
    pub status: String,
    pub total_minor: i64,
    pub currency: String,
    pub items: Vec<Item>,
}

#[derive(Serialize)]
struct CancelRequest {
    order_id: String,
    reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    Network(String),
    Decode(String),
    Http(String),
}

impl ApiError {
    fn message(&self) -> &str {
        match self {
            ApiError::Network(m) | ApiError::Decode(m) | ApiError::Http(m) => m,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ApiError {}

fn js_err(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| "error".into())
}

async fn fetch_orders() -> Result<Vec<Order>, ApiError> {
    let resp = Request::get("/api/v1/orders")
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(ApiError::Http(format!("HTTP {}", resp.status())));
    }
    let raw: web_sys::Response = resp.into(); // gloo-net 0.6 has no as_raw()
    let promise = raw.json().map_err(|e| ApiError::Decode(js_err(e)))?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| ApiError::Decode(js_err(e)))?;
    serde_wasm_bindgen::from_value::<Vec<Order>>(value).map_err(|e| ApiError::Decode(e.to_string()))
}

async fn cancel_order(order_id: String, reason: String) -> Result<String, ApiError> {
    let body = serde_wasm_bindgen::to_value(&CancelRequest { order_id, reason })
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    let body: String = js_sys::JSON::stringify(&body)
        .map_err(|e| ApiError::Decode(js_err(e)))?
        .into();
    let resp = Request::post("/api/v1/orders/cancel")
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|e| ApiError::Network(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let text = resp.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if resp.ok() {
        Ok(text)
    } else {
        Err(ApiError::Http(text))
    }
}

#[component]
fn OrderCard(order: Order) -> impl IntoView {
    let (open, set_open) = signal(false);
    let (reason, set_reason) = signal(String::new());
    let order_id = order.id.clone();
    let cancel = Action::new_local(move |reason: &String| {
        let id = order_id.clone();
        let reason = reason.clone();
        async move { cancel_order(id, reason).await }
    });
    let result = cancel.value();
    view! {
        <div class="card">
            <span>{order.number.clone()}</span>
            <span>{order.status.clone()}</span>
            <button on:click=move |_| set_open.set(true)>"Cancel"</button>
            <Show when=move || open.get()>
                <div class="dialog">
                    <textarea
                        prop:value=move || reason.get()
                        on:input=move |ev| set_reason.set(event_target_value(&ev))
                    ></textarea>
                    <button on:click=move |_| { cancel.dispatch(reason.get_untracked()); }>
                        "Confirm"
                    </button>
                    <p>
                        {move || match result.get() {
                            Some(Ok(t)) => t,
                            Some(Err(e)) => e.message().to_string(),
                            None => String::new(),
                        }}
                    </p>
                </div>
            </Show>
        </div>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let orders = LocalResource::new(|| fetch_orders());
    view! {
        <Transition fallback=|| view! { <p>"Loading..."</p> }>
            <ErrorBoundary fallback=|errors| view! {
                <p>{move || errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(", ")}</p>
            }>
                {move || Suspend::new(async move {
                    orders.await.map(|list| view! {
                        <For each=move || list.clone() key=|o| o.id.clone() let:order>
                            <OrderCard order=order/>
                        </For>
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
