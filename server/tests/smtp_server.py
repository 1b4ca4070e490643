#!/usr/bin/env python3
"""A real SMTP server for the server's email tests and the demo's inbox (aiosmtpd).

Run it with the venv scripts/setup.sh makes: `.tools/smtp/bin/python server/tests/smtp_server.py`.
It accepts every message (no TLS, no auth: loopback only), keeps each in memory and, with
--dir, as an .eml file, and serves them over HTTP as JSON:

  GET    /messages            [{id, received_at, mail_from, rcpt_tos, subject, message_id,
                                date, size}], oldest first
  GET    /messages/ID         the same plus headers, text (the text/plain part) and html
  GET    /messages/ID/raw     the message as received (message/rfc822)
  GET    /messages/ID/html    its HTML part (text/html), to open in a browser
  DELETE /messages            forgets them all
  POST   /refuse              {"code": 451, "text": "4.3.0 try later", "times": 2,
                               "address": "a@b.example" | null} refuses the next `times`
                               recipients (null: until DELETE /refuse), or only `address`
  DELETE /refuse              accepts again
  GET    /refusals            how many recipients were refused so far

On start it prints one JSON line to stdout, {"smtp": PORT, "http": PORT}, once both listen.
Every HTTP answer allows any origin (the demo page reads the inbox from its own origin).
"""

import argparse
import email
import email.policy
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port(host):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Store:
    def __init__(self, folder):
        self.lock = threading.Lock()
        self.messages = []
        self.refuse = None  # {"code", "text", "times" (None: forever), "address"}
        self.refused = 0
        self.folder = folder
        if folder:
            os.makedirs(folder, exist_ok=True)

    def add(self, envelope):
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self.lock:
            number = len(self.messages) + 1
            entry = {
                "id": str(number),
                "received_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "subject": str(parsed.get("Subject", "")),
                "message_id": str(parsed.get("Message-ID", "")),
                "date": str(parsed.get("Date", "")),
                "size": len(raw),
            }
            self.messages.append((entry, raw))
        if self.folder:
            with open(os.path.join(self.folder, f"{number:04d}.eml"), "wb") as f:
                f.write(raw)
        return entry

    def refusal_for(self, address):
        """The SMTP answer refusing `address`, or None to accept it."""
        with self.lock:
            rule = self.refuse
            if not rule or (rule.get("address") and rule["address"].lower() != address.lower()):
                return None
            if rule.get("times") is not None:
                if rule["times"] <= 0:
                    return None
                rule["times"] -= 1
            self.refused += 1
            return f'{rule["code"]} {rule.get("text") or "refused by the test server"}'


class Handler:
    def __init__(self, store):
        self.store = store

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.store.refusal_for(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.store.add(envelope)
        return "250 Message accepted for delivery"


def parts(raw):
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    return parsed, (text.get_content() if text else None), (html.get_content() if html else None)


def http_handler(store):
    class Inbox(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body, content_type="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def find(self, ident):
            with store.lock:
                for entry, raw in store.messages:
                    if entry["id"] == ident:
                        return entry, raw
            return None, None

        def do_GET(self):
            path = self.path.split("?")[0].rstrip("/")
            if path == "/messages":
                with store.lock:
                    return self.answer(200, [entry for entry, _ in store.messages])
            if path == "/refusals":
                with store.lock:
                    return self.answer(200, {"refused": store.refused})
            pieces = path.split("/")
            if len(pieces) >= 3 and pieces[1] == "messages":
                entry, raw = self.find(pieces[2])
                if entry is None:
                    return self.answer(404, {"error": "no such message"})
                rest = pieces[3] if len(pieces) > 3 else ""
                if rest == "raw":
                    return self.answer(200, raw, "message/rfc822")
                parsed, text, html = parts(raw)
                if rest == "html":
                    if html is None:
                        return self.answer(404, {"error": "no HTML part"})
                    return self.answer(200, html.encode(), "text/html; charset=utf-8")
                if rest == "":
                    headers = [[k, str(v)] for k, v in parsed.items()]
                    return self.answer(200, dict(entry, headers=headers, text=text, html=html))
            self.answer(404, {"error": "unknown path"})

        def do_POST(self):
            if self.path.rstrip("/") != "/refuse":
                return self.answer(404, {"error": "unknown path"})
            length = int(self.headers.get("Content-Length") or 0)
            try:
                rule = json.loads(self.rfile.read(length) or b"{}")
                code = int(rule.get("code", 451))
            except (ValueError, TypeError):
                return self.answer(400, {"error": "expected {code, text, times, address}"})
            if not 400 <= code <= 599:
                return self.answer(400, {"error": "code must be a 4xx or 5xx SMTP reply"})
            rule["code"] = code
            with store.lock:
                store.refuse = rule
            self.answer(200, rule)

        def do_DELETE(self):
            path = self.path.rstrip("/")
            with store.lock:
                if path == "/refuse":
                    store.refuse = None
                elif path == "/messages":
                    store.messages.clear()
                else:
                    return self.answer(404, {"error": "unknown path"})
            self.answer(200, {"ok": True})

        def do_OPTIONS(self):
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, DELETE")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.end_headers()

    return Inbox


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=0, help="0: a free port")
    parser.add_argument("--http-port", type=int, default=0, help="0: a free port")
    parser.add_argument("--dir", help="also keep each message as NNNN.eml here")
    args = parser.parse_args()
    store = Store(args.dir)
    smtp_port = args.smtp_port or free_port(args.host)
    controller = Controller(Handler(store), hostname=args.host, port=smtp_port)
    controller.start()
    inbox = ThreadingHTTPServer((args.host, args.http_port), http_handler(store))
    print(json.dumps({"smtp": smtp_port, "http": inbox.server_address[1]}), flush=True)
    try:
        inbox.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
