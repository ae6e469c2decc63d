// The 接口说明 page's model: the OpenAPI document (GET /api/openapi.json) as groups of
// operations with their parameters, request body fields and answers, and the error code table.
// Pure (no DOM): test/unit/web-api-docs.test.ts runs it on the real document.

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is JSON walked by key; its shape is checked by test/unit/api-description.test.ts
type Json = Record<string, any>;

export interface DocField {
  name: string;
  type: string;
  required: boolean;
  /** Description, allowed values and limits, in one line. */
  text: string;
}

export interface DocOperation {
  method: string;
  path: string;
  summary: string;
  who: string;
  params: DocField[];
  body: { name: string; description: string; fields: DocField[] } | null;
  responses: Array<{ status: string; text: string }>;
}

export interface DocModel {
  title: string;
  version: string;
  description: string;
  groups: Array<{ name: string; description: string; operations: DocOperation[] }>;
  errors: Array<{ code: string; status: string; when: string }>;
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function typeOf(s: Json): string {
  if (!s || typeof s !== 'object') return '';
  if (s.$ref) return refName(s.$ref);
  if (s.anyOf) return (s.anyOf as Json[]).map(typeOf).join(' | ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  if (t === 'array' && s.items) return `${typeOf(s.items)}[]`;
  return t;
}

function limits(s: Json): string[] {
  const out: string[] = [];
  const one = s.anyOf ? ((s.anyOf as Json[]).find((x) => x.type !== 'null') ?? s) : s;
  if (one.enum) out.push(`取值: ${(one.enum as unknown[]).join(' / ')}`);
  if (one.minLength !== undefined && one.minLength > 0) out.push(`≥ ${one.minLength} 字`);
  if (one.maxLength !== undefined) out.push(`≤ ${one.maxLength} 字`);
  if (one.pattern) out.push(`格式 ${one.pattern}`);
  if (one.format) out.push(one.format);
  return out;
}

function fieldsOf(schema: Json, components: Json): DocField[] {
  const s = schema?.$ref ? components[refName(schema.$ref)] : schema;
  const props = (s?.properties ?? {}) as Record<string, Json>;
  const required = new Set<string>(s?.required ?? []);
  return Object.entries(props).map(([name, p]) => ({
    name,
    type: typeOf(p),
    required: required.has(name),
    text: [p.description, ...limits(p), p.properties ? `字段: ${Object.keys(p.properties).join(', ')}` : ''].filter(Boolean).join(';'),
  }));
}

export function apiDocModel(doc: Json): DocModel {
  const components = (doc.components?.schemas ?? {}) as Json;
  const responses = (doc.components?.responses ?? {}) as Json;
  const byTag = new Map<string, DocOperation[]>();
  for (const [path, ops] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(ops as Record<string, Json>)) {
      const params: DocField[] = ((op.parameters ?? []) as Json[]).map((p) => {
        const q = p.$ref ? doc.components.parameters[refName(p.$ref)] : p;
        return { name: q.name, type: `${q.in}`, required: !!q.required, text: q.description ?? '' };
      });
      const json = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
      const body = json
        ? {
            name: json.$ref ? refName(json.$ref) : 'body',
            description: (json.$ref ? components[refName(json.$ref)]?.description : json.description) ?? '',
            fields: fieldsOf(json, components),
          }
        : null;
      const answers = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => ({
        status,
        text: (r.$ref ? responses[refName(r.$ref)]?.description : r.description) ?? '',
      }));
      const tag = (op.tags?.[0] as string | undefined) ?? '其他';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        who: String(op.description ?? '').replace(/^Who: /, ''),
        params,
        body,
        responses: answers,
      });
    }
  }
  const tagText = new Map<string, string>(((doc.tags ?? []) as Json[]).map((t) => [t.name, t.description ?? '']));
  const errors = String(components.ErrorCode?.description ?? '')
    .split('\n')
    .map((l) => /^- `([A-Z0-9_]+)` \(([\d, ]+)\): (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ code: m[1]!, status: m[2]!, when: m[3]! }));
  return {
    title: doc.info?.title ?? '',
    version: doc.info?.version ?? '',
    description: doc.info?.description ?? '',
    groups: [...byTag].map(([name, operations]) => ({ name, description: tagText.get(name) ?? '', operations })),
    errors,
  };
}
