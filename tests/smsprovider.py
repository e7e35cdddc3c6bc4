#!/usr/bin/python3
"""A local stand-in for a Twilio-compatible SMS provider, for tests only.

POST /2010-04-01/Accounts/ACCOUNT/Messages.json (form To, From, Body, StatusCallback; Basic
auth ACCOUNT:TOKEN) records the message as N.json in --dir and answers 201 {"sid","status"}.
What it does depends on the number's last four digits:
  0400  400 code 21211 (not a valid number)   0429  429 (too many requests)
  0500  500 (provider trouble)                0999  records the message, then holds the answer
                                                    for --hold seconds (a timeout)
--dedup: a repeated Idempotency-Key gets the first answer again and records nothing.
Prints "PORT n" when listening; serves until its standard input closes.
"""
import argparse
import base64
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--account", default="AC123")
    ap.add_argument("--token", default="secret-token")
    ap.add_argument("--dedup", action="store_true")
    ap.add_argument("--hold", type=float, default=30)
    args = ap.parse_args()
    lock = threading.Lock()
    state = {"count": 0, "answers": {}}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def answer(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            if self.path != "/2010-04-01/Accounts/%s/Messages.json" % args.account:
                return self.answer(404, {"code": 20404, "message": "not found"})
            expected = "Basic " + base64.b64encode(("%s:%s" % (args.account, args.token)).encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self.answer(401, {"code": 20003, "message": "Authenticate"})
            key = self.headers.get("Idempotency-Key", "")
            with lock:
                if args.dedup and key and key in state["answers"]:
                    return self.answer(201, state["answers"][key])
            to = form.get("To", "")
            for suffix, status, code, text in (("0400", 400, 21211, "The 'To' number is not a valid phone number."),
                                               ("0429", 429, 20429, "Too Many Requests"),
                                               ("0500", 500, 20500, "Internal Server Error")):
                if to.endswith(suffix):
                    return self.answer(status, {"code": code, "message": text})
            with lock:
                state["count"] += 1
                n = state["count"]
                sid = "SM%032d" % n
                reply = {"sid": sid, "status": "queued"}
                if key:
                    state["answers"][key] = reply
                record = dict(form, sid=sid, idempotency_key=key)
                with open(os.path.join(args.dir, "%d.json.tmp" % n), "w") as f:
                    json.dump(record, f)
                os.rename(os.path.join(args.dir, "%d.json.tmp" % n), os.path.join(args.dir, "%d.json" % n))
            if to.endswith("0999"):
                time.sleep(args.hold)
            self.answer(201, reply)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
