// The README's "Files on a CDN", both ways (e2e/cdn.test.mjs gives the origins in the query):
//   ?from=cdn      the module itself is imported from the CDN; it finds its .wasm files there
//   ?from=shop     the module is served by the shop (as a bundle would be) and init() is told
//                  where the .wasm files are: init({ assetsUrl })
const query = new URLSearchParams(location.search);
const cdn = query.get('cdn'); // e.g. https://cdn.example/order-cancel/1.0.0/
const widget = document.querySelector('order-cancel-widget');
widget.setAttribute('backend-url', query.get('api'));
widget.config = { token: () => Promise.resolve('demo-shopper') };
document.addEventListener('order-cancel:completed', (e) => (document.title = `completed ${e.detail.orderNumber}`));

if (query.get('from') === 'cdn') {
  const { default: init } = await import(`${cdn}order_cancel_widget.js`);
  await init();
} else {
  const { default: init } = await import('/dist-embed/order_cancel_widget.js');
  await init({ assetsUrl: cdn });
}
