/**
 * The simulated device's RouterOS v7 REST listener: HTTP Basic auth, `GET /rest/<menu>` returning
 * JSON rows, `POST /rest/<menu>/<command>` with a JSON body, errors as `{ error, message, detail }`.
 * Served over HTTPS when given a key and certificate, otherwise plain HTTP on loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { handleApiCommand } from './api-server.js';
import type { RosState } from './state.js';

type CheckPassword = (user: string, password: string) => boolean;

/**
 * Starts the REST listener on 127.0.0.1 and an ephemeral port.
 * @example
 * const { server, port } = await startRestServer(state, check)
 */
export async function startRestServer(
  state: RosState,
  check: CheckPassword,
  tls?: { readonly key: string | Buffer; readonly cert: string | Buffer },
): Promise<{ server: Server; port: number }> {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void serve(state, check, req, res);
  };
  const server: Server =
    tls === undefined ? createServer(onRequest) : createHttpsServer({ ...tls }, onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr !== null ? addr.port : 0 };
}

async function serve(
  state: RosState,
  check: CheckPassword,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const user = authenticate(req.headers.authorization, check);
  if (user === null) {
    res.setHeader('www-authenticate', 'Basic realm="REST API"');
    return send(401, { error: 401, message: 'Unauthorized' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) return send(413, { error: 413, message: 'Payload Too Large' });
    chunks.push(c as Buffer);
  }
  let body: Record<string, unknown> = {};
  if (chunks.length > 0) {
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return send(400, { error: 400, message: 'Bad Request', detail: 'JSON parse error' });
    }
  }
  const url = new URL(req.url ?? '/', 'http://device');
  if (!url.pathname.startsWith('/rest/')) return send(404, { error: 404, message: 'Not Found' });
  const apiPath = url.pathname.slice('/rest'.length);
  const command = req.method === 'GET' ? `${apiPath}/print` : apiPath;
  const attrs = new Map<string, string>(Object.entries(body).map(([k, v]) => [k, String(v)]));
  state.received.push({ via: 'api', user, command: `REST ${req.method} ${apiPath}` });
  const rows: Record<string, string>[] = [];
  let trap: string | null = null;
  let ret: string | null = null;
  handleApiCommand(state, user, command, attrs, [], (type, a = {}) => {
    if (type === '!re') rows.push(a);
    else if (type === '!trap') trap = a.message ?? 'failure';
    else if (type === '!done' && a.ret !== undefined) ret = a.ret;
  });
  if (trap !== null) return send(400, { error: 400, message: 'Bad Request', detail: trap });
  if (req.method === 'GET') {
    // A single-item menu (system/identity) answers with an object, as RouterOS does.
    return send(
      200,
      apiPath === '/system/identity' || apiPath === '/system/resource' ? (rows[0] ?? {}) : rows,
    );
  }
  return send(200, ret === null ? rows : { ret });
}

function authenticate(header: string | undefined, check: CheckPassword): string | null {
  if (header === undefined || !header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const user = decoded.slice(0, colon);
  // `check` compares digests, so its timing says nothing about the password.
  return check(user, decoded.slice(colon + 1)) ? user : null;
}
