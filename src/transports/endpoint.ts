/** Validation of the options every network transport shares: an options object, host, username, port. */
import { usageError } from './errors.js';

interface EndpointOptions {
  readonly host?: unknown;
  readonly username?: unknown;
  readonly port?: unknown;
}

/**
 * Checks `options`, `host`, `username` and `port` (defaulting to `defaultPort`) and returns the port.
 * `usernameWithoutColon` is for HTTP Basic auth, where a ":" would split the username.
 * @example
 * this.port = checkEndpoint(options, 22)
 */
export function checkEndpoint(
  options: EndpointOptions,
  defaultPort: number,
  { usernameWithoutColon = false } = {},
): number {
  if (options === null || typeof options !== 'object') throw usageError('"options" expected an object');
  if (typeof options.host !== 'string' || options.host.length === 0) {
    throw usageError('"host" expected a non-empty string');
  }
  const u = options.username;
  if (typeof u !== 'string' || u.length === 0 || (usernameWithoutColon && u.includes(':'))) {
    throw usageError(`"username" expected a non-empty string${usernameWithoutColon ? ' without ":"' : ''}`);
  }
  const port = options.port ?? defaultPort;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageError('"port" expected an integer from 1 to 65535');
  }
  return port;
}
