// A server type as the web app receives it over JSON (web/src/json.ts parses the API's answers):
// a bigint arrives as a number, or as a bigint where it does not fit a double exactly and the
// browser exposes the number's source text. Type-level only: the pages import it with
// `import type`, so nothing of the server reaches their bundle.

export type Wire<T> = T extends bigint ? bigint | number : T extends ReadonlyArray<infer U> ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;
