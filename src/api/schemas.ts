// JSON Schemas (TypeBox) shared by routes: they validate requests strictly (unknown fields are
// errors) and describe the API in /openapi.json.
import { type TSchema, Type } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 200 });
export const Decimal = Type.String({
  pattern: '^[0-9]+(\\.[0-9]+)?$',
  description: 'decimal in major units, e.g. "1250.00"',
});

/** A batch: a JSON array (records checked one by one, not here) or NDJSON text. */
export function batchBody(what: string) {
  return {
    content: {
      'application/json': {
        schema: Type.Array(Type.Unknown(), { description: `${what} records (formats.md fields)` }),
      },
      'application/x-ndjson': {
        schema: Type.String({ description: `one ${what} JSON object per line` }),
      },
    },
  };
}

const FieldError = Type.Object({
  pointer: Type.String({ description: 'JSON pointer inside the record' }),
  code: Type.String(),
  detail: Type.String(),
});

export const batchResult = Type.Object({
  accepted: Type.Integer({
    description: 'records taken (stored now or already stored identically)',
  }),
  stored: Type.Integer(),
  replayed: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), errors: Type.Array(FieldError) })),
});

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String(),
          code: Type.Optional(Type.String()),
          detail: Type.String(),
        }),
      ),
    ),
  },
  { description: 'application/problem+json (RFC 9457)' },
);

export function strict<T extends Record<string, TSchema>>(props: T, description?: string) {
  return Type.Object(props, {
    additionalProperties: false,
    ...(description === undefined ? {} : { description }),
  });
}
