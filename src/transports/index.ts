/**
 * `airlock/transports`: how commands reach devices. One contract (`DeviceTransport`), an SSH
 * transport with pinned host keys, a RouterOS API transport, a simulated RouterOS device for tests
 * and demos, and asciicast v2 session recording.
 */
export { algorithmPreset, type SshAlgorithms } from './algorithms.js';
export type { TransportErrorCode } from './errors.js';
export {
  type HostKeyVerdict,
  hashKnownHostsName,
  type KnownHostEntry,
  knownHostsLine,
  knownHostsName,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
export {
  type AsciicastOptions,
  type AsciicastRecorder,
  createAsciicastRecorder,
  type RecordingSealer,
  recordTransport,
} from './recording.js';
export { cliToApiWords } from './routeros-api/cli-to-api.js';
export {
  type ApiReply,
  createRouterOsApiTransport,
  type RouterOsApiOptions,
  type RouterOsApiTransport,
} from './routeros-api/client.js';
export {
  createRouterOsRestTransport,
  type RouterOsRestOptions,
} from './routeros-api/rest.js';
export { encodeSentence, SentenceDecoder } from './routeros-api/words.js';
export { type SimulatedRouterOS, startSimulatedRouterOS } from './simulator/index.js';
export {
  type ReceivedCommand,
  type RosItem,
  type RosLogEntry,
  type RosMenu,
  type RosState,
  SEEDED_SECRETS,
  type SeededFault,
  type SeedOptions,
  type SimulatedUser,
} from './simulator/state.js';
export { createSshTransport, type KnownHostsSource, type SshTransportOptions } from './ssh.js';
export {
  type Credential,
  type DeviceTransport,
  EXEC_DEFAULTS,
  type ExecOptions,
  type ExecResult,
  type TransportEvents,
} from './types.js';
