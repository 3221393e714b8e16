// Every error leaves as application/problem+json (RFC 9457): a stable code, the status, a
// human detail, and for input problems the fields at fault. Never a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ClawbackError, ERRORS, InputRejected } from '../errors/index.js';

export interface ProblemField {
  readonly pointer: string;
  readonly code?: string;
  readonly detail: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly ProblemField[];
}

const TYPE_BASE = 'https://clawback.dev/problems/';

export function problemOf(
  code: keyof typeof ERRORS,
  detail: string,
  errors?: ProblemField[],
): Problem {
  const status = ERRORS[code].status;
  return {
    type: `${TYPE_BASE}${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status,
    code,
    detail,
    ...(errors === undefined ? {} : { errors }),
  };
}

function pointerOf(place: { path?: string; column?: string }): string {
  if (place.path !== undefined) return place.path.startsWith('/') ? place.path : `/${place.path}`;
  return place.column === undefined ? '' : `/${place.column}`;
}

/** Maps anything thrown in a handler to a problem; unknown errors become a bare 500. */
export function toProblem(e: unknown): { problem: Problem; internal: boolean } {
  if (e instanceof ClawbackError) {
    const fields =
      e.place.path !== undefined || e.place.column !== undefined
        ? [{ pointer: pointerOf(e.place), code: e.code, detail: e.reason }]
        : undefined;
    return { problem: problemOf(e.code, e.message, fields), internal: e.code === 'CB_E_INTERNAL' };
  }
  if (e instanceof InputRejected) {
    const first = e.errors[0];
    return {
      problem: problemOf(
        first?.code ?? 'CB_E_BAD_DOCUMENT',
        `${e.errors.length} problem(s) in the input`,
        e.errors.map((x) => ({ pointer: pointerOf(x.place), code: x.code, detail: x.message })),
      ),
      internal: false,
    };
  }
  const fe = e as Partial<FastifyError> & {
    validation?: {
      instancePath: string;
      message?: string;
      params?: Record<string, unknown>;
      keyword: string;
    }[];
  };
  if (Array.isArray(fe.validation)) {
    const errors = fe.validation.map((v) => {
      const extra =
        v.keyword === 'additionalProperties'
          ? `/${String(v.params?.additionalProperty ?? '')}`
          : '';
      const detail =
        v.keyword === 'additionalProperties' ? 'unknown field' : (v.message ?? 'invalid');
      return {
        pointer: `${v.instancePath}${extra}`,
        code: v.keyword === 'additionalProperties' ? 'CB_E_UNKNOWN_FIELD' : 'CB_E_BAD_TYPE',
        detail,
      };
    });
    const where = (fe as { validationContext?: string }).validationContext ?? 'body';
    return {
      problem: problemOf(
        'CB_E_BAD_DOCUMENT',
        `invalid ${where}: ${errors.map((x) => `${x.pointer || '/'} ${x.detail}`).join('; ')}`,
        errors,
      ),
      internal: false,
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        problem: problemOf('CB_E_BODY_TOO_LARGE', fe.message ?? 'request body too large'),
        internal: false,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        problem: problemOf('CB_E_UNSUPPORTED_MEDIA', fe.message ?? 'unsupported content type'),
        internal: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        problem: problemOf('CB_E_MALFORMED_JSON', `malformed JSON: ${fe.message ?? ''}`),
        internal: false,
      };
  }
  if (fe.statusCode === 429)
    return {
      problem: problemOf('CB_E_RATE_LIMITED', fe.message ?? 'rate limit reached'),
      internal: false,
    };
  if (fe instanceof SyntaxError || fe.statusCode === 400)
    return {
      problem: problemOf('CB_E_MALFORMED_JSON', `malformed request: ${fe.message ?? ''}`),
      internal: false,
    };
  return {
    problem: problemOf('CB_E_INTERNAL', 'internal error (logged with the request id)'),
    internal: true,
  };
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  e: unknown,
): FastifyReply {
  const { problem, internal } = toProblem(e);
  if (internal) request.log.error({ err: e }, 'internal error');
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({ ...problem, instance: request.id });
}
