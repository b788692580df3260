"""TLS termination for CONNECT: a throwaway CA and one leaf certificate per host, chosen by SNI.

Leaves are issued lazily the first time a host is asked for and cached, so a farm of 5,000 hosts
does not mint 5,000 certificates at start.
"""

from __future__ import annotations

import ssl
import threading

import trustme


class CertAuthority:
    def __init__(self) -> None:
        self._ca = trustme.CA(organization_name="ogpcrawl farm (throwaway)")
        self._leaves: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()
        self.server_context = self._new_context()
        self.server_context.sni_callback = self._pick
        # a client that sends no SNI still gets some certificate (it will not verify)
        self._ca.issue_cert("farm.invalid").configure_cert(self.server_context)

    @property
    def cert_pem(self) -> bytes:
        return self._ca.cert_pem.bytes()

    def write_cert(self, path: str) -> None:
        self._ca.cert_pem.write_to_path(path)

    def trust(self, ctx: ssl.SSLContext) -> None:
        self._ca.configure_trust(ctx)

    @staticmethod
    def _new_context() -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    def context_for(self, host: str) -> ssl.SSLContext:
        host = host.lower()
        with self._lock:
            ctx = self._leaves.get(host)
            if ctx is None:
                ctx = self._new_context()
                self._ca.issue_cert(host).configure_cert(ctx)
                if len(self._leaves) > 10000:
                    self._leaves.clear()
                self._leaves[host] = ctx
            return ctx

    def _pick(self, sslobj: ssl.SSLObject, server_name: str | None, _ctx: ssl.SSLContext) -> None:
        if server_name:
            sslobj.context = self.context_for(server_name)
