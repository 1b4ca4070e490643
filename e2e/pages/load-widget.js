// README step 3: load the module once, from the page's own script file.
import init from '/dist-embed/order_cancel_widget.js';

await init(); // defines <order-cancel-widget>
