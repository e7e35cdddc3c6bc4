#!/usr/bin/python3
"""A real SMTP server for the tests (Debian's python3-aiosmtpd): every message it accepts is
written to DIR as N.eml (the bytes received) and N.json (the envelope, and the message as
Python's email parser reads it: decoded headers, each part's type, file name and content).

  smtpsink.py --dir DIR [--tls none|starttls|implicit --cert PEM --key PEM]
              [--user U --password P [--only-login]] [--delay-data SECONDS] [--smtputf8]
  smtpsink.py --dir DIR --inject-after-starttls

The second form is a fake server for one connection, the man in the middle of CVE-2011-0411:
its answer to STARTTLS carries a second, injected line in the same packet. It writes 1.json
with what the client sent after that answer ("after": hex) when the connection ends.

Prints "PORT n" when it listens on 127.0.0.1:n, then serves until stdin closes or it is
killed. Recipients at reject.test are refused (550), at later.test deferred (451).
"""
import argparse
import asyncio
import hashlib
import json
import os
import socket
import ssl
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, delay):
        self.directory = directory
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@reject.test"):
            return "550 5.1.1 No such user here"
        if address.endswith("@later.test"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        raw = envelope.original_content or envelope.content
        msg = message_from_bytes(raw, policy=policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            entry = {
                "content_type": part.get_content_type(),
                "filename": part.get_filename(),
                "size": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
            }
            if part.get_content_maintype() == "text":
                entry["text"] = part.get_content().replace("\r\n", "\n")
            else:
                entry["file"] = "%d.part%d.bin" % (n, len(parts))
                with open(os.path.join(self.directory, entry["file"]), "wb") as f:
                    f.write(payload)
            parts.append(entry)
        summary = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "message_id": str(msg["message-id"]),
            "list_unsubscribe": str(msg["list-unsubscribe"]) if msg["list-unsubscribe"] else None,
            "content_type": msg.get_content_type(),
            "defects": [str(d) for d in msg.defects],
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "peer_port": session.peer[1] if session.peer else None,
            "parts": parts,
        }
        with open(os.path.join(self.directory, "%d.eml" % n), "wb") as f:
            f.write(raw)
        with open(os.path.join(self.directory, "%d.json.tmp" % n), "w") as f:
            json.dump(summary, f)
        os.rename(os.path.join(self.directory, "%d.json.tmp" % n), os.path.join(self.directory, "%d.json" % n))
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK queued as sink-%d" % n


def inject_after_starttls(directory):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print("PORT %d" % listener.getsockname()[1], flush=True)

    def serve():
        conn, _ = listener.accept()
        conn.settimeout(10)
        conn.sendall(b"220 fake.test ESMTP\r\n")
        reader = conn.makefile("rb")
        after = b""
        try:
            reader.readline()  # EHLO
            conn.sendall(b"250-fake.test\r\n250 STARTTLS\r\n")
            reader.readline()  # STARTTLS
            conn.sendall(b"220 2.0.0 Ready to start TLS\r\n250 injected by the network\r\n")
            while True:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                after += chunk
        except (socket.timeout, OSError):
            pass
        with open(os.path.join(directory, "1.json.tmp"), "w") as f:
            json.dump({"after": after.hex()}, f)
        os.rename(os.path.join(directory, "1.json.tmp"), os.path.join(directory, "1.json"))
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    sys.stdin.read()


def main():
    if "--inject-after-starttls" in sys.argv:
        ap = argparse.ArgumentParser()
        ap.add_argument("--dir", required=True)
        ap.add_argument("--inject-after-starttls", action="store_true")
        inject_after_starttls(ap.parse_args().dir)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--tls", default="none", choices=["none", "starttls", "implicit"])
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--delay-data", type=float, default=0)
    ap.add_argument("--only-login", action="store_true", help="offer AUTH LOGIN, not PLAIN")
    ap.add_argument("--smtputf8", action="store_true", help="offer SMTPUTF8 (RFC 6531)")
    args = ap.parse_args()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    kwargs = {}
    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    if args.tls == "starttls":
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    elif args.tls == "implicit":
        kwargs["ssl_context"] = context
    # aiosmtpd's Controller offers SMTPUTF8 unless told otherwise; real servers often do not.
    kwargs["enable_SMTPUTF8"] = args.smtputf8
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
                  and auth_data.password.decode() == args.password)
            return AuthResult(success=ok, handled=False)
        kwargs["authenticator"] = authenticate
        kwargs["auth_required"] = True
        # With implicit TLS aiosmtpd does not see the connection as TLS (it only counts STARTTLS).
        kwargs["auth_require_tls"] = args.tls == "starttls"
        if args.only_login:
            kwargs["auth_exclude_mechanism"] = ["PLAIN"]

    controller = Controller(Sink(args.dir, args.delay_data), hostname="127.0.0.1", port=port,
                            server_hostname="sink.test", **kwargs)
    controller.start()
    print("PORT %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
