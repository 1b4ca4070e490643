// What a storefront developer writes: load the module once, then use the element or mount().
import init, { mount } from '../../dist-embed/order_cancel_widget.js';

await init(); // defines <order-cancel-widget>; elements already in the page come alive

// The second instance, mounted from JavaScript with a token function and a theme.
const handle = mount(document.getElementById('mounted'), {
  backendUrl: 'http://127.0.0.1:8787',
  token: async () => 'demo-shopper', // e.g. fetch a fresh token from your session
  locale: 'de',
  theme: { accent: '#00796b' },
  links: { support: '/help', returns: '/returns', buyAgain: '/products/{sku}' },
  pageSize: 3,
});
window.exampleHandle = handle; // handle.refresh(), handle.unmount()

const log = document.getElementById('events');
for (const name of ['submitted', 'completed', 'requested', 'parcel-requested', 'failed']) {
  document.addEventListener(`order-cancel:${name}`, (event) => {
    const entry = document.createElement('li');
    entry.textContent = `${event.type} ${event.detail.orderNumber}`;
    log.append(entry);
  });
}
