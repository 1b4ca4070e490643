// The demo's merchant panel: what the store does beside the shopper, through the reference
// server's real merchant API (/api is the server, proxied): switch the live policy, decide
// seller requests, follow parcel requests (intercepted, returned, not interceptable,
// delivered anyway), mark refunds succeeded or failed, move items along the fulfilment chain
// (ship one), reset the demo data.
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

  // Runs one merchant action with its progress shown, then lets the widget re-read everything
  // (unless `tellWidget` is false: the payment side does not talk to the shopper's page).
  async function act(label, work, { tellWidget = true } = {}) {
    status(`${label}…`);
    document.querySelectorAll('.demo-panel button, .demo-panel select').forEach((el) => (el.disabled = true));
    try {
      await work();
      status(`${label}: done.`);
      if (tellWidget) widget()?.refresh();
      await loadAll();
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

  // What the store can answer to each open parcel request, by its status: the carrier's news.
  const PARCEL_MOVES = {
    requested: [['intercepted', 'Mark intercepted'], ['not_interceptable', 'Not interceptable']],
    intercepted: [['returned', 'Mark returned']],
    noticed: [['returned', 'Mark returned'], ['delivered_anyway', 'Delivered anyway']],
  };
  const KINDS = { interception_request: 'stop the parcel', refusal_notice: 'will refuse it' };

  // The store's parcel work list, newest first: each request with its line and where it
  // stands; the open ones get the moves their status allows.
  async function loadParcels() {
    const { parcel_requests: all } = await call('GET', '/v1/merchant/parcel-requests?limit=100');
    const list = $('demo-parcels');
    list.replaceChildren(...(all.length ? [] : [emptyItem('None yet.')]));
    for (const { order_number: number, parcel_request: r, item } of all.slice().reverse()) {
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = `${number}: ${r.quantity} × ${item.title} (${KINDS[r.kind]}): ${r.status.replaceAll('_', ' ')}`;
      li.append(text);
      for (const [to, label] of PARCEL_MOVES[r.status] ?? []) {
        li.append(button(label, () =>
          act(`Marking the parcel of ${number} ${to.replaceAll('_', ' ')}`, () =>
            call('PATCH', `/v1/merchant/parcel-requests/${encodeURIComponent(r.id)}`, { body: { status: to } }))));
      }
      list.append(li);
    }
  }

  const loadAll = () => Promise.all([loadRequests(), loadParcels(), loadOrders(), loadRefunds()]);

  let orders = [];
  async function loadOrders() {
    const chosen = $('demo-order').value;
    ({ orders } = await call('GET', '/v1/orders?status=all&limit=50', { token: SHOPPER }));
    $('demo-order').replaceChildren(...orders.map((o) => new Option(`${o.number} (${o.items.length} items)`, o.id)));
    if (orders.some((o) => o.id === chosen)) $('demo-order').value = chosen;
    showItems();
  }

  const money = ({ amount, currency }) =>
    new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);
  // A card refund's bank reference (ARN) has 23 digits; the payment side makes one up here.
  const arn = () => Array.from(crypto.getRandomValues(new Uint8Array(23)), (b) => b % 10).join('');

  // The payment side's work list (every refund, newest first here): pending ones get its two
  // answers. Marking one does not refresh the widget: the shopper's page is not told.
  async function loadRefunds() {
    const { refunds } = await call('GET', '/v1/merchant/refunds?limit=100');
    const list = $('demo-refunds');
    list.replaceChildren(...(refunds.length ? [] : [emptyItem('None yet.')]));
    for (const { order_number: number, refund: r } of refunds.slice().reverse()) {
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = `${number}: ${money(r.amount)} to ${r.destination.replaceAll('_', ' ')}: ${r.status}`;
      li.append(text);
      if (r.status === 'pending') {
        const mark = (label, body) => () =>
          act(`Marking the refund for ${number} ${label}`, () =>
            call('PATCH', `/v1/merchant/refunds/${encodeURIComponent(r.id)}`, { body }), { tellWidget: false });
        li.append(
          button('Mark succeeded', mark('succeeded', { status: 'succeeded', reference: arn() })),
          button('Mark failed', mark('failed', { status: 'failed', failure_reason: 'The card was closed (demo).' })),
        );
      }
      list.append(li);
    }
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
  for (const name of ['requested', 'completed', 'failed', 'parcel-requested']) {
    document.addEventListener(`order-cancel:${name}`, () => loadAll().catch(() => {}));
  }

  (async () => {
    try {
      const policy = await call('GET', '/v1/policy', { token: SHOPPER });
      // A preset's policy is named after it; a merchant's own policy adds its name to the list.
      if (![...$('demo-preset').options].some((o) => o.value === policy.name)) $('demo-preset').add(new Option(policy.name, policy.name));
      $('demo-preset').value = policy.name;
      await loadAll();
    } catch (e) {
      status(`The merchant API did not answer: ${e.message}`, true);
    }
  })();
})();
