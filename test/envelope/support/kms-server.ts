/**
 * A local AWS KMS endpoint for tests: node:http on 127.0.0.1 speaking the KMS JSON 1.1 protocol
 * (`X-Amz-Target: TrentService.<Operation>`), with KMS's real error shapes (`__type` and status code),
 * key states (Enabled, Disabled, PendingDeletion), aliases, and encryption context bound into every
 * ciphertext. It counts calls per operation and can inject throttling and internal failures.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJson } from '../../../src/internal/canonical-json.js';

type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

interface Key {
  id: string;
  arn: string;
  material: Buffer;
  state: KeyState;
  created: number;
  description: string;
  deletionDate?: number;
  pendingWindowInDays?: number;
}

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
type Handler = (input: Record<string, unknown>) => Record<string, unknown>;

export interface LocalKms {
  readonly url: string;
  readonly counts: Map<string, number>;
  /** Fails the next `n` calls of `operation` ('*' for any) with ThrottlingException or KMSInternalException. */
  failNext(operation: string, n: number, kind: 'throttle' | 'internal'): void;
  /** State of a key by id, ARN or alias (for assertions). */
  keyState(keyId: string): KeyState | undefined;
  count(operation: string): number;
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1 with an OS-assigned port. */
export async function startLocalKms(): Promise<LocalKms> {
  const keys = new Map<string, Key>();
  const aliases = new Map<string, string>();
  const counts = new Map<string, number>();
  const failures: { op: string; left: number; kind: 'throttle' | 'internal' }[] = [];

  const find = (keyId: unknown): Key => {
    if (typeof keyId !== 'string' || keyId.length === 0)
      throw new KmsError('ValidationException', 'KeyId is required');
    let id = keyId;
    if (id.startsWith(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/`)) id = id.slice(id.indexOf(':alias/') + 1);
    if (id.startsWith('alias/')) {
      const target = aliases.get(id);
      if (!target)
        throw new KmsError('NotFoundException', `Alias arn:aws:kms:${REGION}:${ACCOUNT}:${id} is not found.`);
      id = target;
    }
    if (id.startsWith('arn:')) id = id.slice(id.lastIndexOf('/') + 1);
    const key = keys.get(id);
    if (!key)
      throw new KmsError(
        'NotFoundException',
        `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}' does not exist`,
      );
    return key;
  };

  const usable = (key: Key): Key => {
    if (key.state === 'Disabled') throw new KmsError('DisabledException', `${key.arn} is disabled.`);
    if (key.state === 'PendingDeletion')
      throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    return key;
  };

  const context = (value: unknown): Buffer => {
    if (value === undefined) return Buffer.from('{}');
    if (
      typeof value !== 'object' ||
      value === null ||
      Object.values(value).some((v) => typeof v !== 'string')
    ) {
      throw new KmsError('ValidationException', 'EncryptionContext must map strings to strings');
    }
    return Buffer.from(canonicalJson(value));
  };

  const blob = (value: unknown): Buffer => {
    if (typeof value !== 'string') throw new KmsError('ValidationException', 'CiphertextBlob is required');
    return Buffer.from(value, 'base64');
  };

  const encrypt = (key: Key, plaintext: Buffer, ctx: Buffer): Buffer => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key.material, iv);
    c.setAAD(ctx);
    const ct = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
    return Buffer.concat([Buffer.from([1]), Buffer.from(key.id, 'ascii'), iv, ct]);
  };

  const decrypt = (data: Buffer, ctx: Buffer, expectedKeyId: unknown): { key: Key; plaintext: Buffer } => {
    if (data.length < 1 + 36 + 12 + 16 || data[0] !== 1) throw new KmsError('InvalidCiphertextException', '');
    const key = keys.get(data.subarray(1, 37).toString('ascii'));
    if (!key) throw new KmsError('InvalidCiphertextException', '');
    if (expectedKeyId !== undefined && find(expectedKeyId).id !== key.id) {
      throw new KmsError(
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    }
    usable(key);
    const iv = data.subarray(37, 49);
    const body = data.subarray(49);
    const d = createDecipheriv('aes-256-gcm', key.material, iv);
    d.setAAD(ctx);
    d.setAuthTag(body.subarray(body.length - 16));
    try {
      return { key, plaintext: Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]) };
    } catch {
      throw new KmsError('InvalidCiphertextException', '');
    }
  };

  const metadata = (key: Key) => ({
    AWSAccountId: ACCOUNT,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: key.created / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...(key.deletionDate !== undefined
      ? { DeletionDate: key.deletionDate / 1000, PendingDeletionWindowInDays: key.pendingWindowInDays }
      : {}),
  });

  const handlers: Record<string, Handler> = {
    CreateKey: (i) => {
      const id = randomUUID();
      const key: Key = {
        id,
        arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
        material: randomBytes(32),
        state: 'Enabled',
        created: Date.now(),
        description: typeof i.Description === 'string' ? i.Description : '',
      };
      keys.set(id, key);
      return { KeyMetadata: metadata(key) };
    },
    CreateAlias: (i) => {
      const name = i.AliasName;
      if (
        typeof name !== 'string' ||
        !/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(name) ||
        name.startsWith('alias/aws/')
      ) {
        throw new KmsError('ValidationException', 'Alias name is invalid');
      }
      const key = find(i.TargetKeyId);
      if (aliases.has(name))
        throw new KmsError(
          'AlreadyExistsException',
          `An alias with the name arn:aws:kms:${REGION}:${ACCOUNT}:${name} already exists`,
        );
      aliases.set(name, key.id);
      return {};
    },
    ListAliases: (i) => {
      const only = i.KeyId === undefined ? undefined : find(i.KeyId).id;
      const list = [...aliases].filter(([, target]) => only === undefined || target === only);
      return {
        Aliases: list.map(([name, target]) => ({
          AliasName: name,
          AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`,
          TargetKeyId: target,
        })),
        Truncated: false,
      };
    },
    DescribeKey: (i) => ({ KeyMetadata: metadata(find(i.KeyId)) }),
    GenerateDataKey: (i) => {
      const key = usable(find(i.KeyId));
      const size = i.KeySpec === 'AES_256' ? 32 : i.KeySpec === 'AES_128' ? 16 : i.NumberOfBytes;
      if (typeof size !== 'number' || size < 1 || size > 1024)
        throw new KmsError('ValidationException', 'KeySpec or NumberOfBytes is required');
      const plaintext = randomBytes(size);
      return {
        CiphertextBlob: encrypt(key, plaintext, context(i.EncryptionContext)).toString('base64'),
        Plaintext: plaintext.toString('base64'),
        KeyId: key.arn,
      };
    },
    Decrypt: (i) => {
      const { key, plaintext } = decrypt(blob(i.CiphertextBlob), context(i.EncryptionContext), i.KeyId);
      return {
        KeyId: key.arn,
        Plaintext: plaintext.toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    ReEncrypt: (i) => {
      const source = decrypt(blob(i.CiphertextBlob), context(i.SourceEncryptionContext), i.SourceKeyId);
      const dest = usable(find(i.DestinationKeyId));
      return {
        CiphertextBlob: encrypt(dest, source.plaintext, context(i.DestinationEncryptionContext)).toString(
          'base64',
        ),
        SourceKeyId: source.key.arn,
        KeyId: dest.arn,
        SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    DisableKey: (i) => {
      const key = find(i.KeyId);
      if (key.state === 'PendingDeletion')
        throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
      key.state = 'Disabled';
      return {};
    },
    ScheduleKeyDeletion: (i) => {
      const key = find(i.KeyId);
      const days = i.PendingWindowInDays ?? 30;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 7 || days > 30) {
        throw new KmsError('ValidationException', 'PendingWindowInDays must be between 7 and 30');
      }
      if (key.state === 'PendingDeletion')
        throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
      key.state = 'PendingDeletion';
      key.pendingWindowInDays = days;
      key.deletionDate = Date.now() + days * 86_400_000;
      return {
        KeyId: key.arn,
        DeletionDate: key.deletionDate / 1000,
        KeyState: key.state,
        PendingWindowInDays: days,
      };
    },
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const target = req.headers['x-amz-target'];
    const op =
      typeof target === 'string' && target.startsWith('TrentService.')
        ? target.slice('TrentService.'.length)
        : '';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    try {
      if (
        req.method !== 'POST' ||
        !String(req.headers['content-type']).startsWith('application/x-amz-json-1.1')
      ) {
        throw new KmsError('UnknownOperationException', '');
      }
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      const failure = failures.find((f) => f.left > 0 && (f.op === '*' || f.op === op));
      if (failure) {
        failure.left--;
        if (failure.kind === 'throttle') throw new KmsError('ThrottlingException', 'Rate exceeded');
        throw new KmsError('KMSInternalException', 'internal failure', 500);
      }
      const handler = Object.hasOwn(handlers, op) ? handlers[op] : undefined;
      if (!handler) throw new KmsError('UnknownOperationException', '');
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body || '{}') as Record<string, unknown>;
      } catch {
        throw new KmsError('SerializationException', 'Could not parse request body');
      }
      reply(res, 200, handler(input));
    } catch (e) {
      if (e instanceof KmsError) reply(res, e.status, { __type: e.type, message: e.message });
      else reply(res, 500, { __type: 'KMSInternalException', message: 'internal failure' });
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1_000_000) chunks.push(c);
    });
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    failNext(operation, n, kind) {
      failures.push({ op: operation, left: n, kind });
    },
    keyState(keyId) {
      try {
        return find(keyId).state;
      } catch {
        return undefined;
      }
    },
    count(operation) {
      return counts.get(operation) ?? 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
