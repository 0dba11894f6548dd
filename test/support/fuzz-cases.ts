/**
 * Hostile requests generated from an OpenAPI document: for each operation, wrong types,
 * missing and extra fields, 1 MB strings, 10,000-deep nesting, NUL characters, invalid UTF-8,
 * huge and negative numbers, and ids that are not UUIDs. A route added to the api is fuzzed
 * by the same rules without anyone writing its cases.
 */

export interface Operation {
  method: string;
  path: string;
  op: OpenApiOperation;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One request to make: the path with its parameters filled in, and a body as bytes. */
export interface FuzzCase {
  label: string;
  path: string;
  body?: Buffer;
  contentType?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m] })),
  );
}

const FIXED_UUID = '00000000-0000-4000-8000-000000000000';
const MB = 1024 * 1024;

export class CaseBuilder {
  constructor(
    private readonly doc: OpenApiDocument,
    /** Real values for path parameters: (path, name) → a value that exists in the seeded academy. */
    private readonly realValue: (path: string, name: string) => string | undefined,
  ) {}

  resolve(schema: Schema | undefined, seen = new Set<string>()): Schema {
    if (!schema) return {};
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      if (seen.has(name)) return {};
      return this.resolve(this.doc.components?.schemas?.[name], new Set([...seen, name]));
    }
    if (schema.allOf?.length) {
      return schema.allOf.map((s) => this.resolve(s, seen)).reduce((a, b) => ({
        ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])],
      }), {} as Schema);
    }
    const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
    if (alternative && !schema.type) return { ...this.resolve(alternative, seen), example: schema.example };
    return schema;
  }

  /** A plausible value for a schema: its example, default or first enum value, else one of its type. */
  sample(schema: Schema | undefined, depth = 0): unknown {
    const s = this.resolve(schema);
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum?.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'integer' || type === 'number') return s.minimum ?? 1;
    if (type === 'boolean') return true;
    if (type === 'array') return depth > 4 ? [] : [this.sample(s.items, depth + 1)];
    if (type === 'object' || s.properties) {
      if (depth > 4) return {};
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, this.sample(v, depth + 1)]));
    }
    if (s.format === 'uuid') return FIXED_UUID;
    if (s.format === 'email') return 'fuzz@tirana.example';
    if (s.format === 'date-time') return '2023-01-17T10:00:00Z';
    if (s.format === 'date') return '2023-01-17';
    return 'fuzz';
  }

  /** Every case of one operation; `full` false: only those that exercise parsing and the guard. */
  cases(operation: Operation, full: boolean): FuzzCase[] {
    const { op } = operation;
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
    const fill = (value: (name: string) => string) =>
      operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
    const real = fill((name) => this.realValue(operation.path, name) ?? FIXED_UUID);
    const out: FuzzCase[] = [{ label: 'real ids, no body', path: real }];

    // Path parameters that are not what they should be.
    if (pathParams.length) {
      for (const [label, value] of [
        ['non-uuid id', 'not-a-uuid'], ['NUL in id', 'a\u0000b'], ['unknown uuid', FIXED_UUID], ['10,000-character id', 'x'.repeat(10_000)],
        ['negative number as id', '-1e308'],
      ] as const) {
        if (!full && label !== 'non-uuid id') continue;
        out.push({ label, path: fill(() => value) });
      }
    }

    // Query parameters with wrong types and out-of-range values, and one nobody expects.
    const query = params.filter((p) => p.in === 'query');
    if (full) {
      for (const p of query) {
        for (const [label, value] of [
          ['text', 'abc'], ['1e20', '1e20'], ['negative', '-1'], ['NUL', '%00'], ['repeated', `1&${p.name}=2`],
        ]) {
          const raw = label === 'NUL' || label === 'repeated' ? value : encodeURIComponent(value);
          out.push({ label: `query ${p.name}: ${label}`, path: `${real}?${p.name}=${raw}` });
        }
      }
      out.push({ label: 'unknown query parameter', path: `${real}?fuzzUnknown=1&__proto__[x]=1` });
    }

    // Bodies, by what the operation consumes.
    const content = op.requestBody?.content ?? {};
    const json = content['application/json'];
    const withBody = ['POST', 'PUT', 'PATCH'].includes(operation.method) || Object.keys(content).length > 0;
    const raw = (label: string, body: Buffer | string, contentType = 'application/json'): FuzzCase => ({
      label, path: real, body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType,
    });
    const asJson = (label: string, value: unknown) => raw(label, JSON.stringify(value));
    if (withBody) {
      out.push(raw('10,000-deep arrays', '['.repeat(10_000) + ']'.repeat(10_000)));
      out.push(raw('10,000-deep objects', '{"a":'.repeat(10_000) + '0' + '}'.repeat(10_000)));
      out.push(raw('invalid UTF-8', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')])));
      out.push(raw('NUL escaped in JSON', '{"a":"\\u0000","b":["\\u0000"]}'));
      if (full) {
        out.push(raw('malformed JSON', '{"a":'));
        out.push(raw('number 1e400', '{"a":1e400}'));
        out.push(asJson('array body', []), asJson('string body', 'fuzz'), asJson('null body', null), asJson('number body', -1e20));
        out.push(raw('prototype keys', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'));
      }
    }
    if (json && full) {
      const schema = this.resolve(json.schema);
      const base = this.sample(schema);
      const props = Object.entries(this.resolve(schema).properties ?? {}).map(([k, v]) => [k, this.resolve(v)] as const);
      const object = base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
      out.push(asJson('missing fields', {}), asJson('extra field', { ...object, fuzzExtra: 'x' }));
      const required = new Set(this.resolve(schema).required ?? []);
      let bigString = false;
      let bigArray = false;
      for (const [name, s] of props.slice(0, 12)) {
        const type = Array.isArray(s.type) ? s.type[0] : s.type;
        const wrong = type === 'string' ? 12345 : type === 'array' ? { not: 'an array' } : type === 'object' ? 'not an object' : 'not a number';
        out.push(asJson(`${name}: wrong type`, { ...object, [name]: wrong }));
        if (required.has(name)) out.push(asJson(`${name}: missing`, Object.fromEntries(Object.entries(object).filter(([k]) => k !== name))));
        if (type === 'string' || !type) {
          out.push(asJson(`${name}: NUL`, { ...object, [name]: 'fu\u0000zz' }));
          // Just under the body limit, so that it reaches validation (once per operation: they weigh).
          if (!bigString) out.push(asJson(`${name}: 900 kB string`, { ...object, [name]: 'x'.repeat(900_000) }));
          bigString = true;
        }
        if (type === 'integer' || type === 'number') {
          for (const n of [1e20, -1, 0.5, 2 ** 31]) out.push(asJson(`${name}: ${n}`, { ...object, [name]: n }));
        }
        if (type === 'array') {
          if (!bigArray) out.push(asJson(`${name}: 1,000 items`, { ...object, [name]: Array(1_000).fill(s.items ? this.sample(s.items) : 'x') }));
          bigArray = true;
          out.push(asJson(`${name}: items of the wrong type`, { ...object, [name]: [null, 7, {}, []] }));
        }
      }
      const text = props.find(([, s]) => s.type === 'string')?.[0] ?? 'fuzz';
      out.push(asJson(`${text}: 1 MB string`, { ...object, [text]: 'x'.repeat(MB) }));
    }
    if (content['multipart/form-data']) {
      const nulFile = Buffer.concat([Buffer.from('email,name\n'), Buffer.from([0, 0, 0xff, 0xfe]), Buffer.from('\n%PDF-1.4\u0000')]);
      out.push(multipart(real, 'file with NUL bytes and invalid UTF-8', { text: 'fu\u0000zz', url: '\u0000' }, nulFile));
      if (full) {
        out.push(multipart(real, 'empty file', {}, Buffer.alloc(0)));
        out.push(multipart(real, 'field name with NUL', { 'te\u0000xt': 'x' }, Buffer.from('plain')));
      }
    }
    if (content['text/csv'] || content['application/csv']) {
      out.push(raw('CSV with NUL bytes', Buffer.from('email,module\n\u0000,\u0000\n'), 'text/csv'));
      if (full) {
        out.push(raw('CSV of invalid UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0x0a, 0xc3, 0x28]), 'text/csv'));
        out.push(raw('CSV of one 1 MB line', `email,module,session,status\n${'x'.repeat(MB)}`, 'text/csv'));
      }
    }
    return full ? sample(out, MAX_CASES) : out;
  }
}

/** At most this many cases per operation and caller, so that the run stays short as the api grows. */
const MAX_CASES = 30;

/**
 * Keeps the cases every operation must get (real ids, the parsing attacks) and a
 * deterministic, evenly spread share of the rest: the same run every time.
 */
function sample(cases: FuzzCase[], max: number): FuzzCase[] {
  if (cases.length <= max) return cases;
  const always = (c: FuzzCase) => /^(real ids|non-uuid id|10,000-deep|invalid UTF-8|NUL escaped|missing fields|extra field)|1 MB string$/.test(c.label);
  const kept = cases.filter(always);
  const rest = cases.filter((c) => !always(c));
  const room = Math.max(0, max - kept.length);
  const step = rest.length / room;
  for (let i = 0; i < room; i++) kept.push(rest[Math.floor(i * step)]);
  return kept;
}

function multipart(path: string, label: string, fields: Record<string, string>, file: Buffer): FuzzCase {
  const boundary = 'fuzzboundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f\u0000.csv"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { label, path, body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
