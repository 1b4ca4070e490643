// The demo shopper's inbox: the emails the reference server really sent, read from the local
// SMTP server that scripts/demo.sh starts (server/tests/smtp_server.py, proxied at /mail/ on
// this page's origin). Nothing here is written by the page: it only lists what arrived and
// shows one email's HTML part in a sandboxed frame (no scripts, no forms, no same-origin
// access), loaded through `srcdoc` so no URL of the email's is ever fetched as a page.
(() => {
  const INBOX = '/mail';
  const EVERY_MS = 2000; // the deliverer sends a moment after the change; look again soon
  const $ = (id) => document.getElementById(id);
  let shown = ''; // the listing last drawn, to redraw only on a change
  let failing = false;

  async function get(path) {
    const response = await fetch(`${INBOX}${path}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  function draw(messages) {
    const list = $('demo-mails');
    if (!messages.length) {
      const li = document.createElement('li');
      li.className = 'demo-empty';
      li.textContent = 'No email yet: cancel something.';
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...messages.slice().reverse().map((m) => {
      const li = document.createElement('li');
      li.className = 'demo-mail__entry';
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'demo-mail__open';
      open.textContent = m.subject || '(no subject)';
      open.addEventListener('click', () => show(m.id));
      const meta = document.createElement('span');
      meta.className = 'demo-mail__meta';
      meta.textContent = `to ${m.rcpt_tos.join(', ')} · ${new Date(m.received_at).toLocaleTimeString('en-GB')}`;
      li.append(open, meta);
      return li;
    }));
  }

  // Opens one email over the page: its subject, sender, recipients and date, and its HTML part.
  async function show(id) {
    try {
      const message = await get(`/messages/${encodeURIComponent(id)}`);
      $('demo-mail-subject').textContent = message.subject || '(no subject)';
      const from = message.headers.find(([name]) => name.toLowerCase() === 'from')?.[1] ?? message.mail_from;
      $('demo-mail-meta').textContent = `From ${from} · to ${message.rcpt_tos.join(', ')} · ${new Date(message.received_at).toLocaleString('en-GB')}`;
      const frame = $('demo-mail-frame');
      frame.title = `Email: ${message.subject}`;
      // No HTML part: its plain text, escaped by being a text node's content.
      if (message.html != null) frame.srcdoc = message.html;
      else {
        const pre = document.createElement('pre');
        pre.textContent = message.text ?? '';
        frame.srcdoc = pre.outerHTML;
      }
      $('demo-mail').showModal();
    } catch (e) {
      $('demo-inbox-status').textContent = `Could not open the email: ${e.message}`;
    }
  }

  async function refresh() {
    if (document.hidden) return; // no polling while nobody looks
    try {
      const messages = await get('/messages');
      const listing = JSON.stringify(messages.map((m) => m.id));
      if (listing !== shown) {
        shown = listing;
        draw(messages);
      }
      if (failing) $('demo-inbox-status').textContent = '';
      failing = false;
    } catch (e) {
      failing = true;
      $('demo-inbox-status').textContent = `The demo's SMTP server did not answer (${e.message}); is scripts/demo.sh running?`;
    }
  }

  $('demo-mail-close').addEventListener('click', () => $('demo-mail').close());
  $('demo-mail').addEventListener('close', () => ($('demo-mail-frame').srcdoc = ''));
  document.addEventListener('visibilitychange', refresh);
  setInterval(refresh, EVERY_MS);
  refresh();
})();
