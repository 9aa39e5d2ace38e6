/**
 * The structural rules Bedrock enforces on a Converse request that a local endpoint would otherwise let
 * through: roles alternate starting with the user, every tool result answers a tool use of the
 * assistant turn just before it (and every tool use gets a result), at most 4 cache points, tool specs
 * carry a JSON Schema object.
 */
type Block = Record<string, unknown>;
type Msg = { role: string; content: Block[] };

/** Returns the rule broken, or undefined when the request is well formed. */
export function converseShapeError(body: Record<string, unknown>): string | undefined {
  const messages = body.messages as Msg[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0) return 'no messages';
  let cachePoints = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== (i % 2 === 0 ? 'user' : 'assistant')) return `message ${i} has role ${m.role}`;
    if (!Array.isArray(m.content) || m.content.length === 0) return `message ${i} is empty`;
    cachePoints += m.content.filter((b) => 'cachePoint' in b).length;
    const results = m.content
      .filter((b) => 'toolResult' in b)
      .map((b) => (b.toolResult as { toolUseId: string }).toolUseId);
    const uses = (messages[i - 1]?.content ?? [])
      .filter((b) => 'toolUse' in b)
      .map((b) => (b.toolUse as { toolUseId: string }).toolUseId);
    if (m.role === 'user' && (results.length > 0 || uses.length > 0)) {
      if ([...results].sort().join() !== [...uses].sort().join())
        return `message ${i} results do not answer the tool uses`;
    }
    for (const b of m.content) {
      if ('toolUse' in b) {
        const input = (b.toolUse as { input: unknown }).input;
        if (typeof input !== 'object' || input === null || Array.isArray(input))
          return `message ${i} tool input is not an object`;
      }
    }
  }
  const system = (body.system as Block[] | undefined) ?? [];
  cachePoints += system.filter((b) => 'cachePoint' in b).length;
  const tools = ((body.toolConfig as { tools?: Block[] } | undefined)?.tools ?? []) as Block[];
  cachePoints += tools.filter((b) => 'cachePoint' in b).length;
  for (const t of tools) {
    if ('toolSpec' in t) {
      const json = (t.toolSpec as { inputSchema?: { json?: { type?: unknown } } }).inputSchema?.json;
      if (json?.type !== 'object') return 'a tool schema is not an object schema';
    }
  }
  if (cachePoints > 4) return `${cachePoints} cache points`;
  return undefined;
}
