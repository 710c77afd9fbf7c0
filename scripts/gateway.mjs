// A local stand-in for Supabase's API gateway (Kong): serves PostgREST under /rest/v1, as
// Supabase does, so SUPABASE_URL means the same thing locally and in production.
//
//   node scripts/gateway.mjs LISTEN_PORT UPSTREAM_URL [JWKS_FILE]
//
// Like Supabase's gateway it strips the /rest/v1 prefix, refuses a request without an `apikey`
// header (401), and answers 502 when PostgREST cannot be reached. Everything else (JWT checks,
// roles, RLS) is PostgREST's and the database's business. No dependencies beyond Node itself.
// With JWKS_FILE it serves it at /auth/v1/.well-known/jwks.json, where Supabase publishes the
// public keys of its asymmetric JWT signing keys.
//
// For tests it also logs one line per request (`request_id=<x-request-id> METHOD path`), so a
// test can prove a request never reached the database API, and takes
// `POST /__gateway/delay?ms=N` to hold every later request N ms (an upstream-slow drill).
import fs from "node:fs";
import http from "node:http";

const [port, upstreamUrl, jwksFile] = process.argv.slice(2);
if (!port || !upstreamUrl) {
  console.error("usage: node scripts/gateway.mjs LISTEN_PORT UPSTREAM_URL");
  process.exit(2);
}
const upstream = new URL(upstreamUrl);
const PREFIX = "/rest/v1";

function reply(res, status, message) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ message }));
}

let delayMs = 0;

const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url.startsWith("/__gateway/delay")) {
    delayMs = Number(new URL(req.url, "http://x").searchParams.get("ms") ?? 0) || 0;
    return reply(res, 200, `delay ${delayMs} ms`);
  }
  if (req.method === "GET" && req.url === "/auth/v1/.well-known/jwks.json" && jwksFile) {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(fs.readFileSync(jwksFile));
  }
  console.log(`request_id=${req.headers["x-request-id"] ?? "-"} ${req.method} ${req.url.split("?")[0]}`);
  if (delayMs > 0) {
    return setTimeout(() => forward(req, res), delayMs);
  }
  forward(req, res);
});

function forward(req, res) {
  if (req.url !== PREFIX && !req.url.startsWith(PREFIX + "/") && !req.url.startsWith(PREFIX + "?")) {
    return reply(res, 404, "no Route matched with those values");
  }
  if (!req.headers["apikey"]) {
    return reply(res, 401, "No API key found in request");
  }
  const path = req.url.slice(PREFIX.length) || "/";
  const headers = { ...req.headers, host: upstream.host };
  const proxied = http.request(
    { hostname: upstream.hostname, port: upstream.port, method: req.method, path: path.startsWith("/") ? path : "/" + path, headers },
    (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    },
  );
  proxied.on("error", () => {
    if (!res.headersSent) reply(res, 502, "An invalid response was received from the upstream server");
    else res.destroy();
  });
  req.pipe(proxied);
}

server.keepAliveTimeout = 65_000;
server.listen(Number(port), "127.0.0.1", () => {
  console.log(`gateway: http://127.0.0.1:${port}${PREFIX} -> ${upstream.origin}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
