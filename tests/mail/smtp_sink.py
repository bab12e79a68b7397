#!/usr/bin/env python3
"""A real SMTP server for the mail tests: aiosmtpd on loopback, every message it
accepts written to DIR as <n>.json: the envelope ("mail_from", "rcpt_tos"), the
raw message ("data"), and as a mail client reads it: "subject" (RFC 2047
decoded), "headers" ([name, value] pairs), "text" and "html" (transfer-decoded,
lines ending in \n).

    python3 tests/mail/smtp_sink.py PORT DIR

Prints "ready" on stdout once it accepts connections; stops on SIGTERM.
"""
import email
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = len([f for f in os.listdir(self.folder) if f.endswith(".json")])
            raw = envelope.original_content
            message = email.message_from_bytes(raw, policy=email.policy.default)
            parts = {"text/plain": None, "text/html": None}
            for part in message.walk():
                if part.get_content_type() in parts and not part.is_multipart():
                    # Lines end in CRLF on the wire; a client shows them as lines.
                    content = part.get_content().replace("\r\n", "\n")
                    parts[part.get_content_type()] = content
            record = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "data": raw.decode("utf-8", "replace"),
                "subject": str(message["subject"] or ""),
                "headers": [[k, str(v)] for k, v in message.items()],
                "text": parts["text/plain"],
                "html": parts["text/html"],
            }
            tmp = os.path.join(self.folder, f".{n}.tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
            os.rename(tmp, os.path.join(self.folder, f"{n}.json"))
        return "250 Message accepted"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
