// The demo page listens to the widget's events the way a storefront would.
for (const name of ['submitted', 'completed', 'requested', 'parcel-requested', 'failed']) {
  document.addEventListener(`order-cancel:${name}`, (event) => {
    const list = document.getElementById('demo-events');
    list.querySelector('.demo-empty')?.remove();
    const entry = document.createElement('li');
    const { orderNumber, items, refund, error } = event.detail;
    const money = refund ? ` · refund ${refund.amount / 100} ${refund.currency} → ${refund.destination}` : '';
    entry.textContent = `${name}: ${orderNumber} · ${items.length} line(s)${money}${error ? ` · ${error.code}` : ''}`;
    list.prepend(entry);
  });
}
