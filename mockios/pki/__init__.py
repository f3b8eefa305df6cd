"""PKI behaviour of the mockios simulator: keys, the lab CA, enrollment dialogs and shows.

Everything uses real X.509 objects from `cryptography`. `mockios.commands.install()` registers
the PKI commands and device hook (`commands.install_extension`) after the core's own
commands, so that the PKI overrides (`no crypto pki trustpoint`) win.

Lab PKI (`lab_ca`, `scep`): root CA, issuing CA and a MITM impostor (same subject, other
key) under `<state-dir>/ca/`, shared by every device of the state dir and by
`python -m mockios ca --state-dir D ...` (`ca_cli`). Routers reach a CA by real SCEP over
HTTP (`ca_link`, `scep_client`, `mockios.scep`) at the host of `enrollment url`, resolved
through `<state-dir>/hosts.json` (`mockios.hosts`), where a fleet names the lab CA's SCEP
server (`mockios.lab_services`). That server's requests are files in
`<state-dir>/ca/requests/`, so a grant from another process reaches a running fleet; the
grant mode is `auto`, `manual` or `delay N`.

Device side: key pairs in `device.keys` (`keys.KeyPair`, persisted in
`<state-dir>/<device>/keys.json`), installed certificates in `device.running.chains`,
requests in flight in `device.pki` (`state.PkiState`). Files for `crypto pki import ...
pkcs12 flash:x.p12` live in `<state-dir>/<device>/flash/` (`filesystem.place_file`).

Factory state (`factory_trustpoints`): a new iosxe17 device ships `SLA-TrustPoint` and
`TP-self-signed-<n>` with their certificates, as real IOS-XE 17 routers do; ios15 ships
nothing, and `serve/fleet --empty` (`Device(factory_defaults=False)`) starts bare.

Environment: `MOCKIOS_KEYPOOL` (cache of pre-generated keys, default
`~/.cache/mockios/keypool`), `MOCKIOS_SLOW_4096` (seconds a 4096-bit RSA generation takes,
emulating slow hardware; the fault `keygen_delay` sets it per device). The session waits
with a non-blocking `Pause`: that CLI session is busy, as on a router, while other sessions
and devices keep answering.
"""
