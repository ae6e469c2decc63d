// Every error code the API answers with (`{error: {code, message, fields?}}`), its HTTP status
// and when it happens: the one table behind the OpenAPI document's ErrorCode component and
// docs/error-codes.md. test/unit/error-codes.test.ts reads the source for every code thrown and
// fails when one is missing here, or when a code here is thrown nowhere.

export interface ErrorCodeInfo {
  /** The HTTP statuses it comes with (a few codes mean the same under two statuses). */
  status: readonly number[];
  /** When it happens, for a client developer or an operator. */
  when: string;
}

export const ERROR_CODES: Readonly<Record<string, ErrorCodeInfo>> = {
  // ---- the request itself
  BAD_REQUEST: { status: [400], when: 'The body or a query parameter does not match the schema; `fields` names each bad field.' },
  VALIDATION_FAILED: {
    status: [400],
    when: 'Filing values failed validation (SPEC §3): unknown field, not a number, too many decimals, negative, too large, a 其中 item above its parent, missing on submit. Nothing was stored; `fields` names each.',
  },
  WARNINGS_UNCONFIRMED: {
    status: [422],
    when: 'A submission has warnings (a value moved more than 10×) not confirmed with `confirmWarnings: true`. Nothing was stored.',
  },
  INVALID_JSON: { status: [400], when: 'The body is not valid JSON.' },
  EMPTY_BODY: { status: [400], when: 'The request needs a body and has none.' },
  DUPLICATE_FIELD: { status: [400], when: 'A form-encoded filing names the same field twice.' },
  BAD_IF_MATCH: { status: [400], when: 'If-Match is not a version like "3".' },
  UNSUPPORTED_MEDIA_TYPE: { status: [415], when: 'Content-Type is neither application/json nor (for filings) application/x-www-form-urlencoded.' },
  PAYLOAD_TOO_LARGE: { status: [413], when: 'The body is larger than the limit (MAX_BODY_BYTES; larger for imports and table exports).' },
  METHOD_NOT_ALLOWED: { status: [405], when: 'The path exists but not with this method; the Allow header lists the methods it takes.' },
  NOT_FOUND: { status: [404], when: 'No such API path, page or resource.' },
  // ---- identifiers and parameters
  INVALID_PERIOD: {
    status: [400],
    when: 'A period is malformed or of the wrong kind for the program (quarters like 2020Q3 for bases, years like 2020 for platforms and carriers).',
  },
  INVALID_PROGRAM: { status: [400], when: '`?program=` is not bases, platforms or carriers.' },
  INVALID_SCOPE: { status: [400], when: '`?scope=` is not a scope of the program (all, city:…, level:…, cohort:…, tier:…).' },
  INVALID_BASE_ID: { status: [400], when: 'A base id is not 3–40 lower-case letters, digits or hyphens.' },
  INVALID_PLATFORM_ID: { status: [400], when: 'A platform id is malformed.' },
  INVALID_CARRIER_ID: { status: [400], when: 'A carrier id is malformed.' },
  INVALID_COMPARE: { status: [400], when: "A bulletin's `compare` is not a period of the same kind." },
  INVALID_COHORT: { status: [400], when: "A bulletin's `cohort` is empty or too long." },
  INVALID_TOP: { status: [400], when: "A bulletin's `top` is not a small whole number (or, for platforms, three of them)." },
  INVALID_PARAMETER: { status: [400], when: 'A parameter the platform or carrier bulletin does not take.' },
  INVALID_LEVEL: { status: [400], when: 'A designation level is not national or provincial.' },
  INVALID_DESIGNATION: { status: [400], when: 'A designation key is not {year}-{level}.' },
  // ---- who may do what
  UNAUTHORIZED: { status: [401], when: 'No token, an unknown, revoked or expired token or session.' },
  INVALID_CREDENTIALS: { status: [401], when: 'Wrong account name or password.' },
  FORBIDDEN: { status: [403], when: "The token's role may not do this, or not for this base, platform, carrier or city." },
  ACCOUNT_DISABLED: { status: [403], when: 'The account was disabled by an administrator.' },
  ACCOUNT_LOCKED: { status: [423], when: 'Too many wrong passwords: the account is locked until Retry-After (or an admin unlocks it).' },
  PERIOD_NOT_OPEN: { status: [403], when: "The period's schedule has not opened yet (only an admin may write)." },
  PERIOD_CLOSED: { status: [403], when: "The period's schedule has closed (only an admin may write)." },
  // ---- things that do not exist
  BASE_NOT_FOUND: { status: [404, 400], when: 'No base with this id (400 when a token or account names it).' },
  PLATFORM_NOT_FOUND: { status: [404, 400], when: 'No window platform with this id (400 when a token or account names it).' },
  CARRIER_NOT_FOUND: { status: [404, 400], when: 'No featured carrier with this id (400 when a token or account names it).' },
  CITY_NOT_FOUND: { status: [404], when: 'The city is not a 市州 of the province.' },
  FILING_NOT_FOUND: { status: [404], when: 'The entity has not filed this period.' },
  TOKEN_NOT_FOUND: { status: [404], when: 'No token with this id.' },
  ACCOUNT_NOT_FOUND: { status: [404], when: 'No account with this name.' },
  PLAN_NOT_FOUND: { status: [404, 409], when: 'No build plan for the year, or no plan for the carrier (409 when a carrier files before its plan exists).' },
  NO_DATA: { status: [404], when: 'Nothing has been submitted for the period: no bulletin to export.' },
  EXPORT_JOB_NOT_FOUND: { status: [404], when: 'No national export job with this id.' },
  NO_DOCUMENT: { status: [404], when: 'The carrier has no filing for the year: no self-assessment to export.' },
  // ---- the state does not allow it
  VERSION_CONFLICT: { status: [409], when: 'If-Match names an older version: someone saved first. Nothing was changed; reload and retry.' },
  CONCURRENT_UPDATE: { status: [409], when: 'Two writes of the same registry item or account crossed. Nothing was changed; retry.' },
  INVALID_TRANSITION: { status: [409], when: "The review action does not apply to the filing's status (e.g. accept a draft)." },
  FILING_LOCKED: { status: [409], when: 'The filing was accepted; only an admin can reopen it.' },
  NO_FILING: { status: [409], when: 'A review of a filing that has never been submitted.' },
  BASE_NOT_ACTIVE: { status: [409], when: 'The base is not expected to file this period (activeFrom/activeTo).' },
  PLATFORM_NOT_ACTIVE: { status: [409], when: 'The platform is not expected to file this year.' },
  CARRIER_NOT_ACTIVE: { status: [409], when: 'The carrier is not expected to file this year.' },
  ACCOUNT_EXISTS: { status: [409], when: 'An account with this name exists.' },
  NOT_AN_ACCOUNT: { status: [400], when: "A password change with a token that is not an account's session." },
  IMPORT_STALE: {
    status: [409],
    when: "A registry import confirmed with the preview's `previewedAt`, but rows' entities were edited after the preview (named in the message). Nothing was written; preview again.",
  },
  IMPORT_CONFLICT: {
    status: [409],
    when: 'A registry import met a concurrent edit part-way; every chunk already written was rolled back. Nothing was imported; preview again.',
  },
  IMPORT_IN_PROGRESS: { status: [409], when: 'Another import of the same registry is running (its lease has not run out). Try again shortly.' },
  IMPORT_TAKEN_OVER: { status: [409], when: 'This import stalled past its lease and was rolled back by another request. Nothing was imported; import again.' },
  NATIONAL_SCOPE: {
    status: [400],
    when: "In a national deployment (PROVINCE=全国), a national admin asked for a province-wide report without naming the province (`scope=province:…` or `city:<省>/<市>`); all/level/cohort are the async national export's.",
  },
  PROGRAM_NOT_IN_NATIONAL_DEPLOYMENT: {
    status: [400],
    when: 'A national deployment runs the bases only: window-platform and featured-carrier routes, queries, tokens and accounts are refused.',
  },
  IMPORT_NOT_IN_NATIONAL_DEPLOYMENT: {
    status: [400],
    when: 'A national deployment has no registry import yet (the file has no 省份 column): register bases one by one with PUT /api/bases/{baseId}.',
  },
  NOT_NATIONAL: { status: [400], when: 'A national bulletin was asked of a single-province deployment (it exists only with PROVINCE=全国).' },
  // ---- files
  INVALID_XLSX: { status: [400], when: 'The uploaded file is not a readable .xlsx (or not the template of this filing).' },
  NOT_CSV: { status: [400], when: 'The registry import is neither CSV (UTF-8 or GB18030) nor .xlsx.' },
  EMPTY_FILE: { status: [400], when: 'The uploaded file is empty.' },
  FILE_TOO_LARGE: { status: [400], when: 'The uploaded file is larger than 2 MB.' },
  TOO_MANY_ROWS: { status: [400], when: 'The import has more rows than allowed.' },
  IMPORT_REFUSED: { status: [400], when: 'Rows of the import have errors: nothing was imported (all or nothing); `fields` names the rows.' },
  // ---- the server
  SERVICE_UNAVAILABLE: { status: [503], when: 'DynamoDB throttled or timed out beyond the retries. Nothing half-written; retry after Retry-After.' },
  INTERNAL: { status: [500], when: 'An unexpected error. The response says nothing more; the log line with the same x-request-id has the stack.' },
};

/** docs/error-codes.md, generated from ERROR_CODES (test/unit/error-codes.test.ts keeps the file in sync). */
export function errorCodesMarkdown(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${e.status.join(', ')} | ${e.when.replace(/\|/g, '\\|')} |`);
  return [
    '# Error codes',
    '',
    '<!-- Generated from shared/error-codes.ts: edit that file, then run `npx tsx shared/error-codes.ts > docs/error-codes.md`. -->',
    '',
    'Every error response is `{"error": {"code", "message", "fields"?}}` (SPEC §5): `code` is stable, for programs;',
    '`message` is Chinese, for people; `fields` maps each bad field to its message. Every response also carries',
    '`x-request-id`: quote it when reporting a problem; the logs of that request carry it as `correlation_id`.',
    '',
    '| code | HTTP status | when |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

// `npx tsx shared/error-codes.ts > docs/error-codes.md`
if (typeof process !== 'undefined' && process.argv[1] && /error-codes\.ts$/.test(process.argv[1])) process.stdout.write(errorCodesMarkdown());
