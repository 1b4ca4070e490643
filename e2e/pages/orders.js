// README step 4: a token function is better than a token attribute. This runs before
// init() has resolved, so the element is not defined yet when its config is set.
document.querySelector('order-cancel-widget').config = { token: () => Promise.resolve('demo-shopper') };
