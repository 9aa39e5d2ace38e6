/**
 * `airlock`: the root export holds what every module shares (errors). Each primitive has its own
 * subpath: `airlock/envelope`, `airlock/classifier`, `airlock/trust`, `airlock/gate`, `airlock/redact`,
 * `airlock/audit`, `airlock/agent`, `airlock/transports`.
 */

export type { AirlockErrorOptions, ErrorDetails, Fault } from './errors.js';
export {
  AirlockError,
  ConfigError,
  describeValue,
  isAirlockError,
  RemoteError,
  TamperError,
  UsageError,
} from './errors.js';
