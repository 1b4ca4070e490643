// The demo's merchant panel: what the store does beside the shopper, through the reference
// server's real merchant API (/api is the server, proxied): switch the live policy, decide
// seller requests, move items along the fulfilment chain, reset the demo data.
(() => {
  const MERCHANT = 'demo-merchant';
  const SHOPPER = 'demo-shopper'; // the panel lists alice's orders with her token, as the widget does
  const CHAIN = ['unpaid', 'paid', 'processing', 'packed', 'shipped', 'delivered'];
  const $ = (id) => document.getElementById(id);
  const widget = () => document.querySelector('order-cancel-widget');

  const status = (text, isError = false) => {
    $('demo-status').textContent = text;
    $('demo-status').classList.toggle('demo-status--error', isError);
  };

  async function call(method, path, { token = MERCHANT, body } = {}) {
    const response = await fetch(`/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(data?.detail || data?.title || `HTTP ${response.status}`);
    return data;
  }

  // Runs one merchant action with its progress shown, then lets the widget re-read everything.
  async function act(label, work) {
    status(`${label}…`);
    document.querySelectorAll('.demo-panel button, .demo-panel select').forEach((el) => (el.disabled = true));
    try {
      await work();
      status(`${label}: done.`);
      widget()?.refresh();
      await Promise.all([loadRequests(), loadOrders()]);
    } catch (e) {
      status(`${label} failed: ${e.message}`, true);
    } finally {
      document.querySelectorAll('.demo-panel button, .demo-panel select').forEach((el) => (el.disabled = false));
    }
  }

  const button = (text, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'demo-button';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  };

  const emptyItem = (text) => {
    const li = document.createElement('li');
    li.className = 'demo-empty';
    li.textContent = text;
    return li;
  };

  async function loadRequests() {
    const { cancellation_requests: pending } = await call('GET', '/v1/merchant/cancellation-requests');
    const list = $('demo-requests');
    list.replaceChildren(...(pending.length ? [] : [emptyItem('None waiting.')]));
    for (const { order_id, order_number, cancellation, order } of pending) {
      const titles = cancellation.items
        .map((l) => `${l.quantity} × ${order.items.find((i) => i.id === l.item_id)?.title ?? l.item_id}`)
        .join(', ');
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = `${order_number}: ${titles}`;
      const decide = (approve) => () =>
        act(`${approve ? 'Approving' : 'Denying'} the request for ${order_number}`, () =>
          call('POST', `/v1/merchant/orders/${encodeURIComponent(order_id)}/cancellations/${encodeURIComponent(cancellation.id)}/decision`, { body: { approve } }));
      li.append(text, button('Approve', decide(true)), button('Deny', decide(false)));
      list.append(li);
    }
  }

  let orders = [];
  async function loadOrders() {
    const chosen = $('demo-order').value;
    ({ orders } = await call('GET', '/v1/orders?status=all&limit=50', { token: SHOPPER }));
    $('demo-order').replaceChildren(...orders.map((o) => new Option(`${o.number} (${o.items.length} items)`, o.id)));
    if (orders.some((o) => o.id === chosen)) $('demo-order').value = chosen;
    showItems();
  }

  function showItems() {
    const order = orders.find((o) => o.id === $('demo-order').value);
    const list = $('demo-items');
    list.replaceChildren();
    for (const item of order?.items ?? []) {
      const li = document.createElement('li');
      const text = document.createElement('span');
      const at = item.state_before_request ?? item.state; // a pending request keeps its state
      text.textContent = `${item.title}: ${item.state.replaceAll('_', ' ')}`;
      li.append(text);
      const next = CHAIN[CHAIN.indexOf(at) + 1];
      if (next && CHAIN.includes(at)) {
        li.append(button(`→ ${next}`, () =>
          act(`Moving ${item.title} to ${next}`, () =>
            call('PATCH', `/v1/merchant/orders/${encodeURIComponent(order.id)}/items/${encodeURIComponent(item.id)}`, { body: { state: next } }))));
      }
      list.append(li);
    }
  }

  $('demo-order').addEventListener('change', showItems);
  $('demo-preset').addEventListener('change', (e) =>
    act(`Switching the policy to ${e.target.selectedOptions[0].text}`, () => call('PUT', '/v1/merchant/policy', { body: { preset: e.target.value } })));
  $('demo-reset').addEventListener('click', () => act('Resetting the demo data', () => call('POST', '/v1/merchant/demo/reset')));
  // A shopper's request shows up in the panel as soon as the widget announces it.
  // What the shopper does (or finds changed) shows in the panel as soon as the widget says so.
  for (const name of ['requested', 'completed', 'failed']) {
    document.addEventListener(`order-cancel:${name}`, () => Promise.all([loadRequests(), loadOrders()]).catch(() => {}));
  }

  (async () => {
    try {
      const policy = await call('GET', '/v1/policy', { token: SHOPPER });
      // A preset's policy is named after it; a merchant's own policy adds its name to the list.
      if (![...$('demo-preset').options].some((o) => o.value === policy.name)) $('demo-preset').add(new Option(policy.name, policy.name));
      $('demo-preset').value = policy.name;
      await Promise.all([loadRequests(), loadOrders()]);
    } catch (e) {
      status(`The merchant API did not answer: ${e.message}`, true);
    }
  })();
})();
