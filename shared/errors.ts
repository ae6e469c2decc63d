// Named errors. Each carries a stable program code and a Chinese message for people;
// `toHttpError` in shared/http.ts is the one place that maps them to HTTP.

export type FieldMessages = Record<string, string>;

/** The body of every error response (shared/http.ts toHttpError); the web app reads it (web/src/api.ts). */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldMessages };
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: FieldMessages,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input failed validation; nothing was stored. `fields` maps field code → Chinese message. */
export class ValidationError extends AppError {
  readonly status = 400;
  constructor(fields: FieldMessages, message = '填报内容有误,请按提示修改后重新提交', code = 'VALIDATION_FAILED') {
    super(code, message, fields);
  }
}

/**
 * A program a national deployment (PROVINCE=全国) does not run: window platforms and featured
 * carriers name no province, so their filings would mix provinces (README "National deployment").
 */
export class ProgramNotNationalError extends AppError {
  readonly status = 400;
  constructor(programLabel: string) {
    super('PROGRAM_NOT_IN_NATIONAL_DEPLOYMENT', `全国部署只报送创业创新基地:${programLabel}未区分省份,请在本省的部署中登记和报送`);
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
  constructor(code: string, message: string, fields?: FieldMessages) {
    super(code, message, fields);
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  constructor(message = '未登录或令牌无效', code = 'UNAUTHORIZED') {
    super(code, message);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(message = '无权访问该资源', code = 'FORBIDDEN') {
    super(code, message);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  constructor(message = '未找到', code = 'NOT_FOUND') {
    super(code, message);
  }
}

export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  /** The methods the resource takes, for the Allow header a 405 must carry (RFC 9110). */
  constructor(readonly allow: readonly string[]) {
    super('METHOD_NOT_ALLOWED', '不支持该请求方法');
  }
}

/** The write conflicts with the current state (stale If-Match, locked filing, bad transition). */
export class ConflictError extends AppError {
  readonly status = 409;
  constructor(code: string, message: string, fields?: FieldMessages) {
    super(code, message, fields);
  }
}

/** The account is locked after repeated wrong passwords; `until` is when it unlocks by itself. */
export class AccountLockedError extends AppError {
  readonly status = 423;
  constructor(
    message: string,
    readonly until: string,
  ) {
    super('ACCOUNT_LOCKED', message);
  }
}

/** Submission has warnings that the filer has not confirmed; nothing was stored. */
export class WarningsUnconfirmedError extends AppError {
  readonly status = 422;
  constructor(fields: FieldMessages) {
    super('WARNINGS_UNCONFIRMED', '部分数据与上期相比变化较大,请核实后确认提交 (confirmWarnings: true)', fields);
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  constructor(limit: number) {
    super('PAYLOAD_TOO_LARGE', `请求内容过大(上限 ${limit} 字节)`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', '仅支持 application/json 或 application/x-www-form-urlencoded');
  }
}

/** The store was too busy to finish in time; safe to retry, nothing half-written. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  constructor(message = '系统繁忙,请稍后重试') {
    super('SERVICE_UNAVAILABLE', message);
  }
}
