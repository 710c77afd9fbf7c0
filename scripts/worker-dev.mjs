// `wrangler dev` for the local stack, through wrangler's own dev-server API (the one the CLI
// uses), so one setting the CLI does not offer can be chosen: whether the DevTools inspector is
// attached to the worker.
//
//   node scripts/worker-dev.mjs --port 8787 [--ip 127.0.0.1] [--persist-to DIR] [--env-file FILE] [--inspector]
//
// Why: the CLI always attaches wrangler's inspector and enables its Network domain, so the
// runtime reports every subrequest to DevTools. Measured on loopback, that added about 2 ms to
// each call the worker makes to PostgREST, more than the worker's own work; Cloudflare's edge
// attaches no inspector. `make dev` keeps it (--inspector: breakpoints and the Network tab work);
// `make test` and `make bench` run without it. Everything else (build command from
// wrangler.toml, bindings, secrets from the env file, local mode, request log) is as `wrangler dev`.
import { unstable_startWorker } from "wrangler";

function parseArgs(argv) {
  const options = { ip: "127.0.0.1", inspector: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case "--port": options.port = Number(value()); break;
      case "--ip": options.ip = value(); break;
      case "--persist-to": options.persistTo = value(); break;
      case "--env-file": options.envFile = value(); break;
      case "--inspector": options.inspector = true; break;
      default: throw new Error(`unknown option ${name}`);
    }
  }
  if (!Number.isInteger(options.port)) throw new Error("--port is required");
  return options;
}

const options = parseArgs(process.argv.slice(2));
const worker = await unstable_startWorker({
  config: "wrangler.toml",
  envFiles: options.envFile ? [options.envFile] : undefined,
  dev: {
    remote: false,
    server: { hostname: options.ip, port: options.port },
    // undefined: wrangler's default, an inspector on a free port.
    inspector: options.inspector ? undefined : false,
    persist: options.persistTo,
    logLevel: "log",
  },
});
await worker.ready;
console.log(`worker-dev: ready on http://${options.ip}:${options.port} (DevTools inspector ${options.inspector ? "attached" : "off"})`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await worker.dispose().catch((err) => console.error(`worker-dev: stopping: ${err}`));
    process.exit(0);
  });
}
