// A flaky network between the browser and the demo: every request passes through, except
// that `faultFor(request)` may name a fault for it:
//   'drop'      forwarded, answered by the store (committed), then the connection is cut
//   'delay'     forwarded after `delayMs` ('slow': after 5 s, past the widget's "still trying")
//   '503'       answered 503 with Retry-After: 1, never forwarded
//   'reset'     the connection is cut before anything is forwarded
//   'duplicate' sent three times at once; the browser gets a copy that lost the race
// `/api/…` goes straight to `api` (as `/…`, so copies reach the server together), the rest
// to `upstream` (the demo's files). `log` holds { method, path, fault, status } per request
// (status: what the browser got).
import http from 'node:http';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy({ upstream, api, faultFor, delayMs = 3000 }) {
  const log = [];
  const forward = (req, body) =>
    new Promise((resolve, reject) => {
      const toApi = req.url.startsWith('/api/');
      const target = new URL(toApi ? api : upstream);
      const path = toApi ? req.url.slice('/api'.length) : req.url;
      const options = { hostname: target.hostname, port: target.port, method: req.method, path, headers: req.headers };
      const up = http.request(options, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const entry = { method: req.method, path: req.url, fault: faultFor(req) ?? 'none', status: null };
    log.push(entry);
    const reply = (answer) => {
      entry.status = answer.status;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    };
    const cut = () => { entry.status = 'cut'; req.socket.destroy(); };
    try {
      switch (entry.fault) {
        case 'reset': return cut();
        case 'drop': await forward(req, body); return cut();
        case 'delay':
        case 'slow': await sleep(entry.fault === 'slow' ? 5000 : delayMs); return reply(await forward(req, body));
        case '503': {
          const problem = { type: 'about:blank', title: 'Service unavailable', status: 503, code: 'unavailable', detail: 'Try again shortly.' };
          return reply({ status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '1' }, body: JSON.stringify(problem) });
        }
        case 'duplicate': {
          const answers = await Promise.all([1, 2, 3].map(() => forward(req, body)));
          return reply(answers.find((a) => a.status === 409) ?? answers[2]);
        }
        default: return reply(await forward(req, body));
      }
    } catch {
      cut();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const stop = () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); });
  return { url, log, stop };
}
