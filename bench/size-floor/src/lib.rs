//! Two reference apps for the size benchmark: a counter, and (feature `app`) the least a data
//! widget needs: a fetched list behind `Transition` and `ErrorBoundary`, a dialog with a text
//! field, and a POST through an `Action`.

use wasm_bindgen::prelude::*;

#[cfg(not(feature = "app"))]
#[leptos::component]
fn App() -> impl leptos::IntoView {
    use leptos::prelude::*;
    let (count, set_count) = signal(0i32);
    view! {
        <button on:click=move |_| set_count.update(|c| *c += 1)>
            "Count: " {move || count.get()}
        </button>
    }
}

#[cfg(feature = "app")]
mod app;
#[cfg(feature = "app")]
use app::App;

#[wasm_bindgen]
pub fn mount(el: web_sys::HtmlElement) {
    leptos::mount::mount_to(el, App).forget();
}
