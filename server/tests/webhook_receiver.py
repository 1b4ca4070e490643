#!/usr/bin/env python3
"""A store's webhook endpoint for the tests: verifies Standard Webhooks signatures and logs
every request it receives, one JSON line each, to --log (appending, so a restarted receiver
keeps one log). Prints "ready" once it listens.

  webhook_receiver.py --port 8123 --secret whsec_... --log received.jsonl [--fail-first N]

--fail-first N answers the first N requests with 500 (a receiver that is up but failing).
A duplicate is a webhook-id seen before; the tests count them.
"""
import argparse, base64, hashlib, hmac, json, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECS = 5 * 60  # the specification's suggested timestamp tolerance

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    key = base64.b64decode(args.secret.removeprefix("whsec_"))
    seen = set()
    if os.path.exists(args.log):
        with open(args.log) as f:
            seen = {json.loads(line)["id"] for line in f if line.strip()}
    state = {"failures_left": args.fail_first}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
            msg_id = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "")
            signed = f"{msg_id}.{timestamp}.{body}".encode()
            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            signatures = [s.split(",", 1)[1] for s in self.headers.get("webhook-signature", "").split() if s.startswith("v1,")]
            valid = any(hmac.compare_digest(expected, s) for s in signatures) and timestamp.isdigit() \
                and abs(time.time() - int(timestamp)) <= TOLERANCE_SECS
            if state["failures_left"] > 0:
                state["failures_left"] -= 1
                self.send_response(500)
                self.end_headers()
                return
            entry = {"id": msg_id, "valid": valid, "duplicate": msg_id in seen, "body": json.loads(body)}
            seen.add(msg_id)
            with open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
            self.send_response(204 if valid else 400)
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()

if __name__ == "__main__":
    main()
