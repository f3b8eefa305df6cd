"""SCEP (RFC 8894) on the wire: the CMS messages, the HTTP client a router runs and the HTTP
server the lab CA runs.

One concept per module: `attributes` (SCEP's signed attributes and their values),
`envelope` (EnvelopedData), `signed` (SignedData with signed attributes), `ca_certs` (the
GetCACert answer), `messages` (PKCSReq, CertPoll, CertRep), `urls` (the URL IOS requests),
`client` (a router's side over HTTP), `responder` (the CA's answer to a PKIOperation) and
`http_server` (`python -m mockios ca serve`).
"""
